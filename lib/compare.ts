import { Dec, dec, str, ZERO } from '../engine/core/decimal.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { resultRows } from './gep-rows.ts';
import type { ResultRow } from './rows.ts';
import type { AccountRun } from './run.ts';

/** The long rows of one scenario (a GEP run's resultRows, optionally with dual rows appended). */
export interface ScenarioRows {
  scenario: string;
  rows: ResultRow[];
}

/** One value in the two runs: the reference's, the scenario's, Δ = scenario − reference, and Δ % of |reference|. */
export interface Compared {
  /** '' when the row has no such value (a money-only dual row has no physical one). */
  reference: string;
  scenario: string;
  delta: string;
  /** Δ / |reference| × 100, to PCT_PLACES places; '' when the reference is 0 or absent. */
  pct: string;
}

/** Δ % is written to 4 decimal places (rounded half to even): a share, not an account value. */
export const PCT_PLACES = 4;

/**
 * One indicator of one region-year (and key, price basis) in the reference and in a compared scenario, side by
 * side. `row` is that scenario's row (the reference's when only it has one): indicator, level, key, units, prices.
 */
export interface CompareLine {
  reference: string;
  scenario: string;
  row: ResultRow;
  physical: Compared;
  money: Compared;
}

/**
 * Every indicator of every run against the first (the reference), physical and money: reference, scenario, Δ and
 * Δ %. A row present in only one of the two (an ecosystem type that a conversion creates) counts as zero in the
 * other. Order: each compared run in turn, the reference's rows first, then rows only that run has.
 */
export function compareLines(sets: ScenarioRows[]): CompareLine[] {
  if (sets.length < 2)
    throw new IssuesError('run', [{ code: 'option_invalid', message: `compare needs two or more runs (got ${sets.length})` }]);
  const ids = sets.map((s) => s.scenario);
  const dup = ids.filter((s, n) => ids.indexOf(s) !== n);
  if (dup.length)
    throw new IssuesError('run', [
      {
        code: 'duplicate',
        path: `runs.${ids.indexOf(dup[0]!, ids.indexOf(dup[0]!) + 1)}`,
        message: `scenario "${dup[0]}" is given twice: compare distinct scenarios`,
      },
    ]);
  const [ref, ...others] = sets as [ScenarioRows, ...ScenarioRows[]];
  const id = (r: ResultRow) =>
    [r.indicator, r.level, r.category, r.region, r.year, r.key, r.price_basis, r.price_year, r.physical_unit, r.currency].join('\u0000');
  const refIndex = new Map(ref.rows.map((r) => [id(r), r]));
  const out: CompareLine[] = [];
  for (const set of others) {
    const own = new Map(set.rows.map((r) => [id(r), r]));
    const keys = [...refIndex.keys(), ...[...own.keys()].filter((k) => !refIndex.has(k))];
    for (const k of keys) {
      const a = refIndex.get(k),
        b = own.get(k);
      out.push({
        reference: ref.scenario,
        scenario: set.scenario,
        row: (b ?? a)!,
        physical: compared(a?.physical_value, b?.physical_value),
        money: compared(a?.money_value, b?.money_value),
      });
    }
  }
  return out;
}

function compared(x: string | undefined, y: string | undefined): Compared {
  if ((x === undefined || x === '') && (y === undefined || y === '')) return { reference: '', scenario: '', delta: '', pct: '' };
  // A row one run lacks is zero (no such key there); a row whose value is empty has none (a physical value not given
  // beside a given money value): no Δ against an unknown.
  if (x === '' || y === '') return { reference: x ?? '', scenario: y ?? '', delta: '', pct: '' };
  const a = dec(x ?? '0'),
    b = dec(y ?? '0');
  const delta = b.minus(a);
  return {
    reference: str(a),
    scenario: str(b),
    delta: str(delta),
    pct: a.isZero() ? '' : str(delta.div(a.abs()).mul(100).toDecimalPlaces(PCT_PLACES, Dec.ROUND_HALF_EVEN)),
  };
}

/**
 * The Δ rows of the lines, as long rows: `level` is "delta_" + the original level (delta_total, delta_service,
 * delta_detail, …), `scenario` the run compared, `key` the original key plus `vs=<reference scenario>`.
 */
export function deltaRows(lines: CompareLine[]): ResultRow[] {
  return lines.map(({ row, reference, scenario, physical, money }) => ({
    ...row,
    level: `delta_${row.level}`,
    scenario,
    key: row.key ? `${row.key};vs=${reference}` : `vs=${reference}`,
    physical_value: physical.delta,
    money_value: money.delta,
    method: `Δ vs ${reference}`,
  }));
}

/** Δ of every indicator of every run against the first (the reference), as long rows (deltaRows). */
export function compareRows(sets: ScenarioRows[]): ResultRow[] {
  return deltaRows(compareLines(sets));
}

/** The lines of GEP runs compared with the first. */
export function compareRunLines(runs: AccountRun[]): CompareLine[] {
  return compareLines(runs.map((r) => ({ scenario: r.meta.scenario, rows: resultRows(r) })));
}

/** Δ of every indicator of GEP runs against the first, as long rows. */
export function compareRuns(runs: AccountRun[]): ResultRow[] {
  return deltaRows(compareRunLines(runs));
}

/** True when a delta row is exactly zero in both accounts (for summaries that list only what changed). */
export function isZeroDelta(r: ResultRow): boolean {
  return (r.physical_value === '' || dec(r.physical_value).eq(ZERO)) && (r.money_value === '' || dec(r.money_value).eq(ZERO));
}

/** True when a line's Δ is exactly zero, physical and money. */
export const isZeroLine = (l: CompareLine): boolean =>
  (l.physical.delta === '' || dec(l.physical.delta).isZero()) && (l.money.delta === '' || dec(l.money.delta).isZero());

/** The columns of a comparison table (comparison.csv, the workbook's sheet): one line per indicator and scenario. */
export const COMPARE_COLUMNS = [
  'indicator',
  'level',
  'category',
  'region',
  'year',
  'key',
  'price_basis',
  'price_year',
  'reference',
  'scenario',
  'physical_unit',
  'physical_reference',
  'physical_scenario',
  'physical_delta',
  'physical_delta_pct',
  'currency',
  'money_reference',
  'money_scenario',
  'money_delta',
  'money_delta_pct',
  'model',
] as const;

/** A line as the text cells of COMPARE_COLUMNS. */
export function compareCells(l: CompareLine): Record<(typeof COMPARE_COLUMNS)[number], string> {
  const r = l.row;
  return {
    indicator: r.indicator,
    level: r.level,
    category: r.category,
    region: r.region,
    year: r.year,
    key: r.key,
    price_basis: r.price_basis,
    price_year: r.price_year,
    reference: l.reference,
    scenario: l.scenario,
    physical_unit: r.physical_unit,
    physical_reference: l.physical.reference,
    physical_scenario: l.physical.scenario,
    physical_delta: l.physical.delta,
    physical_delta_pct: l.physical.pct,
    currency: r.currency,
    money_reference: l.money.reference,
    money_scenario: l.money.scenario,
    money_delta: l.money.delta,
    money_delta_pct: l.money.pct,
    model: r.model,
  };
}
