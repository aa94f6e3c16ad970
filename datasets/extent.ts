import { Dec } from '../engine/core/decimal.ts';
import type { Issue } from '../engine/core/errors.ts';
import type { InputInfo } from '../engine/model/types.ts';
import { parseYear, type Row } from './csv.ts';
import { cellIssue, checkRegionYear, type InputValues, type LoadContext, numberCell } from './row-checks.ts';

export interface ExtentChangeRow {
  region: string;
  fromYear: number;
  toYear: number;
  fromType: string;
  toType: string;
  area: Dec;
}

type Factor = { num: Dec; den: Dec } | undefined;

/** extent.csv → the model's extent input (area by ecosystem type), in the model's area unit. */
export function readExtent(ctx: LoadContext, file: string, rows: Row[], extent: InputInfo, haFactor: Factor, values: InputValues): void {
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
    const v = numberCell(ctx, file, row, 'area_ha', extent, haFactor);
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

/**
 * extent-change.csv: a transition matrix whose margins must equal the opening and closing extents. The margins
 * are checked only when nothing else is wrong (a refused row would make every margin look wrong).
 */
export function readExtentChange(
  ctx: LoadContext,
  file: string,
  rows: Row[],
  extent: InputInfo,
  haFactor: Factor,
  values: InputValues,
): ExtentChangeRow[] {
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
    const v = numberCell(ctx, file, row, 'area_ha', extent, haFactor);
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
