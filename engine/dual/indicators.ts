import type { Dec } from '../core/decimal.ts';
import type { DualRegionYear } from './account.ts';

/**
 * Every dual indicator a scorecard may name, with how to read it from a region-year. One table, so the
 * scorecard check and the scoring read the same list (an id missing here is refused, not scored as missing).
 */
export const DUAL_INDICATORS: Readonly<Record<string, (r: DualRegionYear) => Dec | undefined>> = {
  'dual.gep': (r) => r.gep,
  'dual.gdp': (r) => r.gdp,
  'dual.gep_gdp_ratio': (r) => r.ratio,
  'dual.gep_per_km2': (r) => r.gepPerKm2,
  'dual.gep_per_capita': (r) => r.gepPerCapita,
  'dual.gdp_per_capita': (r) => r.gdpPerCapita,
  'dual.realised_value': (r) => r.realised,
  'dual.realisation_rate': (r) => r.realisationRate,
  'dual.geep': (r) => r.geep,
  'dual.geep_in_gdp': (r) => r.gepInGdp,
  'dual.gep_growth_yoy': (r) => r.yoy?.gep,
  'dual.gdp_growth_yoy': (r) => r.yoy?.gdp,
  'dual.geep_growth_yoy': (r) => r.yoy?.geep,
  'dual.gep_minus_gdp_growth_yoy': (r) => (r.yoy ? r.yoy.gep.minus(r.yoy.gdp) : undefined),
  'dual.gep_growth_vs_base': (r) => r.vsBase?.gep,
  'dual.gdp_growth_vs_base': (r) => r.vsBase?.gdp,
  'dual.geep_growth_vs_base': (r) => r.vsBase?.geep,
  'dual.gep_minus_gdp_growth_vs_base': (r) => (r.vsBase ? r.vsBase.gep.minus(r.vsBase.gdp) : undefined),
};

/** The value of a dual indicator id for one region-year (undefined when the row or the value is absent). */
export function indicatorValue(r: DualRegionYear | undefined, id: string): Dec | undefined {
  const read = Object.hasOwn(DUAL_INDICATORS, id) ? DUAL_INDICATORS[id] : undefined;
  return r && read ? read(r) : undefined;
}
