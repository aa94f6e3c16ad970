/**
 * The long result row: the contract of every run kind with the store, the API, results.csv and the
 * reports. Every field is text (decimals as exact strings).
 */
export const RESULT_COLUMNS = [
  'indicator',
  'level',
  'category',
  'region',
  'year',
  'scenario',
  'key',
  'physical_value',
  'physical_unit',
  'money_value',
  'currency',
  'price_year',
  'price_basis',
  'method',
  'model',
] as const;
/** One long result row. GEP, carbon, dual, uncertainty and comparison results use the same shape. */
export type ResultRow = Record<(typeof RESULT_COLUMNS)[number], string>;

/** One stored trace: the trace node of an indicator in a region-year (GEP and carbon traces alike). */
export interface TraceRow {
  region: string;
  year: number;
  indicator: string;
  node: unknown;
}
