import { IssuesError } from '../engine/core/errors.ts';
import { checkSystem, IndicatorSystem } from '../engine/index/schema.ts';
import { loadItem, type VersionedKind } from './versioned.ts';

/** The indicator system an index run uses when it names none: the park-city ecological-efficiency index. */
export const DEFAULT_INDICATOR_SYSTEM = 'park-city-efficiency';

/** Indicator systems: models/indicator-systems/<id>.yaml, frozen once shipped (lock key "indicator-systems/<id>@<version>"). */
export const INDICATOR_SYSTEM: VersionedKind<IndicatorSystem> = {
  name: 'indicator system',
  dir: 'indicator-systems',
  schema: IndicatorSystem,
  frozen: 'shipped',
  compile: (s, _hash, file) => {
    const issues = checkSystem(s, file);
    if (issues.length) throw new IssuesError('model', issues);
    return s;
  },
};

/** An indicator system by id (shipped, checked against the lock) or path, with its lock key and content hash. */
export function loadIndicatorSystem(idOrPath = DEFAULT_INDICATOR_SYSTEM): { system: IndicatorSystem; ref: string; hash: string } {
  const item = loadItem(INDICATOR_SYSTEM, idOrPath);
  return { system: item.value, ref: `${item.data.id}@${item.data.version}`, hash: item.hash };
}
