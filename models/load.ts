import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Issue } from '../engine/core/errors.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { compileModel } from '../engine/model/compile.ts';
import { Model } from '../engine/model/schema.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import { displayName, listShipped, loadData, loadItem, MODELS_DIR, readLock, readYaml, type VersionedKind } from './versioned.ts';

export { MODELS_DIR, readLock };

/** GEP models: a folder models/<id>/ with model.yaml, coefficients.yaml and the shared classifications it names. */
export const GEP_MODEL: VersionedKind<Model, CompiledModel> = {
  name: 'model',
  dir: '',
  file: 'model.yaml',
  read: (file, root, issues) => assembleModel(dirname(file), root, issues),
  schema: Model,
  frozen: 'published',
  // Aliases are names data may use for a key (林地 for forest), not part of what a model computes: a published
  // model accepts a new name without a new version. The names a dataset used are listed in its notes.
  hashed: withoutAliases,
  compile: (model, hash) => compileModel(model, hash),
};

/** A model folder's documents as one: model.yaml, with coefficients.yaml merged under `coefficients`. */
export function readModelData(dir: string, root = MODELS_DIR): { data: unknown; files: string[] } {
  const modelFile = join(dir, 'model.yaml');
  if (!existsSync(modelFile))
    throw new IssuesError('model', [{ code: 'file_missing', file: displayName(modelFile), message: `no model.yaml in ${dir}` }]);
  const issues: Issue[] = [];
  const files: string[] = [];
  const data = assembleModel(dir, root, issues, files);
  if (issues.length) throw new IssuesError('model', issues);
  return { data, files };
}

function assembleModel(dir: string, root: string, issues: Issue[], files: string[] = []): Record<string, unknown> {
  const read = (file: string) => {
    files.push(file);
    return (readYaml(file, issues) ?? {}) as Record<string, unknown>;
  };
  const modelFile = join(dir, 'model.yaml');
  const model = read(modelFile);
  const coefFile = join(dir, 'coefficients.yaml');
  if (existsSync(coefFile)) {
    const coefs = read(coefFile);
    const inline = (model.coefficients ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(coefs)) {
      if (k in inline)
        issues.push({
          code: 'name_clash',
          file: displayName(coefFile),
          path: k,
          message: `coefficient "${k}" is also defined in model.yaml`,
        });
    }
    model.coefficients = { ...inline, ...coefs };
  }
  // Shared classifications (models/classifications/<name>.yaml) fill a dimension's label, keys and groups.
  for (const [name, d] of Object.entries((model.dimensions ?? {}) as Record<string, Record<string, unknown>>)) {
    const cls = d?.classification;
    if (typeof cls !== 'string') continue;
    const file = join(root, 'classifications', `${cls}.yaml`);
    if (!existsSync(file)) {
      issues.push({
        code: 'classification_missing',
        file: displayName(modelFile),
        path: `dimensions.${name}`,
        message: `no classification "${cls}"`,
      });
      continue;
    }
    const c = read(file);
    delete d.classification;
    (model.dimensions as Record<string, unknown>)[name] = { label: c.label, groups: c.groups, keys: c.keys, aliases: c.aliases, ...d };
  }
  return model;
}

/** A model document without its dimensions' aliases: what the model's content hash covers. */
function withoutAliases(model: Model): Model {
  const dimensions = Object.fromEntries(Object.entries(model.dimensions).map(([n, { aliases: _, ...d }]) => [n, d]));
  return { ...model, dimensions } as Model;
}

/** Validate (all problems at once), hash the model as data, and compile it; no lock check. */
export function loadModelFromDir(dir: string): CompiledModel {
  return loadItem(GEP_MODEL, dir, { checkLock: false }).value;
}

/** A model held as data (e.g. built by a test): validated, hashed and compiled like a model folder. */
export function compileModelData(data: unknown, file = 'model'): CompiledModel {
  return loadData(GEP_MODEL, data, file);
}

/** Model ids shipped in models/ (folders with a model.yaml). */
export function listModels(): string[] {
  return listShipped(GEP_MODEL);
}

/**
 * Load a model by id (a folder in models/) or by path. A published model must match the hash recorded in
 * models/published.lock.json: a published version is frozen, and changing it needs a new version.
 */
export function loadModel(idOrPath: string): CompiledModel {
  return loadItem(GEP_MODEL, idOrPath).value;
}
