import { Dec } from '../engine/core/decimal.ts';
import { readDecimal, shownText } from '../engine/core/decimal-text.ts';
import { IssuesError, type IssueCode } from '../engine/core/errors.ts';
import { conversion, parseUnit, type Unit } from '../engine/core/units.ts';

/** The range an option's number must lie in, and how to say it. */
export interface OptionRange {
  min?: string;
  /** min itself is refused */
  above?: boolean;
  max?: string;
  /** max itself is refused */
  below?: boolean;
  says: string;
}

export const SHARE: OptionRange = { min: '0', max: '1', says: 'a share from 0 to 1, e.g. 0.9' };
export const REDUCTION: OptionRange = { min: '0', max: '1', below: true, says: 'a fraction from 0 up to (not including) 1, e.g. 0.135' };
export const NON_NEGATIVE: OptionRange = { min: '0', says: 'a number of 0 or more, e.g. 5600000' };

const refuse = (flag: string, code: IssueCode, message: string): never => {
  throw new IssuesError('run', [{ code, path: flag, message }]);
};

/**
 * A decimal option read by the one bounded reader (engine/core/decimal-text.ts), then checked against the
 * option's range; the text as read is returned (the run options carry numbers as strings). A refusal names the
 * option as its path and exits 2 like every refused input.
 */
export function optionDecimal(flag: string, text: string, range: OptionRange): string {
  const r = readDecimal(text);
  if (!r.ok) return refuse(flag, r.code, r.message);
  const v = r.value;
  const low = range.min === undefined ? undefined : new Dec(range.min);
  const high = range.max === undefined ? undefined : new Dec(range.max);
  if ((low && (range.above ? v.lte(low) : v.lt(low))) || (high && (range.below ? v.gte(high) : v.gt(high))))
    return refuse(flag, 'option_invalid', `"${text.trim()}" is not ${range.says}`);
  return text.trim();
}

/**
 * A quantity option: a number with an optional unit after it, read by the one unit reader and converted exactly to
 * `unit` (`--energy-cap "10213.48 万tce"` is 102134800 tce). No unit means `unit`. The value in `unit` is returned
 * as text, checked against the range there.
 */
export function optionQuantity(flag: string, text: string, unit: string, range: OptionRange): string {
  const m = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$/.exec(text);
  if (!m?.[2]) return optionDecimal(flag, text, range);
  const r = readDecimal(m[1]!);
  if (!r.ok) return refuse(flag, r.code, r.message);
  let to: Unit, written: Unit;
  try {
    to = parseUnit(unit);
    written = parseUnit(m[2]);
  } catch (e) {
    return refuse(flag, 'unit_invalid', `${flag} is in ${unit}; ${(e as Error).message}`);
  }
  let f: { num: Dec; den: Dec };
  try {
    f = conversion(written, to);
  } catch {
    return refuse(flag, 'unit_mismatch', `${flag} is in ${unit}; "${m[2]}" cannot be converted to it`);
  }
  return optionDecimal(flag, r.value.mul(f.num).div(f.den).toFixed(), range);
}

/** A commander parser for a quantity option in `unit` (a unit may follow the number). */
export const quantityOption = (flag: string, unit: string, range: OptionRange) => (text: string) => optionQuantity(flag, text, unit, range);

/** A commander parser for a decimal option. */
export const decimalOption = (flag: string, range: OptionRange) => (text: string) => optionDecimal(flag, text, range);

/** A whole-number option (years of a plateau, nodes to print) from `min` to `max`. */
export function optionWhole(flag: string, text: string, min: number, max: number): number {
  const t = text.trim();
  if (!/^\d{1,10}$/.test(t) || Number(t) < min || Number(t) > max)
    return refuse(flag, 'option_invalid', `${shownText(t)} is not a whole number from ${min} to ${max}`);
  return Number(t);
}
