import type { Dec } from '../core/decimal.ts';

/** 10^0 … 10^22: every one is a float64 exactly. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * A decimal as the nearest float64, the number d.toNumber() gives (decimal.js: the shortest text of d, then
 * Number()), without writing the text: when the digits make an integer M of at most 15 digits and the exponent
 * moves it by at most 22 places, M and 10^k are both exact float64s, so M × 10^k or M / 10^k is ONE correctly
 * rounded operation, the nearest float64 to d (the fast path of decimal-to-binary conversion, Clinger 1990).
 * Other values (more digits, far exponents, zero, not finite) go through toNumber. Held to toNumber by
 * test/fast/dec-float.test.ts. The fill reads every input and coefficient through it.
 */
export function decToFloat(d: Dec): number {
  const w = d.d;
  if (!w || w[0] === 0) return d.toNumber();
  let m = w[0]!;
  // digits of the first word (decimal.js stores base-1e7 words, the first one without leading zeros)
  let digits = m >= 1e6 ? 7 : m >= 1e5 ? 6 : m >= 1e4 ? 5 : m >= 1e3 ? 4 : m >= 100 ? 3 : m >= 10 ? 2 : 1;
  if (w.length > 3) return d.toNumber();
  for (let i = 1; i < w.length; i++) {
    m = m * 1e7 + w[i]!;
    digits += 7;
  }
  if (digits > 15) return d.toNumber();
  // d = M × 10^k, where the first digit of M is at 10^e
  const k = d.e - digits + 1;
  const v = k >= 0 ? (k <= 22 ? m * POW10[k]! : Number.NaN) : k >= -22 ? m / POW10[-k]! : Number.NaN;
  if (Number.isNaN(v)) return d.toNumber();
  return d.s < 0 ? -v : v;
}
