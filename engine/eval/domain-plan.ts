import type { InputInfo, InputRead, OverSpec } from '../model/types.ts';

/**
 * How the keys of a domain that depends on no bound key are found, decided once per spec instead of per region-year:
 * - `fixed`: the keys do not depend on the data (a dimension iterated whole, or a body that reads no data by it);
 * - `filter`: a declared dimension's data keys, kept by the subset, in result order (`candidates`), of which a
 *   region-year iterates those that a driver input has a row for (a non-zero one, for the extent) or that an
 *   indicator read has a value for.
 * - `open`: an open dimension's keys are those the drivers and indicators read have (as for `filter`), sorted, then
 *   kept by the subset.
 * Conditional specs (the keys depend on keys already bound) have no plan: the runtime works them out.
 */
export type PlainDomainPlan =
  | { kind: 'fixed'; keys: readonly string[] }
  | { kind: 'filter'; candidates: readonly string[]; drivers: readonly InputInfo[]; indicators: readonly string[] }
  | { kind: 'open'; drivers: readonly InputInfo[]; indicators: readonly string[] };

const plans = new WeakMap<OverSpec, PlainDomainPlan | null>();

export function plainDomainPlan(spec: OverSpec): PlainDomainPlan | undefined {
  let p = plans.get(spec);
  if (p === undefined) plans.set(spec, (p = makePlan(spec)));
  return p ?? undefined;
}

function makePlan(spec: OverSpec): PlainDomainPlan | null {
  const { dim } = spec;
  if (spec.conditional) return null;
  if ((dim.domain === 'all' && !dim.open) || (!spec.domainInputs.length && !spec.domainIndicators.length))
    return { kind: 'fixed', keys: keptBySubset(spec, dim.keys) };
  const drivers = domainDrivers(spec).map((r) => r.info);
  if (dim.open) return { kind: 'open', drivers, indicators: spec.domainIndicators };
  return {
    kind: 'filter',
    candidates: keptBySubset(spec, dim.dataKeys),
    drivers,
    indicators: spec.domainIndicators,
  };
}

/** The keys a `sum(dim["a", "b"], …)` or an `over: { dim: [a, b] }` keeps: the keys named, and those of the groups named. */
export function keptBySubset(spec: OverSpec, keys: string[]): string[] {
  const { subset, dim } = spec;
  return subset ? keys.filter((k) => subset.has(k) || subset.has(dim.groupOf.get(k) ?? '\u0000')) : keys;
}

/**
 * Which of a domain's inputs say what keys there are: the extent (area by type) says which types the region has;
 * else quantities say which products there are (a price list does not); else any input. Worked out once per spec.
 */
const driversOf = new WeakMap<OverSpec, readonly InputRead[]>();
export function domainDrivers(spec: OverSpec): readonly InputRead[] {
  let d = driversOf.get(spec);
  if (!d) {
    const extent = spec.domainInputs.filter((r) => r.info.table === 'extent');
    const quantities = spec.domainInputs.filter((r) => r.info.currency !== 'price');
    d = extent.length ? extent : quantities.length || spec.domainIndicators.length ? quantities : spec.domainInputs;
    driversOf.set(spec, d);
  }
  return d;
}
