import { resolve } from 'node:path';
import type { Dec } from '../engine/core/decimal.ts';
import { type Issue, IssuesError } from '../engine/core/errors.ts';
import { parseUnit } from '../engine/core/units.ts';
import { readNumberCell } from './cells.ts';
import type { Row } from './csv.ts';
import { readManifest } from './read-manifest.ts';
import { checkRegionYear, duplicateRow, type LoadContext, cellIssue } from './row-checks.ts';
import { LoadNotes } from './load-notes.ts';

/**
 * indicators.csv (files.indicators): values an indicator system reads that no GEP, carbon or dual run computes —
 * green coverage, air-quality days, park service coverage … — as `region, year, indicator, value, unit, source`.
 * The indicator ids are the system's to name (models/indicator-systems/), so they are not checked here; the unit
 * must be one the unit reader knows (converted exactly to the system's unit when the index is computed) and every
 * row names its source. Every problem of every row is reported.
 */
export interface IndicatorRow {
  region: string;
  year: number;
  indicator: string;
  value: Dec;
  unit: string;
  source: string;
  line: number;
}

export interface IndicatorTable {
  /** The file as messages and explanations name it (its name in the manifest). */
  file: string;
  get(region: string, year: number, indicator: string): IndicatorRow | undefined;
  rows: IndicatorRow[];
}

const ID = /^[a-z][a-z0-9_.]*$/;

export function readIndicators(ctx: LoadContext, file: string, rows: Row[], name: string): IndicatorTable {
  const out = new Map<string, IndicatorRow>();
  for (const row of rows) {
    const c = row.cells;
    const year = checkRegionYear(ctx, file, row);
    const indicator = c.indicator ?? '';
    let ok = year !== undefined;
    if (!ID.test(indicator)) {
      cellIssue(
        ctx,
        file,
        row,
        'indicator',
        'indicator_unknown',
        `"${indicator}" is not an indicator id (lower-case letters, digits, _ and .)`,
      );
      ok = false;
    }
    const value = readNumberCell(c.value ?? '', { file, row: row.line, column: 'value' }, ctx.issues);
    const unit = c.unit ?? '';
    try {
      parseUnit(unit);
    } catch (e) {
      cellIssue(ctx, file, row, 'unit', 'unit_invalid', (e as Error).message);
      ok = false;
    }
    const source = c.source ?? '';
    if (!source) {
      cellIssue(ctx, file, row, 'source', 'source_missing', 'an indicator value names its source (yearbook, bulletin, survey …)');
      ok = false;
    }
    if (!ok || value === undefined || year === undefined) continue;
    const k = `${c.region}\0${year}\0${indicator}`;
    const first = out.get(k);
    if (first) {
      duplicateRow(ctx, file, row, 'indicator', first.line, [c.region!, year, indicator]);
      continue;
    }
    out.set(k, { region: c.region!, year, indicator, value, unit, source, line: row.line });
  }
  return { file: name, rows: [...out.values()], get: (r, y, i) => out.get(`${r}\0${y}\0${i}`) };
}

/** indicators.csv of a dataset folder or workbook, without a model (an index needs no GEP model to read it); undefined when the manifest lists none. */
export function loadIndicators(dirIn: string): IndicatorTable | undefined {
  const { manifest, source } = readManifest(resolve(dirIn));
  const name = manifest.files.indicators;
  if (!name) return undefined;
  const issues: Issue[] = [];
  const table = source.table('indicators', name, issues);
  if (!table) throw new IssuesError('dataset', source.locate(issues));
  const ctx: LoadContext = {
    regions: new Set(manifest.regions.map((r) => r.id)),
    years: new Set(manifest.years),
    issues,
    warnings: [],
    notes: new LoadNotes(),
  };
  const read = readIndicators(ctx, table.file, table.rows, name);
  if (issues.length) throw new IssuesError('dataset', source.locate(issues));
  return read;
}
