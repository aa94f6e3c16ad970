import { Dec, RESULT_MAX_EXPONENT, str } from '../engine/core/decimal.ts';

/**
 * Numbers of the float64 screening path as text. A float figure is printed to FLOAT_DIGITS significant digits, in
 * plain decimal notation (no exponent, no trailing zeros), so that it is not mistaken for an exact decimal with all
 * its digits: the float path is held to the exact path within 1e-9 relative (test/fast/float-agreement.test.ts,
 * test/batch-float.test.ts), so the first TRUSTED_DIGITS digits are trustworthy and the rest are float noise kept to
 * leave the rounding (≤ 5e-13 relative) well inside that bound.
 */
export const FLOAT_DIGITS = 12;
export const TRUSTED_DIGITS = 9;
/** The bound the agreement tests hold the float path to, relative to the exact figure. */
export const FLOAT_RELATIVE = 1e-9;

/**
 * `x` to FLOAT_DIGITS significant digits as plain decimal text: the text the exact serialiser gives for it,
 * `str(new Dec(x.toPrecision(FLOAT_DIGITS)))` (plain notation, no trailing zeros, "-0" as "0", the same ±1e100
 * bound as an exact value), without building a decimal: toPrecision's digits are trimmed and its exponent form
 * (|x| ≥ 1e12 or < 1e-6) written out here. toPrecision is exactly specified, so the bytes are the same on any
 * machine. Held to the exact serialiser on many values by test/float-text.test.ts.
 */
export function floatText(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  const s = x.toPrecision(FLOAT_DIGITS);
  const e = s.indexOf('e');
  if (e < 0) return trimZeros(s);
  const exp = +s.slice(e + 1);
  // beyond the bound: the exact serialiser's refusal, word for word
  if (exp >= RESULT_MAX_EXPONENT || exp < -RESULT_MAX_EXPONENT) return floatTextExact(x);
  const sign = s.charCodeAt(0) === 45 ? '-' : '';
  // the significant digits without the point and without trailing zeros ("1.23400000000" → "1234")
  let digits = s.slice(sign.length, e).replace('.', '');
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(0, end);
  // toPrecision writes an exponent only for exp ≥ FLOAT_DIGITS (an integer: pad with zeros) or exp < -6
  return exp >= 0 ? sign + digits.padEnd(exp + 1, '0') : `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

/** Plain toPrecision text without trailing zeros after the point, and 0 for every zero. */
function trimZeros(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  const t = end === s.length ? s : s.slice(0, end);
  return t === '0' || t === '-0' ? '0' : t;
}

/** The same text through the exact serialiser (the definition floatText is held to). */
export function floatTextExact(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return str(new Dec(x.toPrecision(FLOAT_DIGITS)));
}
