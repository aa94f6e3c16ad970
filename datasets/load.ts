import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dec, Dec, isDecimalText } from '../engine/core/decimal.ts';
import type { Issue } from '../engine/core/errors.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { conversion, parseUnit } from '../engine/core/units.ts';
import type { AccountingData, RegionYearValues } from '../engine/eval/data.ts';
import type { CompiledModel, InputInfo } from '../engine/model/types.ts';
import { DEFAULTS } from '../models/defaults.ts';
import { parseEconomy, type Economy } from './economy.ts';
import { parseYear, readCsv, type Row } from './csv.ts';
import { COLUMNS, type Manifest } from './manifest.ts';
import { displayName, readManifest } from './read-manifest.ts';
import type { IssueCode } from '../engine/core/issue-codes.ts';

export interface ExtentChangeRow {
  region: string;
  fromYear: number;
  toYear: number;
  fromType: string;
  toType: string;
  area: Dec;
}

export interface Dataset extends AccountingData {
  dir: string;
  manifest: Manifest;
  /** sha256 over the manifest and every data file, byte for byte, in a fixed order. */
  hash: string;
  files: { name: string; sha256: string }[];
  extentChange: ExtentChangeRow[];
  /** Problems that do not stop the dataset being used (rows for variables this model does not use). */
  warnings: Issue[];
  /** GDP, population and value added (economy.csv), when the manifest lists it. */
  economy?: Economy;
}

/** The default dataset: a folder in datasets/ named by models/defaults.yaml. */
export const DEFAULT_DATASET = resolve(import.meta.dirname, DEFAULTS.gep.dataset);

/**
 * Load a dataset folder and check it against a model. Every problem in every file is collected (file,
 * line, column and the rule broken) and thrown together; nothing is returned unless all of it is good.
 */
