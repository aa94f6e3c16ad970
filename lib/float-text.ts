import { Dec, str } from '../engine/core/decimal.ts';

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
 * `x` to FLOAT_DIGITS significant digits as plain decimal text, through the exact serialiser (`str`: plain notation,
 * no trailing zeros, "-0" as "0", and the same ±1e100 bound as an exact value). toPrecision is exactly specified, so
 * the bytes are the same on any machine.
 */
export function floatText(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return str(new Dec(x.toPrecision(FLOAT_DIGITS)));
}
