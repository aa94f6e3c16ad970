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
  const columns = [...fixed, ...extra];
  const text = utf8(bytes);
  if (text === undefined) {
    issues.push({ code: 'not_utf8', file, message: 'the file is not UTF-8 text (save it as "CSV UTF-8")' });
    return [];
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as never;
  } catch (e) {
    issues.push({ code: 'csv_syntax', file, message: (e as Error).message });
    return [];
  }
  if (!records.length) {
    issues.push({ code: 'file_empty', file, message: 'no header row' });
    return [];
  }
  const header = records[0]!.record.map((h) => h.trim());
  if (!headerFits(file, header, fixed, issues, 1, extra)) return [];
  const rows: Row[] = [];
  for (const { record, info } of records.slice(1)) {
    if (record.length !== header.length) {
      issues.push({
        code: 'cell_count',
        file,
        row: info.lines,
        message: `the row has ${record.length} cells, the header ${header.length}`,
      });
      continue;
    }
    const cells: Record<string, string> = {};
    header.forEach((h, n) => {
      cells[h] = (record[n] ?? '').trim();
    });
    for (const c of columns) cells[c] ??= '';
    rows.push({ line: info.lines, cells });
  }
  return rows;
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

function utf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** A four-digit year, or undefined. */
export function parseYear(text: string): number | undefined {
  return /^\d{4}$/.test(text.trim()) ? Number(text) : undefined;
}
