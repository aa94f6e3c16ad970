import type { Dec } from '../engine/core/decimal.ts';
import { readDecimal } from '../engine/core/decimal-text.ts';
import type { Issue } from '../engine/core/errors.ts';

/** Where a cell is: the file as the user sees it, its line (the header is line 1) and its column. */
export interface CellAt {
  file: string;
  row: number;
  column: string;
}

/**
 * A number cell of a dataset table, read through the one bounded reader (engine/core/decimal-text.ts): the
 * value, or undefined with the refusal pushed to `issues` naming file, line and column. Fractions are not data.
 */
export function readNumberCell(text: string, at: CellAt, issues: Issue[]): Dec | undefined {
  const r = readDecimal(text);
  if (r.ok) return r.value;
  issues.push({ code: r.code, ...at, message: r.message });
  return undefined;
}
