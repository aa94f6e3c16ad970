import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Issue } from '../engine/core/errors.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { compileModel } from '../engine/model/compile.ts';
import { Model } from '../engine/model/schema.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import {
  contentHash,
  displayName,
  type Item,
  type LoadOptions,
  listShipped,
  loadData,
  loadItem,
  MODELS_DIR,
  readLock,
  readYaml,
  type VersionedKind,
} from './versioned.ts';

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
  compile: (model, hash) => withNamesHash(compileModel(model, hash), model),
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
    const c = withExtensions(read(file), d.extensions, `dimensions.${name}`, displayName(modelFile), issues);
    delete d.classification;
    delete d.extensions;
    (model.dimensions as Record<string, unknown>)[name] = { label: c.label, groups: c.groups, keys: c.keys, aliases: c.aliases, ...d };
  }
  return model;
}

type Classification = { keys?: object; groups?: object; aliases?: Record<string, string[]>; extensions?: Record<string, Classification> };

/**
 * A classification with the extensions a model names laid over it (urban types for a park-city model): their keys,
 * groups and aliases added, and a name they claim (a key's label or alias) taken from the base aliases, so that each
 * name is one thing. Models that name no extension read the base alone (their hashes do not move).
 */
function withExtensions(c: Classification & Record<string, unknown>, names: unknown, path: string, file: string, issues: Issue[]) {
  const { extensions = {}, ...base } = c;
  if (names === undefined) return base;
  const wanted = Array.isArray(names) ? names.map(String) : [String(names)];
  let out: Classification & Record<string, unknown> = base;
  for (const n of wanted) {
    const ext = extensions[n];
    if (!ext) {
      issues.push({
        code: 'classification_missing',
        file,
        path: `${path}.extensions`,
        message: `no extension "${n}" (known: ${Object.keys(extensions).join(', ') || 'none'})`,
      });
      continue;
    }
    const claimed = new Set(
      [
        ...Object.values(ext.keys ?? {}).flatMap((l: { zh?: string; en?: string }) => [l.zh, l.en]),
        ...Object.values(ext.aliases ?? {}).flat(),
      ]
        .filter((x): x is string => typeof x === 'string')
        .map((x) => x.normalize('NFKC').trim().toLowerCase()),
    );
    const kept = Object.fromEntries(
      Object.entries(out.aliases ?? {}).map(([k, list]) => [k, list.filter((a) => !claimed.has(a.normalize('NFKC').trim().toLowerCase()))]),
    );
    out = {
      ...out,
      keys: { ...out.keys, ...ext.keys },
      groups: { ...out.groups, ...ext.groups },
      aliases: { ...kept, ...ext.aliases },
    };
  }
  return out;
}

/** The compiled model with the hash of its aliases, by dimension (what withoutAliases leaves out of the model hash). */
function withNamesHash(compiled: CompiledModel, model: Model): CompiledModel {
  const aliases = Object.fromEntries(Object.entries(model.dimensions).flatMap(([n, d]) => (d.aliases ? [[n, d.aliases]] : [])));
  return Object.keys(aliases).length ? { ...compiled, namesHash: contentHash(aliases) } : compiled;
}

/** A model document without its dimensions' aliases: what the model's content hash covers. */
function withoutAliases(model: Model): Model {
  const dimensions = Object.fromEntries(Object.entries(model.dimensions).map(([n, { aliases: _, ...d }]) => [n, d]));
  return { ...model, dimensions } as Model;
}

/**
 * A later version of a shipped model, kept beside it as a change of an earlier one (models/<id>/<version>.yaml:
 * `extends: <version>` and what differs), so that the earlier version stays reproducible and unchanged formulas
 * are not copied. The document is the earlier version with the change laid over it (modelVersionData), then
 * validated, hashed, locked and compiled like any model.
 */
export const GEP_MODEL_VERSION: VersionedKind<Model, CompiledModel> = {
  ...GEP_MODEL,
  file: undefined,
  read: (file, root, issues) => versionData(file, root, issues),
};

/** Named fields of a version file: laid over the earlier version by name (inputs, coefficients), by id (services), or appended (sources). */
function versionData(file: string, root: string, issues: Issue[], depth = 0): Record<string, unknown> | undefined {
  const change = readYaml(file, issues) as Record<string, unknown> | undefined;
  if (!change) return undefined;
  const dir = dirname(file);
  const from = String(change.extends ?? '');
  const head = readYaml(join(dir, 'model.yaml'), []) as { version?: string } | undefined;
  let base: Record<string, unknown> | undefined;
  if (head?.version === from) base = assembleModel(dir, root, issues);
  else if (depth < 10 && existsSync(join(dir, `${from}.yaml`))) base = versionData(join(dir, `${from}.yaml`), root, issues, depth + 1);
  else {
    issues.push({
      code: 'not_found',
      file: displayName(file),
      path: 'extends',
      message: `no version "${from}" of this model to extend (${head?.version ?? 'none'} is in model.yaml)`,
    });
    return undefined;
  }
  if (!base) return undefined;
  const { extends: _, services, sources, inputs, coefficients, ...top } = change;
  const byId = new Map(((base.services ?? []) as { id: string }[]).map((s) => [s.id, s]));
  for (const [id, fields] of Object.entries((services ?? {}) as Record<string, object>)) byId.set(id, { ...byId.get(id), ...fields, id });
  return {
    ...base,
    ...top,
    sources: [...((base.sources ?? []) as unknown[]), ...((sources ?? []) as unknown[])],
    inputs: { ...(base.inputs as object), ...(inputs as object) },
    coefficients: { ...(base.coefficients as object), ...(coefficients as object) },
    services: [...byId.values()],
  };
}

/** The versions kept beside a shipped model's model.yaml (models/<id>/<version>.yaml), ascending. */
export function modelVersions(id: string, root = MODELS_DIR): string[] {
  const dir = join(root, id);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d+\.\d+\.\d+\.yaml$/.test(f))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
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
  return loadModelItem(idOrPath).value;
}

/**
 * A model by id, path or id@version. A version kept beside the model (models/<id>/<version>.yaml) loads as
 * itself; any other id@version loads the model's own version, whose version the caller checks.
 */
export function loadModelItem(idOrPath: string, opts: LoadOptions = {}): Item<Model, CompiledModel> {
  const v = /^([a-z0-9][a-z0-9-]*)@(\d+\.\d+\.\d+)$/.exec(idOrPath);
  if (!v) return loadItem(GEP_MODEL, idOrPath, opts);
  const file = join(opts.root ?? MODELS_DIR, v[1]!, `${v[2]}.yaml`);
  return existsSync(file) ? loadItem(GEP_MODEL_VERSION, file, opts) : loadItem(GEP_MODEL, v[1]!, opts);
}
