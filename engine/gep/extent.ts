import { type Dec, ZERO } from '../core/decimal.ts';

/** SEEA-style extent account of one region: area by type per year, net change, and the transition matrix. */
export interface ExtentAccount {
  region: string;
  unit: string;
  years: number[];
  types: string[];
  /** year → type → area */
  area: Map<number, Map<string, Dec>>;
  total: Map<number, Dec>;
  changes: ExtentChange[];
}

export interface ExtentChange {
  fromYear: number;
  toYear: number;
  /** type → opening, closing, net change; plus additions and reductions when a matrix is given */
  rows: { type: string; opening: Dec; additions?: Dec; reductions?: Dec; net: Dec; closing: Dec }[];
  /** from type → to type → area (only when the dataset gives a transition matrix) */
  matrix?: Map<string, Map<string, Dec>>;
}

export interface TransitionRow {
  fromType: string;
  toType: string;
  area: Dec;
}

/**
 * Build the account from areas by year. Net change between consecutive years always; gross additions and
 * reductions only from a transition matrix, since net figures cannot tell them apart.
 */
export function extentAccount(
  region: string,
  unit: string,
  typeOrder: string[],
  byYear: Map<number, Map<string, Dec>>,
  transitions: Map<string, TransitionRow[]>,
): ExtentAccount {
  const years = [...byYear.keys()].sort((a, b) => a - b);
  const present = new Set(years.flatMap((y) => [...byYear.get(y)!.keys()]));
  const types = typeOrder.filter((t) => present.has(t));
  const total = new Map(years.map((y) => [y, [...byYear.get(y)!.values()].reduce((a, b) => a.plus(b), ZERO)]));
  const pairs = new Set<string>();
  for (let i = 1; i < years.length; i++) pairs.add(`${years[i - 1]}-${years[i]}`);
  for (const k of transitions.keys()) pairs.add(k);
  const changes: ExtentChange[] = [...pairs].sort().map((pair) => {
    const [fromYear, toYear] = pair.split('-').map(Number) as [number, number];
    const open = byYear.get(fromYear) ?? new Map(),
      close = byYear.get(toYear) ?? new Map();
    const t = transitions.get(pair);
    let matrix: ExtentChange['matrix'];
    if (t) {
      matrix = new Map();
      for (const r of t) {
        const row = matrix.get(r.fromType) ?? new Map<string, Dec>();
        row.set(r.toType, (row.get(r.toType) ?? ZERO).plus(r.area));
        matrix.set(r.fromType, row);
      }
    }
    const rows = types.map((type) => {
      const opening = open.get(type) ?? ZERO,
        closing = close.get(type) ?? ZERO;
      const base = { type, opening, net: closing.minus(opening), closing };
      if (!t) return base;
      const additions = t.filter((r) => r.toType === type && r.fromType !== type).reduce((a, r) => a.plus(r.area), ZERO);
      const reductions = t.filter((r) => r.fromType === type && r.toType !== type).reduce((a, r) => a.plus(r.area), ZERO);
      return { ...base, additions, reductions };
    });
    return { fromYear, toYear, rows, ...(matrix ? { matrix } : {}) };
  });
  return { region, unit, years, types, area: byYear, total, changes };
}
