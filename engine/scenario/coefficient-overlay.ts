import type { IssueCode } from '../core/issue-codes.ts';
import { dec } from '../core/decimal.ts';
import { flattenTable } from '../model/compile.ts';
import type { CoefInfo, ResolvedEntry } from '../model/types.ts';
import { overrideWindow, scaleEntry } from './override-parameter.ts';
import type { CoefficientOverride } from './schema.ts';

type Fail = (field: string, code: IssueCode, message: string) => void;

/**
 * The coefficient with the override laid over it (./override-parameter.ts): from `from` (to `until`) a new
 * scalar value, some table rows, or every value scaled; earlier years, and years after `until`, are unchanged.
 */
export function overrideCoefficient(c: CoefInfo, ov: CoefficientOverride, scenarioId: string, fail: Fail): CoefInfo | undefined {
  const note = `scenario ${scenarioId}: ${ov.source}`;
  const replace = windowReplacement(c, ov, note, fail);
  let refused = !replace;
  const r = overrideWindow(c, ov.from, ov.until, (w) => {
    const out = replace?.(w);
    if (!out) refused = true;
    return out ?? w;
  });
  if (r.issue) fail('from', r.issue.code, r.issue.message);
  return refused || r.issue ? undefined : { ...c, entries: r.entries };
}

/** What the override puts in place of the entries in force in its window; undefined when it is refused. */
function windowReplacement(
  c: CoefInfo,
  ov: CoefficientOverride,
  note: string,
  fail: Fail,
): ((w: ResolvedEntry[]) => ResolvedEntry[] | undefined) | undefined {
  const priceYear = ov.price_year ?? ov.from;
  if (ov.value !== undefined) {
    if (c.dims.length) {
      fail(
        'value',
        'table_expected',
        `coefficient "${c.name}" varies by ${c.dims.map((d) => d.name).join(' × ')}: give table rows or a scale`,
      );
      return undefined;
    }
    const range = ov.range;
    const entry: ResolvedEntry = {
      from: ov.from,
      priceYear,
      source: note,
      scalar: { value: dec(ov.value), ...(range ? { low: dec(range.low), high: dec(range.high) } : {}) },
      ...(range ? { range } : {}),
    };
    return () => [entry];
  }
  if (ov.table !== undefined) {
    if (!c.dims.length) {
      fail('table', 'value_expected', `coefficient "${c.name}" has no dimension: give a value, not a table`);
      return undefined;
    }
    const problems: string[] = [];
    const rows = flattenTable(ov.table, c.dims, (m) => problems.push(m));
    for (const p of problems) fail('table', 'table_key', p);
    if (problems.length) return undefined;
    return (w) => {
      const mixed = c.currency ? w.find((e) => e.priceYear !== priceYear) : undefined;
      if (mixed) {
        fail(
          'price_year',
          'price_year_mismatch',
          `the rows replace part of an entry of "${c.name}" priced in ${mixed.priceYear}: give price_year ${mixed.priceYear} (and values in ${mixed.priceYear} prices), or override from a year whose entries share the price year`,
        );
        return undefined;
      }
      // A group or "*" row replaces every row it covers: otherwise the model's more specific rows would win the lookup.
      return w.map((e) => {
        const kept = [...e.table!].filter(([key]) => ![...rows.keys()].some((ok) => covers(c.dims, ok, key)));
        return { ...e, source: `${e.source}; rows ${[...rows.keys()].join(', ')} by ${note}`, table: new Map([...kept, ...rows]) };
      });
    };
  }
  const k = dec(ov.scale!);
  if (!k.gt(0)) {
    fail('scale', 'not_positive', `scale must be positive (got ${ov.scale})`);
    return undefined;
  }
  return (w) => w.map((e) => ({ ...scaleEntry(e, k), source: `${e.source}; ×${ov.scale} by ${note}` }));
}

/** True when an override row key (keys, groups or "*") covers a table row key, dimension by dimension. */
function covers(dims: CoefInfo['dims'], over: string, row: string): boolean {
  const o = over.split('|'),
    r = row.split('|');
  return dims.every((d, i) => o[i] === r[i] || o[i] === '*' || d.groupOf.get(r[i]!) === o[i]);
}
