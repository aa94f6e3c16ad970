import type { Factor, FactorSet } from './factors.ts';

/**
 * Factor sets combined with a stated precedence: the first set that has a thing gives it whole. A fuel comes with
 * all its factors from one set (its NCV, carbon content or CO2 factor and standard-coal factor are never mixed
 * across sets); a grid series, the heat and electricity factors, a process and each GWP likewise; a sector from
 * the first set that classifies it. Every factor keeps the set it came from (`Factor.set`), which the trace and
 * `explain` show. `hash` is the caller's: a hash over the sets' refs and hashes in order (models/carbon-factors.ts).
 */
export function combineFactorSets(sets: readonly FactorSet[], hash: string): FactorSet {
  if (sets.length === 1) return sets[0]!;
  const [first] = sets as [FactorSet, ...FactorSet[]];
  const params = new Map<string, Factor>();
  const fuels: FactorSet['fuels'] = new Map();
  const processes: FactorSet['processes'] = new Map();
  const sectors: FactorSet['sectors'] = {};
  for (const s of sets) {
    for (const [id, f] of s.fuels) {
      if (fuels.has(id)) continue;
      fuels.set(id, f);
      for (const [name, p] of s.params) if (name.startsWith(`fuel.${id}.`)) params.set(name, p);
    }
    for (const [id, p] of s.processes) if (!processes.has(id)) processes.set(id, p);
    for (const [id, sec] of Object.entries(s.sectors)) if (!(id in sectors)) sectors[id] = sec;
    for (const [name, p] of s.params) if (!name.startsWith('fuel.') && !params.has(name)) params.set(name, p);
  }
  const gwpFrom = sets.find((s) => s.params.has('gwp.CH4') || s.params.has('gwp.N2O')) ?? first;
  return {
    id: sets.map((s) => s.id).join(','),
    version: sets.map((s) => s.version).join(','),
    ref: sets.map((s) => s.ref).join(','),
    hash,
    status: sets.every((s) => s.status === 'published') ? 'published' : 'draft',
    title: { zh: sets.map((s) => s.title.zh).join(' + '), en: sets.map((s) => s.title.en).join(' + ') },
    gwp: gwpFrom.gwp,
    sectors,
    fuels,
    processes,
    renewables: new Set(sets.flatMap((s) => [...s.renewables])),
    sinks: new Set(sets.flatMap((s) => [...s.sinks])),
    params,
    combines: sets.map((s) => ({ ref: s.ref, hash: s.hash })),
  };
}
