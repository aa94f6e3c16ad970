import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { IssuesError } from '../engine/core/errors.ts';
import { combineFactorSets } from '../engine/carbon/combine.ts';
import { compileFactorSet, type FactorSet, type FactorSetData, FactorSetSchema } from '../engine/carbon/factors.ts';
import { DEFAULTS } from './defaults.ts';
import { contentHash, listShipped, loadItem, MODELS_DIR, type VersionedKind } from './versioned.ts';

export const DEFAULT_FACTORS = DEFAULTS.carbon.factors;

/** Carbon factor sets: a folder models/<id>/ with factors.yaml (the current version) and versions/<v>/factors.yaml (earlier ones, frozen). */
export const FACTOR_SET: VersionedKind<FactorSetData, FactorSet> = {
  name: 'carbon factor set',
  dir: '',
  file: 'factors.yaml',
  schema: FactorSetSchema,
  // hashed as read (before the schema fills its defaults), as they always were: the lock holds those hashes
  hashes: 'read',
  frozen: 'published',
  compile: (data, hash, file) => {
    const { set, issues } = compileFactorSet(data, hash, file);
    if (!set) throw new IssuesError('model', issues);
    return set;
  },
};

/** Carbon factor sets shipped in models/ (folders with a factors.yaml). */
export function listFactorSets(): string[] {
  return listShipped(FACTOR_SET);
}

/** The earlier versions of a shipped set kept in models/<id>/versions/ (each frozen by the lock), sorted. */
export function earlierVersions(id: string, root = MODELS_DIR): string[] {
  const dir = join(root, id, 'versions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((v) => existsSync(join(dir, v, FACTOR_SET.file!)))
    .sort();
}

/** Read, validate (every problem listed by path) and compile a factor set, without the lock check. */
export function loadFactorSetFromDir(dir: string): FactorSet {
  return loadItem(FACTOR_SET, dir, { checkLock: false }).value;
}

const ID_AT_VERSION = /^([a-z0-9][a-z0-9-]*)@(\d+\.\d+\.\d+)$/;

/**
 * Load a factor set: an id (its current version), id@version (the current one or an earlier one kept in
 * versions/), a path, or several of these joined by commas, combined in that order of precedence (the first set
 * that has a fuel, a grid series, a process … gives it whole; engine/carbon/combine.ts). A published set must
 * match models/published.lock.json.
 */
export function loadFactorSet(spec: string = DEFAULT_FACTORS): FactorSet {
  const parts = spec.split(',').map((s) => s.trim());
  if (parts.length === 1) return loadOne(parts[0]!);
  const sets = parts.map(loadOne);
  const refs = sets.map((s) => s.ref);
  const twice = refs.find((r, n) => refs.indexOf(r) !== n);
  if (twice) throw new IssuesError('model', [{ code: 'duplicate', message: `factor set ${twice} is named twice in "${spec}"` }]);
  return combineFactorSets(sets, contentHash(sets.map((s) => ({ ref: s.ref, hash: s.hash }))));
}

function loadOne(idOrPath: string): FactorSet {
  const m = ID_AT_VERSION.exec(idOrPath);
  if (!m) return loadItem(FACTOR_SET, idOrPath).value;
  const [, id, version] = m as unknown as [string, string, string];
  // the current version's number, read before any lock check: an earlier version is loaded (and checked) on its own
  const current = loadItem(FACTOR_SET, id, { checkLock: false }).value;
  if (current.version === version) return loadItem(FACTOR_SET, id).value;
  if (earlierVersions(id).includes(version)) return loadItem(FACTOR_SET, join(MODELS_DIR, id, 'versions', version)).value;
  throw new IssuesError('model', [
    {
      code: 'not_found',
      message: `carbon factor set ${id} has no version ${version} (versions: ${[...earlierVersions(id), current.version].join(', ')})`,
    },
  ]);
}
