import { Dec } from '../engine/core/decimal.ts';
import { IssuesError } from '../engine/core/errors.ts';
import type { AccountingData, RegionYearValues } from '../engine/eval/data.ts';

/**
 * A large synthetic set for benchmarks and batch tests: `regions` × `years`, each region-year a variant of
 * a template region-year with every value scaled by a factor in [0.80, 1.20] (two decimals, from a seeded
 * generator, so the set is the same on every machine). Variants come from a pool so that 30,000
 * region-years do not need 30,000 copies in memory; the pool index mixes region and year.
 */
export function syntheticData(
  template: AccountingData,
  opts: { regions: number; years: number[]; seed?: number; pool?: number },
): AccountingData {
  const base = template.values(template.regions[0]!, template.years[0]!);
  if (!base)
    throw new IssuesError('dataset', [
      {
        code: 'region_year_missing',
        message: `the template has no data for its first region-year (${template.regions[0]} ${template.years[0]})`,
      },
    ]);
  const rand = lcg(opts.seed ?? 20221);
  const poolSize = opts.pool ?? 256;
  const pool: RegionYearValues[] = [];
  for (let p = 0; p < poolSize; p++) {
    const variant: RegionYearValues = new Map();
    for (const [name, byKey] of base) {
      variant.set(name, new Map([...byKey].map(([k, v]) => [k, v.mul(new Dec(80 + Math.floor(rand() * 41)).div(100))])));
    }
    pool.push(variant);
  }
  const regions = Array.from({ length: opts.regions }, (_, i) => `r${String(i + 1).padStart(5, '0')}`);
  const index = new Map(regions.map((r, i) => [r, i]));
  return {
    regions,
    years: opts.years,
    deflator: template.deflator,
    priceIndex: (s, y) => template.priceIndex(s, y),
    values(region, year) {
      const i = index.get(region);
      if (i === undefined || !opts.years.includes(year)) return undefined;
      return pool[(i * 31 + year * 7) % poolSize];
    },
  };
}

/** A small deterministic generator (Numerical Recipes LCG): only used to pick factors, never for values. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
