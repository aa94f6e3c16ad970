import { isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse/sync';
import type { Issue } from '../engine/core/errors.ts';
import { OPTIONAL_COLUMNS } from './manifest.ts';

// Reading the long CSV tables of a dataset, shared by every table's loader (GEP, economy, carbon).

/** A data row with its line in the file (the header is line 1) and its cells by column. */
export type Row = { line: number; cells: Record<string, string> };

/**
 * Parse a UTF-8 CSV table against its columns; every problem (encoding, syntax, header, cell count) goes to `issues`.
 * `extra` columns may be present but are not required (extent.csv's `unit`).
 */
export function readCsv(file: string, bytes: Buffer, fixed: readonly string[], issues: Issue[], extra: readonly string[] = []): Row[] {
  if (!isUtf8(bytes)) {
    issues.push({ code: 'not_utf8', file, message: 'the file is not UTF-8 text (save it as "CSV UTF-8")' });
    return [];
  }
  // Each record becomes its row as it is parsed (on_record), so that the parser's records are never all kept beside
  // the rows (at 300 regions × 10 years they were ~170 MiB for a 21 MB file). The problems are those of parsing the
  // whole file first: a syntax error anywhere is the only one reported; then the header's, then the cell counts'.
  let header: string[] | undefined;
  let fits = false;
  const headerIssues: Issue[] = [];
  const rowIssues: Issue[] = [];
  const columns = [...fixed, ...extra];
  const toRow = (record: string[], info: { lines: number }): Row | null => {
    if (!header) {
      header = record.map((h) => h.trim());
      fits = headerFits(file, header, fixed, headerIssues, 1, extra);
      return null;
    }
    if (!fits) return null;
    if (record.length !== header.length) {
      rowIssues.push({
        code: 'cell_count',
        file,
        row: info.lines,
        message: `the row has ${record.length} cells, the header ${header.length}`,
      });
      return null;
    }
    return csvRow(header, columns, record, info.lines);
  };
  let rows: Row[];
  try {
    rows = parse(csvBody(bytes), { ...CSV_OPTIONS, on_record: toRow as never }) as never;
  } catch (e) {
    issues.push({ code: 'csv_syntax', file, message: (e as Error).message });
    return [];
  }
  if (!header) {
    issues.push({ code: 'file_empty', file, message: 'no header row' });
    return [];
  }
  issues.push(...headerIssues, ...rowIssues);
  return rows;
}

/** How every dataset table is parsed (datasets/csv-spans.ts parses a table's rows by region with the same). */
export const CSV_OPTIONS = { bom: true, skip_empty_lines: true, relax_column_count: true } as const;

/** The bytes csv-parse reads: a leading byte order mark dropped, as the UTF-8 decoder dropped it (`bom` drops a second). */
export const csvBody = (b: Buffer): Buffer => (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b);

/** A record (of the header's length) as a row: cells trimmed, by column, every column present. */
export function csvRow(header: readonly string[], columns: readonly string[], record: string[], line: number): Row {
  const cells: Record<string, string> = {};
  header.forEach((h, n) => {
    cells[h] = (record[n] ?? '').trim();
  });
  for (const c of columns) cells[c] ??= '';
  return { line, cells };
}

/**
 * Check a table's header against its columns (shared by CSV files and workbook sheets): every required column
 * missing, every unknown and every duplicate one goes to `issues`; `extra` columns may be present, not required.
 * True when the rows can be read by it.
 */
export function headerFits(
  file: string,
  header: string[],
  fixed: readonly string[],
  issues: Issue[],
  row = 1,
  extra: readonly string[] = [],
): boolean {
  const columns = [...fixed, ...extra];
  const missing = fixed.filter((c) => !OPTIONAL_COLUMNS.has(c) && !header.includes(c));
  for (const c of missing)
    issues.push({
      code: 'column_missing',
      file,
      row,
      column: c,
      message: `required column "${c}" is missing (columns are: ${columns.join(', ')})`,
    });
  for (const h of header)
    if (!columns.includes(h as never))
      issues.push({
        code: 'column_unknown',
        file,
        row,
        column: h,
        message: `unknown column "${h}" (columns are: ${columns.join(', ')})`,
      });
  const dup = header.filter((h, n) => header.indexOf(h) !== n);
  for (const h of dup) issues.push({ code: 'column_duplicate', file, row, column: h, message: `column "${h}" appears twice` });
  return !missing.length && !dup.length;
}

/** A four-digit year, or undefined. */
export function parseYear(text: string): number | undefined {
  return /^\d{4}$/.test(text.trim()) ? Number(text) : undefined;
}
