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
  'origin',
] as const;
/**
 * One long result row. GEP, carbon, dual, uncertainty and comparison results use the same shape. `origin` says
 * whether a GEP value was `computed` by its formula or `given` by the dataset (a GIS or published figure); rows of
 * other kinds, and totals, leave it empty.
 */
export type ResultRow = Record<Exclude<(typeof RESULT_COLUMNS)[number], 'origin'>, string> & { origin?: string };

/** One stored trace: the trace node of an indicator in a region-year (GEP and carbon traces alike). */
export interface TraceRow {
  region: string;
  year: number;
  indicator: string;
  node: unknown;
}

/** A row's cells in RESULT_COLUMNS order (an absent origin is an empty cell), for sheets and tables. */
export function rowCells(r: ResultRow): string[] {
  return RESULT_COLUMNS.map((c) => r[c] ?? '');
}
