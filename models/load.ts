import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import type { Issue } from '../engine/core/errors.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { compileModel } from '../engine/model/compile.ts';
import { Model } from '../engine/model/schema.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import { canonicalJson } from '../lib/canonical-json.ts';

export const MODELS_DIR = dirname(fileURLToPath(import.meta.url));
const LOCK_FILE = join(MODELS_DIR, 'published.lock.json');

/** A model folder holds model.yaml and, optionally, coefficients.yaml (merged under `coefficients`). */
export function readModelData(dir: string): { data: unknown; files: string[] } {
  const modelFile = join(dir, 'model.yaml');
  if (!existsSync(modelFile)) throw new IssuesError('model', [{ code: 'not_found', message: `no model.yaml in ${dir}` }]);
  const issues: Issue[] = [];
  const read = (file: string): Record<string, unknown> => {
    const doc = YAML.parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true });
    for (const e of doc.errors) issues.push({ code: 'yaml_syntax', file: rel(file), message: e.message });
    return (doc.toJS() ?? {}) as Record<string, unknown>;
  };
  const model = read(modelFile);
  const files = [modelFile];
  const coefFile = join(dir, 'coefficients.yaml');
  if (existsSync(coefFile)) {
    files.push(coefFile);
    const coefs = read(coefFile);
    const inline = (model.coefficients ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(coefs)) {
      if (k in inline)
        issues.push({ code: 'name_clash', file: rel(coefFile), path: k, message: `coefficient "${k}" is also defined in model.yaml` });
    }
    model.coefficients = { ...inline, ...coefs };
  }
  // Shared classifications (models/classifications/<name>.yaml) fill a dimension's label, keys and groups.
  for (const [name, d] of Object.entries((model.dimensions ?? {}) as Record<string, Record<string, unknown>>)) {
    const cls = d?.classification;
    if (typeof cls !== 'string') continue;
    const file = join(MODELS_DIR, 'classifications', `${cls}.yaml`);
    if (!existsSync(file)) {
      issues.push({
        code: 'classification_missing',
        file: rel(modelFile),
        path: `dimensions.${name}`,
        message: `no classification "${cls}"`,
      });
      continue;
    }
    files.push(file);
    const c = read(file);
    delete d.classification;
    (model.dimensions as Record<string, unknown>)[name] = { label: c.label, groups: c.groups, keys: c.keys, ...d };
  }
  if (issues.length) throw new IssuesError('model', issues);
  return { data: model, files };
}

/** Validate (all problems at once), hash the model as data, and compile it. */
export function loadModelFromDir(dir: string): CompiledModel {
  const { data, files } = readModelData(dir);
  return compileModelData(data, rel(files[0]!));
}

export function compileModelData(data: unknown, file = 'model'): CompiledModel {
  const parsed = Model.safeParse(data);
  if (!parsed.success) {
    throw new IssuesError(
      'model',
      parsed.error.issues.map((i) => ({ code: 'schema_invalid', file, path: i.path.join('.'), message: i.message })),
    );
  }
  return compileModel(parsed.data, modelHash(parsed.data));
}

export function modelHash(model: unknown): string {
  return createHash('sha256').update(canonicalJson(model)).digest('hex');
}

/** Model ids shipped in models/ (folders with a model.yaml). */
export function listModels(): string[] {
  return readdirSync(MODELS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(MODELS_DIR, e.name, 'model.yaml')))
    .map((e) => e.name)
    .sort();
}

/**
 * Load a model by id (a folder in models/) or by path. A published model must match the hash recorded in
 * models/published.lock.json: a published version is frozen, and changing it needs a new version.
 */
export function loadModel(idOrPath: string): CompiledModel {
  const dir = existsSync(join(MODELS_DIR, idOrPath, 'model.yaml')) ? join(MODELS_DIR, idOrPath) : resolve(idOrPath);
  const model = loadModelFromDir(dir);
  if (model.status === 'published') {
    const lock = readLock();
    const recorded = lock[model.ref];
    if (recorded === undefined) {
      throw new IssuesError('model', [
        {
          code: 'published_model_unlocked',
          file: rel(join(dir, 'model.yaml')),
          message: `${model.ref} says it is published but is not in models/published.lock.json: put the model folder in models/ and record it with "npx tsx models/lock.ts", or mark it draft`,
        },
      ]);
    }
    if (recorded !== model.hash) {
      throw new IssuesError('model', [
        {
          code: 'published_model_changed',
          file: rel(join(dir, 'model.yaml')),
          message: `${model.ref} is published and frozen, but its content changed (hash ${model.hash.slice(0, 12)}…, recorded ${recorded.slice(0, 12)}…). Publish the change as a new version.`,
        },
      ]);
    }
  }
  return model;
}

export function readLock(): Record<string, string> {
  return existsSync(LOCK_FILE) ? (JSON.parse(readFileSync(LOCK_FILE, 'utf8')) as Record<string, string>) : {};
}

function rel(file: string): string {
  return relative(process.cwd(), file) || file;
}
