import { IssuesError } from '../engine/core/errors.ts';
import { checkScorecard } from '../engine/dual/scorecard.ts';
import { Scorecard } from '../engine/dual/scorecard-schema.ts';
import { DualSpec } from '../engine/dual/spec.ts';
import { DEFAULTS } from './defaults.ts';
import { loadItem, type VersionedKind } from './versioned.ts';

export const DEFAULT_DUAL_SPEC = DEFAULTS.dual.spec;
export const DEFAULT_SCORECARD = DEFAULTS.dual.scorecard;

/** Dual-accounting specs: models/dual/<id>.yaml, frozen once shipped (lock key "dual/<id>@<version>"). */
export const DUAL_SPEC: VersionedKind<DualSpec> = { name: 'dual spec', dir: 'dual', schema: DualSpec, frozen: 'shipped' };

/** Scorecards: models/scorecards/<id>.yaml, frozen once shipped; their indicator rules are checked after the schema. */
export const SCORECARD: VersionedKind<Scorecard> = {
  name: 'scorecard',
  dir: 'scorecards',
  schema: Scorecard,
  frozen: 'shipped',
  compile: (card) => {
    const issues = checkScorecard(card);
    if (issues.length) throw new IssuesError('model', issues);
    return card;
  },
};

/** A dual-accounting spec by id (models/dual/<id>.yaml, checked against the lock) or path. */
export function loadDualSpec(idOrPath = DEFAULT_DUAL_SPEC): DualSpec {
  return loadItem(DUAL_SPEC, idOrPath).value;
}

/** A scorecard by id (models/scorecards/<id>.yaml, checked against the lock) or path. */
export function loadScorecard(idOrPath = DEFAULT_SCORECARD): Scorecard {
  return loadItem(SCORECARD, idOrPath).value;
}
