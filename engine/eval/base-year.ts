import type { AccountingData } from './data.ts';

/**
 * Why `baseYear` cannot be the base of constant prices for `years`, or undefined when it can. A base year among
 * the dataset's years reads its observed prices there; any other base year (2015 prices for a 2020–2022 account)
 * takes each year's own observed prices moved by the dataset's deflator, which must then have a value for the
 * base year and for every year accounted. Coefficients move by their own price index as always.
 */
export function baseYearProblem(
  data: Pick<AccountingData, 'years' | 'priceIndex' | 'deflator'>,
  baseYear: number,
  years: readonly number[],
): string | undefined {
  if (data.years.includes(baseYear)) return undefined;
  const missing = [...new Set([baseYear, ...years])].filter((y) => !data.priceIndex(data.deflator, y));
  if (!missing.length) return undefined;
  return `base year ${baseYear} is not among the dataset's years (${data.years.join(', ')}), and the price index "${data.deflator}" that would move prices to it has no value for ${missing.join(', ')}`;
}
