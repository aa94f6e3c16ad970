import type { Dec } from '../engine/core/decimal.ts';
import { parseYear, type Row } from './csv.ts';
import { cellIssue, type LoadContext, numberCell } from './row-checks.ts';

/** price-index.csv → index by "series\0year" (any base year: only ratios are used). The deflator must have rows. */
export function readPriceIndex(ctx: LoadContext, file: string, rows: Row[], deflator: string): Map<string, Dec> {
  const index = new Map<string, Dec>();
  const seen = new Map<string, number>();
  for (const row of rows) {
    const y = parseYear(row.cells.year!);
    if (y === undefined) {
      cellIssue(ctx, file, row, 'year', 'not_a_year', `"${row.cells.year}" is not a year`);
      continue;
    }
    const id = `${row.cells.series}\0${y}`;
    const first = seen.get(id);
    if (first !== undefined) {
      cellIssue(ctx, file, row, 'year', 'duplicate_row', `duplicate of line ${first} (${row.cells.series} ${y})`);
      continue;
    }
    seen.set(id, row.line);
    const v = numberCell(ctx, file, row, 'index', undefined);
    if (v !== undefined && !v.gt(0)) {
      cellIssue(ctx, file, row, 'index', 'not_positive', 'a price index is positive');
      continue;
    }
    if (v !== undefined) index.set(id, v);
  }
  if (![...index.keys()].some((k) => k.startsWith(`${deflator}\0`)))
    ctx.issues.push({ code: 'deflator_missing', file, message: `the manifest's deflator "${deflator}" has no rows` });
  return index;
}
