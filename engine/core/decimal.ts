import { Decimal as DecimalJs } from 'decimal.js';
import { IssuesError } from './errors.ts';

/**
 * The engine's own Decimal: a clone so that no other library's configuration can change it.
 * 34 significant digits (IEEE 754 decimal128, the brief's floor: more digits cost speed in exp, ln and
 * powers); ROUND_HALF_EVEN so that the rare rounding of an intermediate result is unbiased. toString never uses exponent notation, so serialised values are
 * plain decimal strings that sort and diff as text.
 */
export const Dec = DecimalJs.clone({
  precision: 34,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
export type Dec = InstanceType<typeof Dec>;

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** "a/b" with a and b each a decimal (sign and exponent allowed): the fractions readDecimal accepts. */
const FRACTION_TEXT = /^([^/]+)\/([^/]+)$/;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);

/**
 * Parse a decimal from trusted text: literals in code and values a schema has already read with readDecimal
 * (engine/core/decimal-text.ts, the one bounded reader for text from outside). A fraction such as "44/12" is
 * accepted so that stoichiometric ratios are written as they are defined, not as a rounded decimal.
 */
export function dec(text: string): Dec {
  const t = text.trim();
  if (DECIMAL_TEXT.test(t)) return new Dec(t);
  const f = FRACTION_TEXT.exec(t);
  const num = f?.[1]?.trim(),
    den = f?.[2]?.trim();
  if (num !== undefined && den !== undefined && DECIMAL_TEXT.test(num) && DECIMAL_TEXT.test(den)) {
    const d = new Dec(den);
    if (d.isZero()) throw new Error(`"${text}" divides by zero`);
    return new Dec(num).div(d);
  }
  throw new Error(`"${text}" is not a decimal number`);
}

/**
 * A computed value is refused when serialised if |x| ≥ 10^100 or 0 < |x| < 10^-100. Inputs are bounded at the
 * door (engine/core/decimal-text.ts), but powers and growth paths can still carry bounded inputs far past any
 * account (GEP totals are ~10^12): such a value is a mistake in the inputs, and its plain-notation string would
 * grow with its exponent.
 */
export const RESULT_MAX_EXPONENT = 100;

/** Serialise exactly: plain notation, no trailing exponent; "-0" becomes "0". */
export function str(d: Dec): string {
  const r = d as unknown as { s: number; e: number; d: number[] | null };
  const w = r.d;
  if (w === null) return d.toString(); // NaN and infinities: decimal.js's words
  if (w[0] === 0) return '0';
  const e = r.e;
  if (e >= RESULT_MAX_EXPONENT || e < -RESULT_MAX_EXPONENT)
    throw new IssuesError('run', [
      {
        code: 'result_out_of_range',
        message: `a computed value is about ${d.toSignificantDigits(3).toExponential()}, beyond 1e±${RESULT_MAX_EXPONENT}: check the inputs, coefficients and scenario for implausible values`,
      },
    ]);
  const text = plainText(w, e);
  return r.s < 0 ? `-${text}` : text;
}

const WORD_ZEROS = '0000000';
/** Enough zeros for any exponent str() writes (|e| < RESULT_MAX_EXPONENT). */
const ZEROS = '0'.repeat(RESULT_MAX_EXPONENT + 1);

/**
 * decimal.js's toString of a finite, non-zero value in plain notation (its digitsToString and finiteToString), read
 * from the words directly: no isZero/isFinite/isNeg calls around it. 17 % fewer instructions per value (callgrind,
 * 120,000 account values: 3,332 -> 2,752); test/core/decimal-str.test.ts holds it to toString.
 */
function plainText(w: number[], e: number): string {
  const last = w.length - 1;
  let digits = `${w[0]!}`;
  if (last > 0) {
    for (let i = 1; i < last; i++) {
      const ws = `${w[i]!}`;
      digits += WORD_ZEROS.slice(ws.length) + ws;
    }
    digits += WORD_ZEROS.slice(`${w[last]!}`.length);
  }
  // the last word without its trailing zeros
  let v = w[last]!;
  while (v % 10 === 0) v /= 10;
  digits = last > 0 ? digits + v : `${v}`;
  const len = digits.length;
  if (e < 0) return `0.${ZEROS.slice(0, -e - 1)}${digits}`;
  if (e >= len) return digits + ZEROS.slice(0, e + 1 - len);
  return e + 1 < len ? `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}` : digits;
}

/** Round for display only (never on the accounting path). */
export function fixed(d: Dec, places: number): string {
  const s = d.toFixed(places, Dec.ROUND_HALF_EVEN);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** Thousands separators for display. */
export function grouped(d: Dec, places: number): string {
  const [int, frac] = fixed(d, places).split('.');
  const sign = int!.startsWith('-') ? '-' : '';
  const digits = sign ? int!.slice(1) : int!;
  const withSep = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + withSep + (frac !== undefined ? '.' + frac : '');
}
