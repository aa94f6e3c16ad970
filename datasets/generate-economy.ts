import { Dec } from '../engine/core/decimal.ts';
import type { EconomyData } from '../engine/dual/account.ts';

/**
 * GDP, population and area for the synthetic regions of datasets/generate.ts (benchmarks and batch tests):
 * region i has a size factor in [0.50, 1.50] (two decimals, seeded) applied to a template (GDP, population
 * and area of the first region of a real dataset in `templateYear`); GDP grows 6 % and population 1 % a
 * year (volume index 106). Exact decimals throughout; made up, never to be published.
 */
export function syntheticEconomy(opts: {
  regions: string[];
  gdp: Dec;
  population: Dec;
  areaKm2: Dec;
  templateYear: number;
  seed?: number;
}): { economy: EconomyData; areas: Map<string, Dec> } {
  let s = (opts.seed ?? 4242) >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const factor = new Map(opts.regions.map((r) => [r, new Dec(50 + Math.floor(next() * 101)).div(100)]));
  const g = new Dec('1.06'),
    p = new Dec('1.01');
  const f = (r: string) => factor.get(r);
  // g^t and p^t by t, computed once: a batch asks for them per region-year (the same Decs, so the same values)
  const powers = (b: Dec) => {
    const m = new Map<number, Dec>();
    return (t: number) => {
      let p = m.get(t);
      if (!p) m.set(t, (p = b.pow(t)));
      return p;
    };
  };
  const gPow = powers(g),
    pPow = powers(p);
  const economy: EconomyData = {
    value(region, variable, year) {
      const k = f(region);
      if (!k) return undefined;
      const t = year - opts.templateYear;
      return variable === 'gdp' ? opts.gdp.mul(k).mul(gPow(t)) : opts.population.mul(k).mul(pPow(t)).toDecimalPlaces(0);
    },
    gdpVolumeRatio: (_r, from, to) => gPow(to - from),
    gdpConstant: (region, year, baseYear) => economy.value(region, 'gdp', baseYear)!.mul(gPow(year - baseYear)),
  };
  return { economy, areas: new Map(opts.regions.map((r) => [r, opts.areaKm2.mul(f(r)!)])) };
}
