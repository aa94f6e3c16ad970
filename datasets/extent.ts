import { Dec } from '../engine/core/decimal.ts';
import type { Issue } from '../engine/core/errors.ts';
import type { DimInfo, InputInfo } from '../engine/model/types.ts';
import { parseYear, type Row } from './csv.ts';
import { cellIssue, checkRegionYear, type InputValues, keyCell, type LoadContext, numberCell, unitCell } from './row-checks.ts';

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
    const type = keyCell(ctx, file, row, 'ecosystem_type', dim, 'ecosystem type');
    const v = areaCell(ctx, file, row, extent);
    if (type === undefined) continue;
    const id = `${row.cells.region}|${row.cells.year}|${type}`;
    const first = seen.get(id);
    if (first !== undefined)
      cellIssue(
        ctx,
        file,
        row,
        'ecosystem_type',
        'duplicate_row',
        `duplicate of line ${first} (${row.cells.region}, ${row.cells.year}, ${type}${row.cells.ecosystem_type === type ? '' : `, written "${row.cells.ecosystem_type}"`})`,
      );
    else seen.set(id, row.line);
    if (year !== undefined && v !== undefined && first === undefined) values.put(row.cells.region!, year, extent, type, v);
  }
  checkClassesAlone(ctx, file, rows, dim, seen);
}

/**
 * A level-1 class stands for data with no finer split: given beside one of its own types for the same region-year,
 * the class would be read as the rest of the group or as its total, and either reading is a guess.
 */
function checkClassesAlone(ctx: LoadContext, file: string, rows: Row[], dim: DimInfo, seen: Map<string, number>): void {
  const byLine = new Map(rows.map((r) => [r.line, r]));
  for (const [id, line] of seen) {
    const [region, year, key] = id.split('|') as [string, string, string];
    if (dim.keys.includes(key) || dim.groupOf.get(key) !== key) continue; // not a class
    const types = dim.keys.filter((k) => dim.groupOf.get(k) === key && seen.has(`${region}|${year}|${k}`));
    if (types.length)
      cellIssue(
        ctx,
        file,
        byLine.get(line)!,
        'ecosystem_type',
        'key_mixed',
        `${key} is a level-1 class and its type${types.length > 1 ? 's' : ''} ${types.map((t) => `${t} (line ${seen.get(`${region}|${year}|${t}`)})`).join(', ')} ${types.length > 1 ? 'are' : 'is'} given too for ${region} ${year}: give the class alone (no finer split) or its types`,
      );
  }
}

/** The area_ha cell in the model's area unit, read in the row's unit (the unit column; ha when empty). */
function areaCell(ctx: LoadContext, file: string, row: Row, extent: InputInfo): Dec | undefined {
  const factor = unitCell(ctx, file, row, 'unit', extent.unit, 'area_ha', 'ha', false);
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
    const types: Record<string, string | undefined> = {};
    for (const c of ['from_type', 'to_type']) {
      types[c] = keyCell(ctx, file, row, c, dim, 'ecosystem type');
      if (types[c] === undefined) ok = false;
    }
    const v = areaCell(ctx, file, row, extent);
    if (ok && v !== undefined)
      out.push({
        region: row.cells.region!,
        fromYear: fy!,
        toYear: ty!,
        fromType: types.from_type!,
        toType: types.to_type!,
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
