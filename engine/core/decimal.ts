import { Decimal as DecimalJs } from 'decimal.js';

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
const FRACTION_TEXT = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*\/\s*((?:\d+(?:\.\d*)?|\.\d+))\s*$/;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);

/** True when `text` is a decimal literal ("12", "-0.5", "1e3") or an exact fraction ("44/12"). */
export function isDecimalText(text: string): boolean {
  const t = text.trim();
  return DECIMAL_TEXT.test(t) || FRACTION_TEXT.test(t);
}

/**
 * Parse a decimal from text. Numbers only ever enter the engine as strings; a fraction such as "44/12"
 * is accepted so that stoichiometric ratios are written as they are defined, not as a rounded decimal.
 */
export function dec(text: string): Dec {
  const t = text.trim();
  if (DECIMAL_TEXT.test(t)) return new Dec(t);
  const f = FRACTION_TEXT.exec(t);
  if (f) {
    const den = new Dec(f[2]!);
    if (den.isZero()) throw new Error(`"${text}" divides by zero`);
    return new Dec(f[1]!).div(den);
  }
  throw new Error(`"${text}" is not a decimal number`);
}

/** Serialise exactly: plain notation, no trailing exponent; "-0" becomes "0". */
export function str(d: Dec): string {
  return d.isZero() ? '0' : d.toString();
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
