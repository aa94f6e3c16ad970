import { RESULT_COLUMNS, type ResultRow } from './rows.ts';

// results.csv's rows as csv-stringify writes them with record_delimiter '\n' (reports/results-csv.ts): a cell is
// quoted when it holds a quote, a comma or a line feed (a lone carriage return is not: that option makes only the
// record delimiter a reason to quote), its quotes doubled; an absent origin is an empty cell. Written by hand:
// csv-stringify took ~12 ms a region-year of a full account (188 rows × 2 bases), this ~1 ms (bench/batch.ts).
// test/account-stream-csv.test.ts holds the two together on every kind of cell.

const QUOTE = /[",\n]/;

/** One cell as csv-stringify writes it. */
export function csvCell(s: string): string {
  return QUOTE.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The rows in RESULT_COLUMNS order, each ended by a line feed, without the header. */
export function resultRowsCsv(rows: readonly ResultRow[]): string {
  let out = '';
  for (const r of rows) {
    let line = '';
    for (let c = 0; c < RESULT_COLUMNS.length; c++) {
      const v = r[RESULT_COLUMNS[c]!];
      if (c) line += ',';
      if (v !== undefined && v !== '') line += csvCell(v);
    }
    out += `${line}\n`;
  }
  return out;
}
