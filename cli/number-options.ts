import { Dec } from '../engine/core/decimal.ts';
import { readDecimal, shownText } from '../engine/core/decimal-text.ts';
import { IssuesError, type IssueCode } from '../engine/core/errors.ts';

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

/** A commander parser for a decimal option. */
export const decimalOption = (flag: string, range: OptionRange) => (text: string) => optionDecimal(flag, text, range);

/** A whole-number option (years of a plateau, nodes to print) from `min` to `max`. */
export function optionWhole(flag: string, text: string, min: number, max: number): number {
  const t = text.trim();
  if (!/^\d{1,10}$/.test(t) || Number(t) < min || Number(t) > max)
    return refuse(flag, 'option_invalid', `${shownText(t)} is not a whole number from ${min} to ${max}`);
  return Number(t);
}
