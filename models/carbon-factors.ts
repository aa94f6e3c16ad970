import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import YAML from 'yaml';
import { IssuesError } from '../engine/core/errors.ts';
import { compileFactorSet, type FactorSet } from '../engine/carbon/factors.ts';
import { MODELS_DIR, modelHash, readLock } from './load.ts';

export const DEFAULT_FACTORS = 'cn-carbon-factors';

/** Carbon factor sets: folders in models/ with a factors.yaml. */
export function listFactorSets(): string[] {
  return readdirSync(MODELS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(MODELS_DIR, e.name, 'factors.yaml')))
    .map((e) => e.name)
    .sort();
}

/** Read, validate (every problem listed by path) and compile a factor set, without the lock check. */
export function loadFactorSetFromDir(dir: string): FactorSet {
  const file = join(dir, 'factors.yaml');
  const name = relative(process.cwd(), file) || file;
  if (!existsSync(file)) throw new IssuesError('model', [{ code: 'not_found', file: name, message: `no factors.yaml in ${dir}` }]);
  const doc = YAML.parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length)
    throw new IssuesError(
      'model',
      doc.errors.map((e) => ({ code: 'yaml_syntax', file: name, message: e.message })),
    );
  const data = doc.toJS();
  const { set, issues } = compileFactorSet(data, modelHash(data), name);
  if (!set) throw new IssuesError('model', issues);
  return set;
}

/** Load a factor set by id (a folder in models/) or path; a published set must match models/published.lock.json. */
export function loadFactorSet(idOrPath: string = DEFAULT_FACTORS): FactorSet {
  const dir = existsSync(join(MODELS_DIR, idOrPath, 'factors.yaml')) ? join(MODELS_DIR, idOrPath) : resolve(idOrPath);
  const set = loadFactorSetFromDir(dir);
  if (set.status === 'published') {
    const recorded = readLock()[set.ref];
    const file = relative(process.cwd(), join(dir, 'factors.yaml'));
    if (recorded === undefined)
      throw new IssuesError('model', [
        {
          code: 'published_model_unlocked',
          file,
          message: `${set.ref} says it is published but is not in models/published.lock.json: record it with "npx tsx models/lock.ts", or mark it draft`,
        },
      ]);
    if (recorded !== set.hash)
      throw new IssuesError('model', [
        {
          code: 'published_model_changed',
          file,
          message: `${set.ref} is published and frozen, but its content changed (hash ${set.hash.slice(0, 12)}…, recorded ${recorded.slice(0, 12)}…). Publish the change as a new version.`,
        },
      ]);
  }
  return set;
}
