import type { Dec } from '../engine/core/decimal.ts';
import { DECIMAL_LIMITS, shownText } from '../engine/core/decimal-text.ts';
import type { Issue, IssueCode } from '../engine/core/errors.ts';
import { annualConversion, conversion, parseUnit, type Unit } from '../engine/core/units.ts';
import type { RegionYearValues } from '../engine/eval/data.ts';
import { resolveKey } from '../engine/model/key-names.ts';
import type { DimInfo, InputInfo } from '../engine/model/types.ts';
import { readNumberCell } from './cells.ts';
import { parseYear, type Row } from './csv.ts';
import { type LoadNotes, unitNote } from './load-notes.ts';

/** What every table step of loadDataset shares: the manifest's regions and years, and the problems found so far. */
export interface LoadContext {
  regions: Set<string>;
  years: Set<number>;
  issues: Issue[];
  warnings: Issue[];
  /** What was converted on the way in (units scaled, names mapped to keys). */
  notes: LoadNotes;
}

export function cellIssue(ctx: LoadContext, file: string, row: Row, column: string, code: IssueCode, message: string): void {
  ctx.issues.push({ code, file, row: row.line, column, message });
}

/** A row that repeats an earlier one: names the first line and what the two share (empty parts left out). */
export function duplicateRow(
  ctx: LoadContext,
  file: string,
  row: Row,
  column: string,
  firstLine: number | undefined,
  shared: (string | number)[],
): void {
  cellIssue(
    ctx,
    file,
    row,
    column,
    'duplicate_row',
    `duplicate of ${firstLine === undefined ? 'an earlier row' : `line ${firstLine}`} (${shared.filter((p) => p !== '').join(', ')})`,
  );
}

/** The row's year when its region and year are in the manifest; each problem is reported. */
export function checkRegionYear(ctx: LoadContext, file: string, row: Row, yearColumn = 'year'): number | undefined {
  let ok = true;
  if (!ctx.regions.has(row.cells.region!)) {
    cellIssue(
      ctx,
      file,
      row,
      'region',
      'region_unknown',
      `region "${row.cells.region}" is not in the manifest (${[...ctx.regions].join(', ')})`,
    );
    ok = false;
  }
  const y = parseYear(row.cells[yearColumn]!);
  if (y === undefined) {
    cellIssue(ctx, file, row, yearColumn, 'not_a_year', `"${row.cells[yearColumn]}" is not a year`);
    return undefined;
  }
  if (!ctx.years.has(y)) {
    cellIssue(ctx, file, row, yearColumn, 'year_unknown', `${y} is not among the manifest's years (${[...ctx.years].join(', ')})`);
    ok = false;
  }
  return ok ? y : undefined;
}

/**
 * A number cell read within the reader's bounds, converted to the input's unit and checked against the input's
 * declared min and max (the sign rule of the data: an area below "0" is refused).
 */
export function numberCell(
  ctx: LoadContext,
  file: string,
  row: Row,
  column: string,
  input: InputInfo | undefined,
  unitFactor?: { num: Dec; den: Dec },
): Dec | undefined {
  const text = row.cells[column]!;
  let v = readNumberCell(text, { file, row: row.line, column }, ctx.issues);
  if (v === undefined) return undefined;
  if (unitFactor) {
    v = v.mul(unitFactor.num).div(unitFactor.den);
    // the bounds hold for the value as counted, not only as written: "9e23" in 亿m3 is 9e31 m3
    if (!v.isZero() && (v.e >= DECIMAL_LIMITS.maxExponent || v.e < DECIMAL_LIMITS.minExponent)) {
      cellIssue(
        ctx,
        file,
        row,
        column,
        'number_out_of_range',
        `${shownText(text)} in its unit is about ${v.toSignificantDigits(3).toExponential()} ${input?.unit.text ?? ''}: out of range`,
      );
      return undefined;
    }
  }
  if (input?.min && v.lt(input.min)) {
    cellIssue(ctx, file, row, column, 'below_minimum', `${text} is below the minimum ${input.min} for ${input.name}`);
    return undefined;
  }
  if (input?.max && v.gt(input.max)) {
    cellIssue(ctx, file, row, column, 'above_maximum', `${text} is above the maximum ${input.max} for ${input.name}`);
    return undefined;
  }
  return v;
}

export type Factor = { num: Dec; den: Dec };

/**
 * A key cell of a closed dimension read as published tables write it (林地, 针叶林, town, forest …; see
 * engine/model/key-names.ts): the data key, with the mapping noted, or undefined with the problem (the closest names).
 */
export function keyCell(
  ctx: LoadContext,
  file: string,
  row: Row,
  column: string,
  dim: DimInfo,
  what: string,
  text = row.cells[column]!,
): string | undefined {
  const r = resolveKey(dim, text, what);
  if (!r.ok) {
    cellIssue(ctx, file, row, column, 'key_unknown', r.message);
    return undefined;
  }
  if (r.note) ctx.notes.add(file, r.note, row.line);
  return r.key;
}

/**
 * The unit cell of a row read by the one unit reader (engine/core/units.ts): the exact factor to `to`, undefined
 * when it is the same unit, or false when the unit is missing, unknown or of another dimension (the problem names
 * the cell). An empty cell means `fallback` when one is given (extent.csv: ha). A scaling is noted.
 */
export function unitCell(
  ctx: LoadContext,
  file: string,
  row: Row,
  column: string,
  to: Unit,
  name: string,
  fallback?: string,
  /** A unit per year (万m³/a) is read as the account year's total; false for stocks (areas). */
  annual = true,
): Factor | undefined | false {
  const text = row.cells[column] || fallback;
  if (!text) {
    cellIssue(ctx, file, row, column, 'unit_missing', `${name} needs its unit (${to.text})`);
    return false;
  }
  let written: Unit;
  try {
    written = parseUnit(text);
  } catch (e) {
    cellIssue(ctx, file, row, column, 'unit_invalid', `${name} is in ${to.text}; ${(e as Error).message}`);
    return false;
  }
  try {
    const f = annual ? annualConversion(written, to) : { ...conversion(written, to), perYear: false };
    if (f.identity && !f.perYear) return undefined;
    ctx.notes.add(file, unitNote(written.text, to.text, f), row.line);
    return f.identity ? undefined : f;
  } catch {
    cellIssue(ctx, file, row, column, 'unit_mismatch', `${name} is in ${to.text}; "${text}" cannot be converted to it`);
    return false;
  }
}

/** Input values by region-year, as loadDataset collects them (the AccountingData it returns reads them). */
export class InputValues {
  private readonly byRegionYear = new Map<string, RegionYearValues>();

  put(region: string, year: number, input: InputInfo, key: string, v: Dec): void {
    const id = `${region}\0${year}`;
    let byInput = this.byRegionYear.get(id);
    if (!byInput) this.byRegionYear.set(id, (byInput = new Map()));
    let byKey = byInput.get(input.name);
    if (!byKey) byInput.set(input.name, (byKey = new Map()));
    byKey.set(key, v);
  }

  get(region: string, year: number): RegionYearValues | undefined {
    return this.byRegionYear.get(`${region}\0${year}`);
  }
}
