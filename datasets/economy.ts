import { resolve } from 'node:path';
import { Dec } from '../engine/core/decimal.ts';
import { DECIMAL_LIMITS } from '../engine/core/decimal-text.ts';
import { IssuesError, type Issue } from '../engine/core/errors.ts';
import { annualConversion, parseUnit, type Unit } from '../engine/core/units.ts';
import { readNumberCell } from './cells.ts';
import { parseYear, type Row } from './csv.ts';
import { readManifest } from './read-manifest.ts';
import { type LoadNotes, unitNote } from './load-notes.ts';
import type { IssueCode } from '../engine/core/issue-codes.ts';

/**
 * economy.csv: the economic side of dual accounting and of carbon intensities. GDP at current prices with
 * its volume index (previous year = 100, as statistical bulletins publish it) gives GDP at constant prices
 * by chaining; population gives per-capita figures. Years may reach further back than the GEP years
 * (carbon peaking needs a history).
 */
export const ECONOMY_VARIABLES = {
  gdp: { unit: 'CNY', label: 'GDP at current prices' },
  gdp_index: { unit: 'index', label: 'GDP volume index, previous year = 100' },
  population: { unit: 'person', label: 'resident population at year end' },
  va_primary: { unit: 'CNY', label: 'value added, primary sector, current prices' },
  va_secondary: { unit: 'CNY', label: 'value added, secondary sector, current prices' },
  va_tertiary: { unit: 'CNY', label: 'value added, tertiary sector, current prices' },
} as const;
export type EconomyVariable = keyof typeof ECONOMY_VARIABLES;

export interface EconomyValue {
  value: Dec;
  source: string;
  file: string;
  row: number;
}

export interface Economy {
  regions: string[];
  /** Years with any economy row for the region, ascending. */
  years(region: string): number[];
  get(region: string, variable: EconomyVariable, year: number): EconomyValue | undefined;
  value(region: string, variable: EconomyVariable, year: number): Dec | undefined;
  /**
   * GDP of `year` at `baseYear` prices: GDP(base) × Π of the volume indices between them (divided when
   * going back). Exact; throws naming the missing row when the chain is broken.
   */
  gdpConstant(region: string, year: number, baseYear: number): Dec;
  /** Real GDP growth from `from` to `to` as a ratio (chained volume indices), e.g. 1.097. */
  gdpVolumeRatio(region: string, from: number, to: number): Dec;
}

const HUNDRED = new Dec(100);

/**
 * Parse economy.csv rows (already split by readCsv); problems go to `issues`, all of them. Units are read by the one
 * unit reader: 亿元, 10^8 CNY, 万人, 10^4 person convert exactly, and each scaling is noted in `notes`.
 */
