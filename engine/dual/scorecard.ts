import { Dec, dec, ZERO } from '../core/decimal.ts';
import { IssuesError, type Issue } from '../core/errors.ts';
import { DUAL_INDICATORS } from './indicators.ts';
import type { Scorecard } from './scorecard-schema.ts';

export type Light = 'green' | 'yellow' | 'red' | 'none';

export interface IndicatorScore {
  indicator: string;
  value?: Dec;
  score: Dec;
  weight: Dec;
  light: Light;
}
export interface RegionScore {
  region: string;
  year: number;
  /** Weighted score over the indicators that have a value (0–100). */
  score: Dec;
  /** Share of the weights that had a value (1 = every indicator scored). */
  coverage: Dec;
  indicators: IndicatorScore[];
  rank: number;
  lights: Record<Light, number>;
}

/** Check the scorecard: known indicators, each once; floor, amber and target in order; weights positive. */
export function checkScorecard(s: Scorecard): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  s.indicators.forEach((i, n) => {
    if (!Object.hasOwn(DUAL_INDICATORS, i.indicator))
      issues.push({
        code: 'indicator_unknown',
        file: s.id,
        path: `indicators[${n}].indicator`,
        message: `unknown dual indicator "${i.indicator}" (known: ${Object.keys(DUAL_INDICATORS).join(', ')})`,
      });
    if (seen.has(i.indicator))
      issues.push({
        code: 'duplicate',
        file: s.id,
        path: `indicators[${n}].indicator`,
        message: `${i.indicator} is listed twice: list each indicator once (give it more weight instead)`,
      });
    seen.add(i.indicator);
    const [t, a, f] = [dec(i.target), dec(i.amber), dec(i.floor)];
    const ordered = i.direction === 'higher' ? f.lt(t) && a.lte(t) && a.gte(f) : f.gt(t) && a.gte(t) && a.lte(f);
    if (!ordered)
      issues.push({
        code: 'scorecard_order',
        file: s.id,
        path: `indicators[${n}]`,
        message: `${i.indicator}: with direction "${i.direction}" the floor, amber and target must be in that order${i.direction === 'higher' ? ' (floor < target, floor ≤ amber ≤ target)' : ' (floor > target, floor ≥ amber ≥ target)'}`,
      });
    if (!dec(i.weight).gt(0))
      issues.push({ code: 'not_positive', file: s.id, path: `indicators[${n}].weight`, message: 'weights are positive' });
  });
  return issues;
}

/**
 * Score every region in one year: each indicator 0–100 (linear from floor to target, clamped), weighted
 * by weight / Σ weights; a traffic light per indicator; a ranking by total score (ties share nothing:
 * broken by region id so the order is stable). An indicator without a value (growth in the first year) shows
 * no light and is left out of the weighting; `coverage` says how much of the weight was scored.
 */
export function scoreRegions(
  card: Scorecard,
  year: number,
  values: (region: string, indicator: string) => Dec | undefined,
  regions: string[],
): RegionScore[] {
  const issues = checkScorecard(card);
  if (issues.length) throw new IssuesError('model', issues);
  const total = card.indicators.reduce((a, i) => a.plus(dec(i.weight)), ZERO);
  const hundred = new Dec(100);
  const scored = regions.map((region) => {
    const lights: Record<Light, number> = { green: 0, yellow: 0, red: 0, none: 0 };
    const indicators = card.indicators.map((i): IndicatorScore => {
      const v = values(region, i.indicator);
      const weight = dec(i.weight).div(total);
      if (v === undefined) {
        lights.none++;
        return { indicator: i.indicator, score: ZERO, weight, light: 'none' };
      }
      const [t, a, f] = [dec(i.target), dec(i.amber), dec(i.floor)];
      const frac = v.minus(f).div(t.minus(f)); // works for both directions: the signs cancel
      const score = Dec.max(ZERO, Dec.min(new Dec(1), frac))
        .mul(hundred)
        .toDecimalPlaces(6, Dec.ROUND_HALF_EVEN);
      const better = (x: Dec, y: Dec) => (i.direction === 'higher' ? x.gte(y) : x.lte(y));
      const light: Light = better(v, t) ? 'green' : better(v, a) ? 'yellow' : 'red';
      lights[light]++;
      return { indicator: i.indicator, value: v, score, weight, light };
    });
    const scoredWeight = indicators.filter((x) => x.light !== 'none').reduce((acc, x) => acc.plus(x.weight), ZERO);
    const weighted = indicators.reduce((acc, x) => acc.plus(x.score.mul(x.weight)), ZERO);
    const score = scoredWeight.isZero() ? ZERO : weighted.div(scoredWeight).toDecimalPlaces(6, Dec.ROUND_HALF_EVEN);
    return { region, year, score, coverage: scoredWeight.toDecimalPlaces(6, Dec.ROUND_HALF_EVEN), indicators, rank: 0, lights };
  });
  scored.sort((x, y) => y.score.cmp(x.score) || (x.region < y.region ? -1 : 1));
  scored.forEach((s, n) => {
    s.rank = n + 1;
  });
  return scored;
}
