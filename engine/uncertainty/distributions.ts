import { type Dec, dec } from '../core/decimal.ts';
import type { Rng } from './prng.ts';

export type Distribution = 'uniform' | 'triangular' | 'normal' | 'lognormal';

/** A parameter's uncertainty. For normal and lognormal, low and high are the 2.5 % and 97.5 % quantiles. */
export interface Spread {
  distribution: Distribution;
  low: Dec;
  high: Dec;
  mode: Dec;
}

/** z of the 97.5 % quantile of the standard normal: low–high spans 95 % of a normal or lognormal. */
const Z975 = 1.959963984540054;

/**
 * One value from a spread, from one uniform number u in [0, 1) (inverse-CDF sampling, so one draw uses one
 * number per parameter and streams stay aligned). The float is turned into a Dec through a 12-significant-
 * digit string: floats serve the sampling only, never the accounting. A degenerate spread (low = high)
 * returns low exactly.
 */
export function sample(s: Spread, u: number): Dec {
  if (s.low.eq(s.high)) return s.low;
  // a Monte Carlo draw of an uncertain parameter, not an accounting value: the inverse CDF is float64, its result
  // re-enters as a 12-digit decimal (test/uncertainty.test.ts); the deterministic column never comes through here
  return dec(inverseCdf(s.distribution, s.low.toNumber(), s.high.toNumber(), s.mode.toNumber(), u).toPrecision(12));
}

/**
 * sample() for the float64 path (engine/fast): the same 12-significant-digit value, as a number; the spread's bounds
 * are read once. sampler(s)(u) is Number(sample(s, u).toString()) for every u.
 */
export function sampler(s: Spread): (u: number) => number {
  if (s.low.eq(s.high)) {
    const low = s.low.toNumber();
    return () => low;
  }
  const [a, b, c] = [s.low.toNumber(), s.high.toNumber(), s.mode.toNumber()];
  return (u) => Number(inverseCdf(s.distribution, a, b, c, u).toPrecision(12));
}

function inverseCdf(distribution: Distribution, a: number, b: number, c: number, u: number): number {
  switch (distribution) {
    case 'uniform':
      return a + u * (b - a);
    case 'triangular': {
      const f = (c - a) / (b - a);
      return u < f ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
    }
    case 'normal':
      return (a + b) / 2 + ((b - a) / (2 * Z975)) * normalQuantile(u);
    case 'lognormal': {
      const la = Math.log(a),
        lb = Math.log(b);
      return Math.exp((la + lb) / 2 + ((lb - la) / (2 * Z975)) * normalQuantile(u));
    }
  }
}

/** Draw from the stream for a spread. */
export function draw(s: Spread, rng: Rng): Dec {
  return sample(s, rng());
}

/**
 * Φ⁻¹(p): Peter J. Acklam's rational approximation (2003; relative error < 1.15 × 10⁻⁹), as reproduced in
 * e.g. Wichura's AS241 comparisons. p = 0 maps to the smallest representable tail instead of −∞.
 */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  const q0 = Math.min(Math.max(p, 1e-300), 1 - 1e-16);
  if (q0 < lo) {
    const q = Math.sqrt(-2 * Math.log(q0));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (q0 > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - q0));
    return (
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  const q = q0 - 0.5,
    r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** Quantile of sorted values, Hyndman & Fan (1996) type 7 (linear between order statistics), exact in Dec. */
export function quantile(sorted: Dec[], p: Dec): Dec {
  const n = sorted.length;
  if (n === 1) return sorted[0]!;
  const h = p.mul(n - 1);
  const lo = h.floor().toNumber(); // an index into the sorted draws, not an accounting value
  if (lo >= n - 1) return sorted[n - 1]!;
  const frac = h.minus(lo);
  return sorted[lo]!.plus(frac.mul(sorted[lo + 1]!.minus(sorted[lo]!)));
}
