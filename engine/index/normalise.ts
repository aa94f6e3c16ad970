import { Dec, ONE, ZERO } from '../core/decimal.ts';

export type Direction = 'higher' | 'lower';

/** How one value became its normalised score, with the numbers used (what `explain` shows). */
export interface Normalised {
  value: Dec;
  /** The formula with its numbers, e.g. "(42.1 − 30) / (45 − 30) = 0.8067, within [0, 1]". */
  formula: string;
}

const clip = (x: Dec) => Dec.min(ONE, Dec.max(ZERO, x));
const s = (d: Dec) => d.toSignificantDigits(8).toString();

/**
 * Min–max over a set of values (the regions of a year, the years of a region, or every region-year):
 * (x − min)/(max − min) for an indicator where higher is better, (max − x)/(max − min) where lower is. When every
 * value of the set is equal, the indicator does not tell them apart: each gets 1.
 */
export function minMax(x: Dec, set: Dec[], direction: Direction): Normalised {
  const min = Dec.min(...set);
  const max = Dec.max(...set);
  const range = max.minus(min);
  if (range.isZero()) return { value: ONE, formula: `all ${set.length} values of the set are ${s(min)}: 1` };
  const value = direction === 'higher' ? x.minus(min).div(range) : max.minus(x).div(range);
  return {
    value,
    formula:
      direction === 'higher'
        ? `(x − min) / (max − min) = (${s(x)} − ${s(min)}) / (${s(max)} − ${s(min)}) = ${s(value)}`
        : `(max − x) / (max − min) = (${s(max)} − ${s(x)}) / (${s(max)} − ${s(min)}) = ${s(value)}`,
  };
}

/**
 * Against a target: linear from the floor (0) to the target (1), clipped to [0, 1]. For a lower-is-better indicator the
 * floor lies above the target. (The dual scorecard's rule, models/scorecards/: full marks at the target.)
 */
export function againstTarget(x: Dec, floor: Dec, target: Dec): Normalised {
  const raw = x.minus(floor).div(target.minus(floor));
  const value = clip(raw);
  return {
    value,
    formula: `(x − floor) / (target − floor) = (${s(x)} − ${s(floor)}) / (${s(target)} − ${s(floor)}) = ${s(raw)}${raw.eq(value) ? '' : `, clipped to ${s(value)}`}`,
  };
}

/**
 * Standard score over a set: (x − mean) / sd with the population standard deviation, negated where lower is better.
 * A set without spread gives 0 (every value is the mean).
 */
export function standardScore(x: Dec, set: Dec[], direction: Direction): Normalised {
  const n = set.length;
  const mean = set.reduce((a, b) => a.plus(b), ZERO).div(n);
  const sd = set
    .reduce((a, b) => a.plus(b.minus(mean).pow(2)), ZERO)
    .div(n)
    .sqrt();
  if (sd.isZero()) return { value: ZERO, formula: `all ${n} values of the set are ${s(mean)}: 0` };
  const z = x.minus(mean).div(sd);
  const value = direction === 'higher' ? z : z.neg();
  return {
    value,
    formula: `${direction === 'higher' ? '' : '−'}(x − mean) / sd = ${direction === 'higher' ? '' : '−'}(${s(x)} − ${s(mean)}) / ${s(sd)} = ${s(value)}`,
  };
}
