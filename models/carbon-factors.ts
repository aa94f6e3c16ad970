import { IssuesError } from '../engine/core/errors.ts';
import { compileFactorSet, type FactorSet, type FactorSetData, FactorSetSchema } from '../engine/carbon/factors.ts';
import { DEFAULTS } from './defaults.ts';
import { listShipped, loadItem, type VersionedKind } from './versioned.ts';

export const DEFAULT_FACTORS = DEFAULTS.carbon.factors;

/** Carbon factor sets: a folder models/<id>/ with factors.yaml. */
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

/** Read, validate (every problem listed by path) and compile a factor set, without the lock check. */
export function loadFactorSetFromDir(dir: string): FactorSet {
  return loadItem(FACTOR_SET, dir, { checkLock: false }).value;
}

/** Load a factor set by id (a folder in models/) or path; a published set must match models/published.lock.json. */
export function loadFactorSet(idOrPath: string = DEFAULT_FACTORS): FactorSet {
  return loadItem(FACTOR_SET, idOrPath).value;
}
