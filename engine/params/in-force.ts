import type { Issue } from '../core/errors.ts';
import type { Cell, Parameter, ParamEntry } from './parameter.ts';

/** `beforeFirstEntry`: the year is before the parameter's first entry, which is used in its place (and must be said). */
export type InForce<E extends ParamEntry> =
  | { entry: E; beforeFirstEntry?: true; issue?: undefined }
  | { entry?: undefined; beforeFirstEntry?: undefined; issue: Issue };
export type CellInForce<E extends ParamEntry> =
  | { entry: E; cell: Cell; matched: string; fallback: boolean; beforeFirstEntry?: true; issue?: undefined }
  | { entry?: undefined; beforeFirstEntry?: undefined; issue: Issue };

const named = (p: Parameter<ParamEntry>) => `${p.kind} "${p.name}"`;

/**
 * The entry of `p` in force in `year`: the latest whose `from` is at or before it. A year before the first entry
 * takes the first entry, marked `beforeFirstEntry` (a 2005 account on coefficients sourced from 2010: the caller
 * records the marker in its trace and diagnostics, never silently). When the entry in force ended (`until` before
 * `year`), nothing is in force: an ended parameter does not fall back to an older entry. A parameter without
 * entries is an issue naming it, never undefined or zero.
 */
export function entryInForce<E extends ParamEntry>(p: Parameter<E>, year: number): InForce<E> {
  let found: E | undefined;
  for (const e of p.entries) {
    if (e.from <= year) found = e;
    else break;
  }
  if (!found) {
    const first = p.entries[0];
    if (first) return { entry: first, beforeFirstEntry: true };
    return { issue: { code: 'parameter_not_in_force', message: `${named(p)} has no entry in force in ${year} (it has no entries)` } };
  }
  if (found.until !== undefined && found.until < year) {
    return {
      issue: {
        code: 'parameter_ended',
        message: `${named(p)} ended in ${found.until} (its entry from ${found.from} is in force until ${found.until}): nothing is in force in ${year}`,
      },
    };
  }
  return { entry: found };
}

/**
 * The value of `p` in `year` for a key tuple (empty for a scalar): the entry in force, then the key's row,
 * else the row of its group (dimension by dimension), else the "*" default row (`fallback`). A table without
 * a row for the key is an issue naming the parameter, the keys and the entry.
 */
export function cellInForce<E extends ParamEntry>(p: Parameter<E>, year: number, keys: readonly string[] = []): CellInForce<E> {
  const r = entryInForce(p, year);
  if (r.issue) return { issue: r.issue };
  const entry = r.entry;
  const before = r.beforeFirstEntry === true;
  if (entry.scalar) return found(entry, entry.scalar, '', false, before);
  const table = entry.table ?? new Map<string, Cell>();
  // the exact key tuple is the first candidate and the common hit: tried before the candidates are built (their
  // arrays were ~55 KB of the ~1.7 MB a traced one-region-year run allocates, bench/worker-gc.ts)
  const exact = keys.length === 1 ? keys[0]! : keys.join('|');
  const hit = table.get(exact);
  if (hit) return found(entry, hit, exact, false, before);
  for (const key of keyCandidates(p, keys)) {
    const cell = table.get(key);
    if (cell) return found(entry, cell, key, false, before);
  }
  const star = table.get(keys.map(() => '*').join('|'));
  if (star) return found(entry, star, '*', true, before);
  const what = p.dims.map((d, n) => `${d.name} "${keys[n]}"`).join(', ');
  return {
    issue: {
      code: 'parameter_missing_key',
      message: `${named(p)} has no value for ${what || 'its key'} in its entry from ${entry.from} (${entry.source})`,
    },
  };
}

/** A cell found, marked when its entry is the first one used before its year (a field set, not a spread object). */
function found<E extends ParamEntry>(entry: E, cell: Cell, matched: string, fallback: boolean, before: boolean): CellInForce<E> {
  const out: CellInForce<E> = { entry, cell, matched, fallback };
  if (before) out.beforeFirstEntry = true;
  return out;
}

/** Exact key tuple first, then with each key replaced by its group (forest for broadleaf_forest). */
export function keyCandidates(p: Pick<Parameter<ParamEntry>, 'dims'>, keys: readonly string[]): string[] {
  let out: string[][] = [[]];
  p.dims.forEach((d, n) => {
    const k = keys[n]!;
    const g = d.groupOf.get(k);
    const opts = g ? [k, g] : [k];
    out = out.flatMap((prefix) => opts.map((o) => [...prefix, o]));
  });
  return out.map((t) => t.join('|'));
}
