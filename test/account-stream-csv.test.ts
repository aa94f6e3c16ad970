import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resultRowsCsv } from '../lib/account-stream-csv.ts';
import { RESULT_COLUMNS, type ResultRow } from '../lib/rows.ts';

/** The streamed account's hand-written CSV rows (lib/account-stream-csv.ts) are csv-stringify's, byte for byte. */
const viaLibrary = (rows: ResultRow[]) => (rows.length ? stringify(rows, { columns: [...RESULT_COLUMNS], record_delimiter: '\n' }) : '');

describe('results.csv rows written by hand', () => {
  it('quote, comma, line feed, carriage return, empty and absent cells as csv-stringify writes them', () => {
    const cells = ['', 'a', 'a,b', 'a"b', '"', 'a\nb', 'a\rb', 'a\r\nb', ' x ', '=1', '-2.5', '亿元', 'ecosystem_type=forest'];
    const rows = cells.map((_c, n) => {
      const r = Object.fromEntries(RESULT_COLUMNS.map((k, i) => [k, cells[(n + i) % cells.length]!])) as ResultRow;
      if (n % 2) delete r.origin;
      return r;
    });
    expect(resultRowsCsv(rows)).toBe(viaLibrary(rows));
  });

  it('any text in any cell', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', '=', '-', '1', 'é', '亿') });
    const row = fc.record(
      Object.fromEntries(RESULT_COLUMNS.map((k) => [k, cell])) as Record<(typeof RESULT_COLUMNS)[number], typeof cell>,
      {
        requiredKeys: RESULT_COLUMNS.filter((k) => k !== 'origin'),
      },
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 5 }), (rows) => resultRowsCsv(rows as ResultRow[]) === viaLibrary(rows as ResultRow[])),
      {
        numRuns: 300,
      },
    );
  });
});