export function loadDataset(dirIn: string, model: CompiledModel): Dataset {
  const dir = resolve(dirIn);
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const relName = displayName;
  const { manifest, bytes: manifestBytes } = readManifest(dir);
  const regions = new Set(manifest.regions.map((r) => r.id));
  const years = new Set(manifest.years);

  const hash = createHash('sha256').update('dataset.yaml\0').update(manifestBytes);
  const files: Dataset['files'] = [{ name: 'dataset.yaml', sha256: sha(manifestBytes) }];
  const tables: Partial<Record<keyof typeof COLUMNS, Row[]>> = {};
  for (const table of Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]) {
    const name = manifest.files[table];
    if (!name) continue;
    const file = join(dir, name);
    if (!existsSync(file)) {
      issues.push({ code: 'file_missing', file: relName(file), message: `the manifest lists ${name} for ${table}, but it does not exist` });
      continue;
    }
    const bytes = readFileSync(file);
    hash.update(`${table}\0${name}\0`).update(bytes);
    files.push({ name, sha256: sha(bytes) });
    tables[table] = readCsv(relName(file), bytes, COLUMNS[table], issues);
  }

  const values = new Map<string, RegionYearValues>();
  const ry = (r: string, y: number) => `${r}\0${y}`;
  const put = (region: string, year: number, input: InputInfo, key: string, v: Dec) => {
    let byInput = values.get(ry(region, year));
    if (!byInput) values.set(ry(region, year), (byInput = new Map()));
    let byKey = byInput.get(input.name);
    if (!byKey) byInput.set(input.name, (byKey = new Map()));
    byKey.set(key, v);
  };

  const cellIssue = (file: string, row: Row, column: string, code: IssueCode, message: string) =>
    issues.push({ code, file, row: row.line, column, message });
  const checkRegionYear = (file: string, row: Row, yearColumn = 'year'): number | undefined => {
    let ok = true;
    if (!regions.has(row.cells.region!)) {
      cellIssue(file, row, 'region', 'region_unknown', `region "${row.cells.region}" is not in the manifest (${[...regions].join(', ')})`);
      ok = false;
    }
    const y = parseYear(row.cells[yearColumn]!);
    if (y === undefined) {
      cellIssue(file, row, yearColumn, 'not_a_year', `"${row.cells[yearColumn]}" is not a year`);
      return undefined;
    }
    if (!years.has(y)) {
      cellIssue(file, row, yearColumn, 'year_unknown', `${y} is not among the manifest's years (${[...years].join(', ')})`);
      ok = false;
    }
    return ok ? y : undefined;
  };
  const numberCell = (
    file: string,
    row: Row,
    column: string,
    input: InputInfo | undefined,
    unitFactor?: { num: Dec; den: Dec },
  ): Dec | undefined => {
    const text = row.cells[column]!.trim();
    if (!isDecimalText(text) || text.includes('/')) {
      cellIssue(
        file,
        row,
        column,
        'not_a_number',
        `"${text}" is not a number (use a plain decimal such as 1234.5, no thousands separators)`,
      );
      return undefined;
    }
    let v = dec(text);
    if (unitFactor) v = v.mul(unitFactor.num).div(unitFactor.den);
    if (input?.min && v.lt(input.min)) {
      cellIssue(file, row, column, 'below_minimum', `${text} is below the minimum ${input.min} for ${input.name}`);
      return undefined;
    }
    if (input?.max && v.gt(input.max)) {
      cellIssue(file, row, column, 'above_maximum', `${text} is above the maximum ${input.max} for ${input.name}`);
      return undefined;
    }
    return v;
  };

  // extent.csv → the model's extent input (area by ecosystem type)
  const extentInput = [...model.inputs.values()].find((i) => i.table === 'extent');
  // area_ha columns are in ha whatever unit the model counts area in
  const haConversion = extentInput ? conversion(parseUnit('ha'), extentInput.unit) : undefined;
  const haFactor = haConversion && !haConversion.identity ? haConversion : undefined;
  if (tables.extent && extentInput) {
    const file = relName(join(dir, manifest.files.extent));
    const dim = extentInput.dims[0]!;
    const seen = new Map<string, number>();
    for (const row of tables.extent) {
      const year = checkRegionYear(file, row);
      const type = row.cells.ecosystem_type!;
      const typeOk = dim.keyLabels.has(type);
      if (!typeOk)
        cellIssue(
          file,
          row,
          'ecosystem_type',
          'key_unknown',
          `unknown ecosystem type "${type}"${dim.groups.has(type) ? ` ("${type}" is a group; give its types: ${dim.keys.filter((k) => dim.groupOf.get(k) === type).join(', ')})` : ''}`,
        );
      const v = numberCell(file, row, 'area_ha', extentInput, haFactor);
      const id = `${row.cells.region}|${row.cells.year}|${type}`;
      const first = seen.get(id);
      if (first !== undefined)
        cellIssue(
          file,
          row,
          'ecosystem_type',
          'duplicate_row',
          `duplicate of line ${first} (${row.cells.region}, ${row.cells.year}, ${type})`,
        );
      else seen.set(id, row.line);
      if (year !== undefined && typeOk && v !== undefined && first === undefined) put(row.cells.region!, year, extentInput, type, v);
    }
  }

  // observations.csv → every other input
  if (tables.observations) {
    const file = relName(join(dir, manifest.files.observations));
    const seen = new Map<string, number>();
    for (const row of tables.observations) {
      const year = checkRegionYear(file, row);
      const variable = row.cells.variable!;
      const input = model.inputs.get(variable);
      if (!input) {
        // One dataset can serve several models: a variable this model does not use is noted, not refused.
        // A misspelt variable still surfaces, as the input the model then misses.
        warnings.push({
          code: 'variable_unused',
          file,
          row: row.line,
          column: 'variable',
          message: `"${variable}" is not an input of ${model.ref}; the row is not used`,
        });
        continue;
      }
      if (input.table !== 'observations') {
        cellIssue(file, row, 'variable', 'variable_misplaced', `"${variable}" belongs in ${input.table}.csv`);
        continue;
      }
      const key = row.cells.key ?? '';
      const keyOk = checkKey(file, row, input, key);
      const id = `${row.cells.region}|${row.cells.year}|${variable}|${key}`;
      const first = seen.get(id);
      if (first !== undefined) {
        cellIssue(
          file,
          row,
          'variable',
          'duplicate_row',
          `duplicate of line ${first} (${row.cells.region}, ${row.cells.year}, ${variable}${key ? `, ${key}` : ''})`,
        );
        continue;
      }
      seen.set(id, row.line);
      if (!row.cells.unit) {
        cellIssue(file, row, 'unit', 'unit_missing', `${variable} needs its unit (${input.unit.text})`);
        continue;
      }
      let factor: { num: Dec; den: Dec } | undefined;
      try {
        const f = conversion(parseUnit(row.cells.unit!), input.unit);
        if (!f.identity) factor = f;
      } catch (e) {
        cellIssue(
          file,
          row,
          'unit',
          'unit_mismatch',
          `${variable} is in ${input.unit.text}; "${row.cells.unit}" ${(e as Error).message.startsWith('unit') ? 'is not a unit' : 'cannot be converted to it'}`,
        );
        continue;
      }
      const v = numberCell(file, row, 'value', input, factor);
      if (year !== undefined && keyOk && v !== undefined) put(row.cells.region!, year, input, key, v);
    }
  }

  function checkKey(file: string, row: Row, input: InputInfo, key: string): boolean {
    const parts = key === '' ? [] : key.split('|');
    if (parts.length !== input.dims.length) {
      cellIssue(
        file,
        row,
        'key',
        'key_shape',
        input.dims.length === 0
          ? `${input.name} has no dimension: leave key empty`
          : `${input.name} is keyed by ${input.dims.map((d) => d.name).join(' | ')}`,
      );
      return false;
    }
    let ok = true;
    input.dims.forEach((d, n) => {
      const k = parts[n]!;
      if (d.open ? !/^[a-z0-9][a-z0-9_-]*$/.test(k) : !d.keyLabels.has(k)) {
        cellIssue(
          file,
          row,
          'key',
          'key_unknown',
          d.open
            ? `"${k}" is not a valid key (lower-case letters, digits, _ and -)`
            : `"${k}" is not a key of ${d.name} (${d.keys.join(', ')})`,
        );
        ok = false;
      }
    });
    return ok;
  }

  // price-index.csv
  const priceIndex = new Map<string, Dec>();
  const seenIndex = new Map<string, number>();
  if (tables.price_index) {
    const file = relName(join(dir, manifest.files.price_index));
    for (const row of tables.price_index) {
      const y = parseYear(row.cells.year!);
      if (y === undefined) {
        cellIssue(file, row, 'year', 'not_a_year', `"${row.cells.year}" is not a year`);
        continue;
      }
      const id = `${row.cells.series}\0${y}`;
      const first = seenIndex.get(id);
      if (first !== undefined) {
        cellIssue(file, row, 'year', 'duplicate_row', `duplicate of line ${first} (${row.cells.series} ${y})`);
        continue;
      }
      seenIndex.set(id, row.line);
      const v = numberCell(file, row, 'index', undefined);
      if (v !== undefined && !v.gt(0)) {
        cellIssue(file, row, 'index', 'not_positive', 'a price index is positive');
        continue;
      }
      if (v !== undefined) priceIndex.set(id, v);
    }
    if (![...priceIndex.keys()].some((k) => k.startsWith(`${manifest.deflator}\0`))) {
      issues.push({ code: 'deflator_missing', file, message: `the manifest's deflator "${manifest.deflator}" has no rows` });
    }
  }

  // extent-change.csv: a transition matrix whose margins must equal the opening and closing extents.
  const extentChange: ExtentChangeRow[] = [];
  if (tables.extent_change && extentInput) {
    const file = relName(join(dir, manifest.files.extent_change!));
    const dim = extentInput.dims[0]!;
    for (const row of tables.extent_change) {
      const fy = checkRegionYear(file, row, 'from_year');
      const ty = regions.has(row.cells.region!) ? checkRegionYear(file, row, 'to_year') : parseYear(row.cells.to_year!); // the region is reported once
      let ok = fy !== undefined && ty !== undefined;
      if (ok && fy! >= ty!) {
        cellIssue(file, row, 'to_year', 'years_order', `to_year ${ty} is not after from_year ${fy}`);
        ok = false;
      }
      for (const c of ['from_type', 'to_type']) {
        if (!dim.keyLabels.has(row.cells[c]!)) {
          cellIssue(file, row, c, 'key_unknown', `unknown ecosystem type "${row.cells[c]}"`);
          ok = false;
        }
      }
      const v = numberCell(file, row, 'area_ha', extentInput, haFactor);
      if (ok && v !== undefined)
        extentChange.push({
          region: row.cells.region!,
          fromYear: fy!,
          toYear: ty!,
          fromType: row.cells.from_type!,
          toType: row.cells.to_type!,
          area: v,
        });
    }
    if (!issues.length)
      issues.push(...checkChangeMargins(file, extentInput.unit.text, extentChange, (r, y) => values.get(ry(r, y))?.get(extentInput.name)));
  }

  const economy = tables.economy ? parseEconomy(relName(join(dir, manifest.files.economy!)), tables.economy, regions, issues) : undefined;

  if (issues.length) throw new IssuesError('dataset', issues);
  const dataset: Dataset = {
    dir,
    manifest,
    hash: hash.digest('hex'),
    files,
    extentChange,
    warnings,
    ...(economy ? { economy } : {}),
    regions: manifest.regions.map((r) => r.id),
    years: [...manifest.years].sort((a, b) => a - b),
    deflator: manifest.deflator,
    values: (r, y) => values.get(ry(r, y)),
    priceIndex: (s, y) => priceIndex.get(`${s}\0${y}`),
  };
  return dataset;
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

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}
