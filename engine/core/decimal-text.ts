import { Dec } from './decimal.ts';

/**
 * The one door through which text from outside (dataset cells, model, factor-set and scenario files, API
 * bodies, CLI options) becomes a number. Without bounds one cell such as "1e9999999999" was a decimal.js
 * value whose plain-notation string has ten billion digits: the next run exhausted the heap.
 *
 * The limits, checked in this order on the text with surrounding spaces removed:
 * - at most 64 characters: room for a number of 34 significant digits with its sign, point, leading zeros
 *   and exponent; a longer cell is refused before it is parsed;
 * - at most 34 significant digits (leading and trailing zeros do not count): the engine's precision, so a
 *   number that is accepted is held exactly and never silently rounded on the way in;
 * - 0, or an absolute value from 10^-15 up to (not including) 10^24. Accounts need GEP and GDP totals of a
 *   country (China's GDP is ~1.3 × 10^14 CNY), physical quantities up to ~10^13 m³ and energy up to ~10^20 J
 *   (China's yearly primary energy), and factors down to ~10^-9 (a t per g, a tCO2 per kWh is ~10^-4):
 *   10^24 leaves four orders of magnitude over the largest, 10^-15 six under the smallest.
 *
 * Syntax: a plain decimal with an optional sign and an optional exponent ("1234.5", "-0.5", ".5", "1.2e-3").
 * Refused: thousands separators ("1,234", "1 234", "1_234"), hex, octal and binary ("0x1F"), Infinity and
 * NaN, and — unless the caller allows them (model and factor files) — exact fractions such as "44/12", whose
 * numerator and denominator are read by the same rules.
 */
export const DECIMAL_LIMITS = {
  maxLength: 64,
  maxDigits: 34,
  /** |x| < 10^maxExponent */
  maxExponent: 24,
  /** |x| ≥ 10^minExponent unless x is 0 */
  minExponent: -15,
} as const;

/** The codes of a refused number (not_a_number is the syntax code the loaders have always used). */
export type NumberCode = 'not_a_number' | 'number_too_long' | 'number_too_many_digits' | 'number_out_of_range';
export type DecimalRead = { ok: true; value: Dec } | { ok: false; code: NumberCode; message: string };

export interface ReadOptions {
  /** Accept an exact fraction "a/b" (stoichiometric ratios in model files). */
  fractions?: boolean;
}

const PLAIN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const FRACTION = /^([^/]+)\/([^/]+)$/;
const SHOWN = 24;

/** The text as a message shows it: whole when short, else its start and its length. */
export function shownText(text: string): string {
  return text.length <= SHOWN ? `"${text}"` : `"${text.slice(0, SHOWN)}…" (${text.length} characters)`;
}

const refuse = (code: NumberCode, message: string): DecimalRead => ({ ok: false, code, message });
const RANGE = `0, or between 1e${DECIMAL_LIMITS.minExponent} and 1e${DECIMAL_LIMITS.maxExponent} in absolute value`;

/** Read a number from text within DECIMAL_LIMITS: the exact Dec, or why it is refused (the caller adds where). */
export function readDecimal(text: string, opts: ReadOptions = {}): DecimalRead {
  const t = text.trim();
  const shown = shownText(t);
  if (t.length > DECIMAL_LIMITS.maxLength)
    return refuse('number_too_long', `${shown} is longer than the ${DECIMAL_LIMITS.maxLength} characters a number may have`);
  const f = opts.fractions ? FRACTION.exec(t) : null;
  if (f) return readFraction(f[1]!.trim(), f[2]!.trim(), shown);
  const m = PLAIN.exec(t);
  if (!m || (m[2] === '' && (m[3] ?? '') === ''))
    return refuse(
      'not_a_number',
      `${shown} is not a number: write a plain decimal such as 1234.5 or 1.2e-3 (no thousands separators${opts.fractions ? '' : ', no fractions'})`,
    );
  const digits = (m[2]! + (m[3] ?? '')).replace(/^0+/, '');
  const significant = digits.replace(/0+$/, '');
  if (significant.length > DECIMAL_LIMITS.maxDigits)
    return refuse(
      'number_too_many_digits',
      `${shown} has ${significant.length} significant digits; at most ${DECIMAL_LIMITS.maxDigits} are held exactly: round it`,
    );
  if (significant !== '') {
    // the power of ten of the first significant digit, from the text alone (no decimal is built yet)
    const exponent = digits.length - 1 - (m[3] ?? '').length + Number(m[4] ?? '0');
    if (!(exponent < DECIMAL_LIMITS.maxExponent && exponent >= DECIMAL_LIMITS.minExponent))
      return refuse('number_out_of_range', `${shown} is out of range: a number is ${RANGE}`);
  }
  return { ok: true, value: new Dec(t) };
}

function readFraction(num: string, den: string, shown: string): DecimalRead {
  const a = readDecimal(num),
    b = readDecimal(den);
  if (!a.ok) return refuse(a.code, `${shown}: the numerator ${a.message}`);
  if (!b.ok) return refuse(b.code, `${shown}: the denominator ${b.message}`);
  if (b.value.isZero()) return refuse('not_a_number', `${shown} divides by zero`);
  const value = a.value.div(b.value);
  const e = value.e;
  if (!value.isZero() && !(e < DECIMAL_LIMITS.maxExponent && e >= DECIMAL_LIMITS.minExponent))
    return refuse('number_out_of_range', `${shown} is out of range: a number is ${RANGE}`);
  return { ok: true, value };
}

/** True when `text` passes readDecimal. */
export function isBoundedDecimal(text: string, opts: ReadOptions = {}): boolean {
  return readDecimal(text, opts).ok;
}
