import { stringify } from 'csv-stringify/sync';
import { resultRows } from '../lib/gep-rows.ts';
import { RESULT_COLUMNS, type ResultRow } from '../lib/rows.ts';
import type { AccountRun } from '../lib/run.ts';

export { RESULT_COLUMNS, type ResultRow, rowCells } from '../lib/rows.ts';
export { resultRows } from '../lib/gep-rows.ts';

/** Long rows as CSV, header first. */
export function rowsCsv(rows: ResultRow[]): string {
  return stringify(rows, { header: true, columns: [...RESULT_COLUMNS], record_delimiter: '\n' });
}

/**
 * results.csv: one long row per indicator × region × year × price basis (and per key of a breakdown),
 * the shape analysts pivot in Excel and banks load into their own systems.
 */
export function resultsCsv(run: AccountRun): string {
  return rowsCsv(resultRows(run));
}
