import { type Dec, dec } from '../core/decimal.ts';
import type { Issue } from '../core/errors.ts';
import { entryInForce } from '../params/in-force.ts';
import type { Cell, Parameter, ParamEntry } from '../params/parameter.ts';

/**
 * How a scenario lays a change over a dated parameter (a GEP coefficient or a carbon factor alike): the years
 * from `from` to `until` (to the end when left out) take `replace(entries in force in them)`; earlier years keep
 * their entries, and after `until` the parameter's own entries return. The entry in force in `from` is re-dated
 * to `from` (and the one in force after `until` to `until + 1`), so the window's edges are exact.
 * An override needs an entry in force in `from`: the issue says which, as the in-force function reports it.
 */
export function overrideWindow<E extends ParamEntry>(
  p: Parameter<E>,
  from: number,
  until: number | undefined,
  replace: (inWindow: E[]) => E[],
): { entries: E[]; issue?: undefined } | { entries?: undefined; issue: Issue } {
  const start = entryInForce(p, from);
  if (start.issue) return { issue: { ...start.issue, message: `${start.issue.message}: nothing to override from ${from}` } };
  const inWindow = [{ ...start.entry, from }, ...p.entries.filter((e) => e.from > from && (until === undefined || e.from <= until))];
  let after: E[] = [];
  if (until !== undefined) {
    // the entry in force after the window, re-dated to start right after it (also the first entry when the
    // window ends before it: the years between take the first entry, as they did before the override)
    const next = entryInForce(p, until + 1);
    const resume = next.entry && (next.entry.from <= until || next.beforeFirstEntry);
    after = [...(resume ? [{ ...next.entry!, from: until + 1 }] : []), ...p.entries.filter((e) => e.from > until)];
  }
  const replaced = replace(inWindow);
  // Nothing of the parameter's own starts right after the window: the override ends at `until`, as asked. An
  // entry that already ends earlier (a scaled entry that had ended) keeps its own end: a scale is not a revival.
  const last = replaced[replaced.length - 1];
  if (until !== undefined && last && after[0]?.from !== until + 1 && (last.until === undefined || last.until > until))
    replaced[replaced.length - 1] = { ...last, until };
  return { entries: [...p.entries.filter((e) => e.from < from), ...replaced, ...after] };
}

/** Every value of an entry (scalar or table cells, their bounds and range) multiplied by k. */
export function scaleEntry<E extends ParamEntry>(e: E, k: Dec): E {
  const cell = (x: Cell): Cell => ({
    value: x.value.mul(k),
    ...(x.low ? { low: x.low.mul(k) } : {}),
    ...(x.high ? { high: x.high.mul(k) } : {}),
  });
  // the value as written, and how well its source was checked, no longer describe the scaled value
  const { given: _g, status: _s, ...rest } = e;
  return {
    ...(rest as E),
    ...(e.scalar ? { scalar: cell(e.scalar) } : {}),
    ...(e.table ? { table: new Map([...e.table].map(([key, x]) => [key, cell(x)])) } : {}),
    ...(e.range
      ? {
          range: {
            ...e.range,
            low: dec(e.range.low).mul(k).toString(),
            high: dec(e.range.high).mul(k).toString(),
            ...(e.range.mode ? { mode: dec(e.range.mode).mul(k).toString() } : {}),
          },
        }
      : {}),
  };
}