export function parseEconomy(file: string, rows: Row[], regions: Set<string>, issues: Issue[], notes?: LoadNotes): Economy {
  const values = new Map<string, EconomyValue>();
  const id = (r: string, v: string, y: number) => `${r}\0${v}\0${y}`;
  const yearsOf = new Map<string, Set<number>>();
  const cell = (row: Row, column: string, code: IssueCode, message: string) => issues.push({ code, file, row: row.line, column, message });
  const units = new Map<string, Unit>([
    ['CNY', parseUnit('CNY')],
    ['person', parseUnit('person')],
  ]);

  for (const row of rows) {
    const { region, variable, unit } = row.cells as Record<string, string>;
    let ok = true;
    if (!regions.has(region!)) {
      cell(row, 'region', 'region_unknown', `region "${region}" is not in the manifest (${[...regions].join(', ')})`);
      ok = false;
    }
    const year = parseYear(row.cells.year!);
    if (year === undefined) {
      cell(row, 'year', 'not_a_year', `"${row.cells.year}" is not a year`);
      ok = false;
    }
    const spec = ECONOMY_VARIABLES[variable as EconomyVariable] as { unit: string } | undefined;
    if (!spec) {
      cell(row, 'variable', 'variable_unknown', `"${variable}" is not an economy variable (${Object.keys(ECONOMY_VARIABLES).join(', ')})`);
      continue;
    }
    let v = readNumberCell(row.cells.value!, { file, row: row.line, column: 'value' }, issues);
    if (v === undefined) ok = false;
    // Units: the index is a pure number; money and people convert exactly (亿元, 10^4 person).
    if (spec.unit === 'index') {
      if (unit !== 'index') {
        cell(row, 'unit', 'unit_mismatch', `${variable} is an index with the previous year = 100: its unit is "index"`);
        ok = false;
      }
    } else {
      const to = units.get(spec.unit)!;
      let written: Unit | undefined;
      try {
        written = parseUnit(unit!);
      } catch (e) {
        cell(row, 'unit', 'unit_invalid', `${variable} is in ${spec.unit}; ${(e as Error).message}`);
        ok = false;
      }
      if (written) {
        try {
          const f = annualConversion(written, to);
          if (v && f.perYear && f.identity) notes?.add(file, unitNote(written.text, to.text, f), row.line);
          if (v && !f.identity) {
            v = v.mul(f.num).div(f.den);
            notes?.add(file, unitNote(written.text, to.text, f), row.line);
            if (!v.isZero() && v.e >= DECIMAL_LIMITS.maxExponent) {
              cell(
                row,
                'value',
                'number_out_of_range',
                `${row.cells.value} ${unit} is about ${v.toSignificantDigits(3).toExponential()} ${to.text}: out of range`,
              );
              ok = false;
            }
          }
        } catch {
          cell(row, 'unit', 'unit_mismatch', `${variable} is in ${spec.unit}; "${unit}" cannot be converted to it`);
          ok = false;
        }
      }
    }
    if (v && (spec.unit === 'index' ? !v.gt(0) : v.isNeg())) {
      cell(row, 'value', spec.unit === 'index' ? 'not_positive' : 'negative', `${variable} cannot be ${v}`);
      ok = false;
    }
    if (!ok || !v || year === undefined) continue;
    const k = id(region!, variable!, year);
    const first = values.get(k);
    if (first) {
      cell(row, 'variable', 'duplicate_row', `duplicate of line ${first.row} (${region}, ${year}, ${variable})`);
      continue;
    }
    values.set(k, { value: v, source: row.cells.source ?? '', file, row: row.line });
    if (!yearsOf.has(region!)) yearsOf.set(region!, new Set());
    yearsOf.get(region!)!.add(year);
  }

  const get = (r: string, v: EconomyVariable, y: number) => values.get(id(r, v, y));
  const need = (r: string, v: EconomyVariable, y: number): Dec => {
    const hit = get(r, v, y);
    if (!hit)
      throw new IssuesError('run', [
        {
          code: 'economy_missing',
          file,
          message: `no ${v} row for ${r} in ${y} (the run needs it${v === 'gdp' || v === 'gdp_index' ? ', e.g. for GDP at constant prices of the base year' : ''})`,
        },
      ]);
    return hit.value;
  };
  const gdpVolumeRatio = (r: string, from: number, to: number): Dec => {
    let ratio = new Dec(1);
    for (let y = Math.min(from, to) + 1; y <= Math.max(from, to); y++) ratio = ratio.mul(need(r, 'gdp_index', y)).div(HUNDRED);
    return to >= from ? ratio : new Dec(1).div(ratio);
  };
  return {
    regions: [...regions].filter((r) => yearsOf.has(r)),
    years: (r) => [...(yearsOf.get(r) ?? [])].sort((a, b) => a - b),
    get,
    value: (r, v, y) => get(r, v, y)?.value,
    gdpConstant: (r, y, base) => need(r, 'gdp', base).mul(gdpVolumeRatio(r, base, y)),
    gdpVolumeRatio,
  };
}

/**
 * Economy of a dataset folder without a model (carbon runs need no GEP model). Reads the manifest and
 * economy.csv only; every problem is reported at once.
 */
export function loadEconomy(dirIn: string): Economy {
  const { manifest, file: manifestFile, source } = readManifest(resolve(dirIn));
  const name = manifest.files.economy;
  if (!name)
    throw new IssuesError('dataset', [
      {
        code: 'economy_missing',
        file: manifestFile,
        path: 'files.economy',
        message: 'the manifest lists no economy file (GDP, population)',
      },
    ]);
  const issues: Issue[] = [];
  const table = source.table('economy', name, issues);
  if (!table) throw new IssuesError('dataset', source.locate(issues));
  const { file, rows } = table;
  const economy = parseEconomy(file, rows, new Set(manifest.regions.map((r) => r.id)), issues);
  if (issues.length) throw new IssuesError('dataset', source.locate(issues));
  return economy;
}
