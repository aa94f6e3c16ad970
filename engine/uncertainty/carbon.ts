import type { Dec } from '../core/decimal.ts';
import { IssuesError } from '../core/errors.ts';
import type { GridChoice } from '../carbon/factor-lookup.ts';
import type { FactorSet } from '../carbon/factors.ts';
import { type Activity, type Inventory, inventoryRegionYear } from '../carbon/inventory.ts';
import type { Sampler } from './montecarlo.ts';
import { type Param, withParamValues } from './params.ts';

/** What a carbon Monte Carlo samples: the inventory of one region-year over a factor set whose factors are drawn. */
export interface CarbonMcSetup {
  set: FactorSet;
  region: string;
  year: number;
  activity: readonly Activity[];
  grid: GridChoice;
  params: Param[];
}

/** The inventory figures a carbon Monte Carlo reports, in a fixed order: totals, then each source of the deterministic inventory. */
export interface CarbonMeasure {
  id: string;
  indicator: string;
  key: string;
  unit: string;
  read(inv: Inventory): Dec;
}

export function carbonMeasures(deterministic: Inventory): CarbonMeasure[] {
  const total = (indicator: string, unit: string, read: (inv: Inventory) => Dec): CarbonMeasure => ({
    id: indicator,
    indicator,
    key: '',
    unit,
    read,
  });
  return [
    total('carbon.gross', 'tCO2e', (i) => i.gross),
    total('carbon.scope1', 'tCO2e', (i) => i.scope1),
    total('carbon.scope2', 'tCO2e', (i) => i.scope2),
    total('carbon.energy_generation', 'tCO2', (i) => i.gpc.energyGeneration),
    total('energy.total_calorific', 'tce', (i) => i.energy.calorific),
    ...[...deterministic.bySource.keys()].sort().map(
      (source): CarbonMeasure => ({
        id: `carbon.gross|source=${source}`,
        indicator: 'carbon.gross',
        key: `source=${source}`,
        unit: 'tCO2e',
        // every draw reads the same activity lines, so each has the deterministic inventory's sources
        read: (i) => i.bySource.get(source)!,
      }),
    ),
  ];
}

/** The inventory with one value per parameter (factors only: the activity data are not sampled here). */
export function inventoryWith(s: CarbonMcSetup, values: Dec[]): Inventory {
  const set: FactorSet = { ...s.set, params: withParamValues(s.set.params, 'factor', s.year, s.params, values, s.set.params) };
  const inv = inventoryRegionYear(set, s.region, s.year, s.activity, { grid: s.grid });
  if (inv.issues.length) throw new IssuesError('run', inv.issues);
  return inv;
}

/** The carbon inventory of one region-year as a sampler of the measures. */
export function carbonSampler(s: CarbonMcSetup, measures: CarbonMeasure[]): Sampler {
  return {
    params: s.params,
    evaluate: (values) => {
      const inv = inventoryWith(s, values);
      return measures.map((m) => m.read(inv));
    },
  };
}
