import { Dec } from '../engine/core/decimal.ts';
import type { Issue } from '../engine/core/errors.ts';
import type { InputInfo } from '../engine/model/types.ts';
import { parseYear, type Row } from './csv.ts';
import { cellIssue, checkRegionYear, type InputValues, type LoadContext, numberCell, unitCell } from './row-checks.ts';

export interface ExtentChangeRow {
  region: string;
  fromYear: number;
  toYear: number;
  fromType: string;
  toType: string;
  area: Dec;
}

/**
 * extent.csv → the model's extent input (area by ecosystem type), in the model's area unit. area_ha keeps its name;
 * an optional unit column gives the row's area unit (亩, 公顷, km2, 万亩 …; empty means ha).
 */
export function readExtent(ctx: LoadContext, file: string, rows: Row[], extent: InputInfo, values: InputValues): void {
  const dim = extent.dims[0]!;
  const seen = new Map<string, number>();
  for (const row of rows) {
    const year = checkRegionYear(ctx, file, row);
    const type = row.cells.ecosystem_type!;
    const typeOk = dim.keyLabels.has(type);
    if (!typeOk)
      cellIssue(
        ctx,
        file,
        row,
        'ecosystem_type',
        'key_unknown',
        `unknown ecosystem type "${type}"${dim.groups.has(type) ? ` ("${type}" is a group; give its types: ${dim.keys.filter((k) => dim.groupOf.get(k) === type).join(', ')})` : ''}`,
      );
    const v = areaCell(ctx, file, row, extent);
    const id = `${row.cells.region}|${row.cells.year}|${type}`;
    const first = seen.get(id);
    if (first !== undefined)
      cellIssue(
        ctx,
        file,
        row,
        'ecosystem_type',
        'duplicate_row',
        `duplicate of line ${first} (${row.cells.region}, ${row.cells.year}, ${type})`,
      );
    else seen.set(id, row.line);
    if (year !== undefined && typeOk && v !== undefined && first === undefined) values.put(row.cells.region!, year, extent, type, v);
  }
}

/** The area_ha cell in the model's area unit, read in the row's unit (the unit column; ha when empty). */
function areaCell(ctx: LoadContext, file: string, row: Row, extent: InputInfo): Dec | undefined {
  const factor = unitCell(ctx, file, row, 'unit', extent.unit, 'area_ha', 'ha');
  return factor === false ? undefined : numberCell(ctx, file, row, 'area_ha', extent, factor);
}

/**
 * extent-change.csv: a transition matrix whose margins must equal the opening and closing extents. The margins
 * are checked only when nothing else is wrong (a refused row would make every margin look wrong).
 */
export function readExtentChange(ctx: LoadContext, file: string, rows: Row[], extent: InputInfo, values: InputValues): ExtentChangeRow[] {
  const dim = extent.dims[0]!;
  const out: ExtentChangeRow[] = [];
  for (const row of rows) {
    const fy = checkRegionYear(ctx, file, row, 'from_year');
    const ty = ctx.regions.has(row.cells.region!) ? checkRegionYear(ctx, file, row, 'to_year') : parseYear(row.cells.to_year!); // the region is reported once
    let ok = fy !== undefined && ty !== undefined;
    if (ok && fy! >= ty!) {
      cellIssue(ctx, file, row, 'to_year', 'years_order', `to_year ${ty} is not after from_year ${fy}`);
      ok = false;
    }
    for (const c of ['from_type', 'to_type']) {
      if (!dim.keyLabels.has(row.cells[c]!)) {
        cellIssue(ctx, file, row, c, 'key_unknown', `unknown ecosystem type "${row.cells[c]}"`);
        ok = false;
      }
    }
    const v = areaCell(ctx, file, row, extent);
    if (ok && v !== undefined)
      out.push({
        region: row.cells.region!,
        fromYear: fy!,
        toYear: ty!,
        fromType: row.cells.from_type!,
        toType: row.cells.to_type!,
        area: v,
      });
  }
  if (!ctx.issues.length) ctx.issues.push(...checkChangeMargins(file, extent.unit.text, out, (r, y) => values.get(r, y)?.get(extent.name)));
  return out;
}

function checkChangeMargins(
  file: string,
  unit: string,
  rows: ExtentChangeRow[],
  extent: (r: string, y: number) => Map<string, Dec> | undefined,
): Issue[] {
  const issues: Issue[] = [];
  const groups = new Map<string, ExtentChangeRow[]>();
  for (const r of rows) {
    const id = `${r.region}|${r.fromYear}|${r.toYear}`;
    groups.set(id, [...(groups.get(id) ?? []), r]);
  }
  for (const [id, rs] of groups) {
    const { region, fromYear, toYear } = rs[0]!;
    for (const [side, year, pick] of [
      ['opening', fromYear, (r: ExtentChangeRow) => r.fromType],
      ['closing', toYear, (r: ExtentChangeRow) => r.toType],
    ] as const) {
      const sums = new Map<string, Dec>();
      for (const r of rs) sums.set(pick(r), (sums.get(pick(r)) ?? new Dec(0)).plus(r.area));
      const ext = extent(region, year) ?? new Map<string, Dec>();
      for (const t of new Set([...sums.keys(), ...ext.keys()])) {
        const a = sums.get(t) ?? new Dec(0),
          b = ext.get(t) ?? new Dec(0);
        if (!a.eq(b))
          issues.push({
            code: 'change_margin',
            file,
            message: `${id}: the ${side} margin for ${t} is ${a} ${unit} but extent.csv gives ${b} ${unit} for ${year}`,
          });
      }
    }
  }
  return issues;
}
