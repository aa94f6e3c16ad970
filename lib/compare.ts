import { dec, str, ZERO } from '../engine/core/decimal.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { resultRows } from './gep-rows.ts';
import type { ResultRow } from './rows.ts';
import type { AccountRun } from './run.ts';

/** The long rows of one scenario (a GEP run's resultRows, optionally with dual rows appended). */
export interface ScenarioRows {
  scenario: string;
  rows: ResultRow[];
}

/**
 * Δ of every indicator of every run against the first (the reference), physical and money, as long rows:
 * `level` is "delta_" + the original level (delta_total, delta_service, delta_detail, …), `scenario` the run
 * compared, `key` the original key plus `vs=<reference scenario>`. A row present in only one of the two
 * (an ecosystem type that a conversion creates) counts as zero in the other.
 */
export function compareRuns(runs: AccountRun[]): ResultRow[] {
  return compareRows(runs.map((r) => ({ scenario: r.meta.scenario, rows: resultRows(r) })));
}

export function compareRows(sets: ScenarioRows[]): ResultRow[] {
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
  const out: ResultRow[] = [];
  for (const set of others) {
    const own = new Map(set.rows.map((r) => [id(r), r]));
    // reference order first, then rows only the other run has, so the output order is stable
    const keys = [...refIndex.keys(), ...[...own.keys()].filter((k) => !refIndex.has(k))];
    for (const k of keys) {
      const a = refIndex.get(k),
        b = own.get(k);
      const proto = (b ?? a)!;
      const diff = (x: string | undefined, y: string | undefined) =>
        (x === undefined || x === '') && (y === undefined || y === '') ? '' : str(dec(y || '0').minus(dec(x || '0')));
      out.push({
        ...proto,
        level: `delta_${proto.level}`,
        scenario: set.scenario,
        key: proto.key ? `${proto.key};vs=${ref.scenario}` : `vs=${ref.scenario}`,
        physical_value: diff(a?.physical_value, b?.physical_value),
        money_value: diff(a?.money_value, b?.money_value),
        method: `Δ vs ${ref.scenario}`,
      });
    }
  }
  return out;
}

/** True when a delta row is exactly zero in both accounts (for summaries that list only what changed). */
export function isZeroDelta(r: ResultRow): boolean {
  return (r.physical_value === '' || dec(r.physical_value).eq(ZERO)) && (r.money_value === '' || dec(r.money_value).eq(ZERO));
}
