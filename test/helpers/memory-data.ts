import { dec, type Dec } from '../../engine/core/decimal.ts';
import type { AccountingData, RegionYearValues } from '../../engine/eval/data.ts';

/** input name → key tuple ("" for a scalar, "a|b" for two dimensions) → decimal text */
export type InputValues = Record<string, Record<string, string>>;

export interface MemoryDataSpec {
  regions: string[];
  years: number[];
  /** region → year → input name → key → decimal text, already in the model's units. */
  values: Record<string, Record<number | string, InputValues>>;
  /** series → year → index (any base; only ratios are used). */
  priceIndex: Record<string, Record<number | string, string>>;
  /** Series that deflates money amounts; 'cpi' unless given. */
  deflator?: string;
}

/**
 * A small in-memory AccountingData for tests: no files, no validation beyond parsing each number with
 * dec() (so a float can never slip in). The values must already be in the model's units, as
 * datasets/load.ts would have converted them.
 */
export function memoryData(spec: MemoryDataSpec): AccountingData {
  const byRegionYear = new Map<string, RegionYearValues>();
  for (const [region, years] of Object.entries(spec.values)) {
    for (const [year, inputs] of Object.entries(years)) {
      const ry: RegionYearValues = new Map();
      for (const [name, keyed] of Object.entries(inputs)) {
        ry.set(name, new Map(Object.entries(keyed).map(([k, v]) => [k, dec(v)])));
      }
      byRegionYear.set(`${region}\u0000${Number(year)}`, ry);
    }
  }
  const index = new Map<string, Dec>();
  for (const [series, years] of Object.entries(spec.priceIndex)) {
    for (const [year, v] of Object.entries(years)) index.set(`${series}\u0000${Number(year)}`, dec(v));
  }
  return {
    regions: [...spec.regions],
    years: [...spec.years].sort((a, b) => a - b),
    deflator: spec.deflator ?? 'cpi',
    values: (region, year) => byRegionYear.get(`${region}\u0000${year}`),
    priceIndex: (series, year) => index.get(`${series}\u0000${year}`),
  };
}
