import { Dec, str, ZERO } from '../core/decimal.ts';
import type { Issue } from '../core/errors.ts';
import type { Read, TraceNode } from '../eval/trace.ts';
import {
  factorRead,
  type FuelFactors,
  type GridChoice,
  type GridFactor,
  gridFactor,
  gridRead,
  type Resolved,
  yearFactors,
} from './factor-lookup.ts';
import type { FactorSet } from './factors.ts';

/**
 * One activity record, its amount already in the unit the factor set counts it in:
 * - fuel      item = fuel,     amount in the fuel's unit (t, m3): combusted, scope 1
 * - feedstock item = fuel,     raw-material (non-energy) use: energy counted, no combustion CO2
 * - electricity item = "grid" (purchased, scope 2, MWh) or a renewable type (own generation, zero emission)
 * - heat      item = "purchased", GJ, scope 2
 * - process   item = process,  output in the process unit (t clinker), scope 1 IPPU
 * - emission  item = CH4 | N2O, t of gas emitted directly (landfill, wastewater), scope 1, × GWP; or already in
 *             tCO2e (`co2e`, no GWP); item = CO2, tCO2 of an inventory that reports totals only, in its sector's class
 * - renewable item = renewable type, MWh of renewable electricity taken from the grid (green-power trades, the
 *             hydro share allocated to the region; memo for dual control). Own generation is an electricity row.
 * - sink      item = sink type, tCO2 removed (reported apart, never netted by default)
 * - coal_rate item = "thermal_power", tce/MWh: the year's coal rate, for the generation-equivalent basis
 */
export type ActivityKind = 'fuel' | 'feedstock' | 'electricity' | 'heat' | 'process' | 'emission' | 'renewable' | 'sink' | 'coal_rate';
export const ACTIVITY_KINDS: readonly ActivityKind[] = [
  'fuel',
  'feedstock',
  'electricity',
  'heat',
  'process',
  'emission',
  'renewable',
  'sink',
  'coal_rate',
];
export interface Activity {
  kind: ActivityKind;
  item: string;
  sector: string;
  amount: Dec;
  source?: string;
  /** An emission row already in tCO2e (the dataset gave CO2e): no GWP is applied. */
  co2e?: boolean;
}

export interface InventoryOptions {
  grid: GridChoice;
  /** Keep a trace node per line and per total (off for batch runs). */
  trace?: boolean;
}

export interface Inventory {
  region: string;
  year: number;
  /** tCO2e. Gross emissions = scope1 + scope2; sinks are a separate, positive removal figure. */
  scope1: Dec;
  scope2: Dec;
  gross: Dec;
  sinks: Dec;
  bySector: Map<string, { scope1: Dec; scope2: Dec }>;
  /** By source: fuel ids, "electricity", "heat", process ids, "CH4"/"N2O" (direct gas emissions). */
  bySource: Map<string, Dec>;
  byGas: Map<'CO2' | 'CH4' | 'N2O', Dec>;
  byGpcSector: Map<string, Dec>;
  /**
   * GPC BASIC: stationary energy and transport (scope 1+2), waste (scope 1; no scope-3 waste data here). BASIC+ adds
   * IPPU and AFOLU emissions. energyGeneration: CO2 of fuel burnt in power and heat plants (sectors of GPC class
   * energy_generation, GPC I.4.4 "energy generation supplied to the grid"), reported as its own line outside
   * scope 1, gross, BASIC and BASIC+: the electricity and heat the region consumes are already counted in scope 2.
   */
  gpc: { basic: Dec; basicPlus: Dec; energyGeneration: Dec };
  /**
   * The two views of the same region-year, side by side. Consumption (the totals above, `gross`): scope 1 without
   * the plants' fuel, plus scope 2, the electricity and heat where they are used. Territorial (production, as
   * provincial inventories and CEADs report): every emission inside the boundary, plant fuel included, no scope 2.
   * Their difference is the plants' fuel line minus scope 2, exactly: territorial − consumption = difference.
   */
  views: { consumption: Dec; territorial: Dec; difference: Dec };
  energy: {
    /** tce, calorific (当量值) basis: electricity at 0.1229 kgce/kWh. */
    calorific: Dec;
    /** tce, generation-equivalent (等价值) basis: purchased electricity at the year's thermal coal rate; undefined without one. */
    equivalent?: Dec;
    /** Fuels combusted (feedstock apart). */
    fossil: Dec;
    nonFossil: Dec;
    heatGJ: Dec;
    feedstock: Dec;
    electricityMWh: Dec;
    renewableMWh: Dec;
    /** tce of each fuel combusted (feedstock and plant input not included). */
    byFuel: Map<string, Dec>;
    /** tce of fuel burnt in power and heat plants (energy_generation sectors): outside the totals, whose electricity and heat are counted where consumed. */
    generationInput: Dec;
  };
  factors: { grid?: GridFactor; gridBackcast: boolean; gwp: string };
  traces: TraceNode[];
  issues: Issue[];
}

/** The GPC non-energy class of direct CH4/N2O: waste-sector gases are waste, primary-sector AFOLU, secondary-sector IPPU. */
const nonEnergyClass = (sec: { gpc?: string; group?: string } | undefined) =>
  sec?.gpc === 'waste' ? 'waste' : sec?.group === 'primary' ? 'afolu' : sec?.group === 'secondary' ? 'ippu' : undefined;
const emissionSectorIssue = (where: string, a: Activity): Issue => ({
  code: 'emission_sector',
  message: `${where}: direct ${a.item} in sector "${a.sector}" has no GPC non-energy class (give it under waste, a primary or a secondary sector)`,
});
const add = (m: Map<string, Dec>, k: string, v: Dec) => m.set(k, (m.get(k) ?? ZERO).plus(v));
/**
 * Each line is stored at 12 decimal places of its unit (half-even), as the GEP account stores its values: sums
 * of stored lines are then exact, so gross = Σ sectors = Σ sources = Σ gases to the last digit.
 */
const q = (d: Dec) => d.toDecimalPlaces(12, Dec.ROUND_HALF_EVEN);
/** The factors a combustion line reads, as traced. */
const fuelReads = (f: FuelFactors): Read[] =>
  f.cc
    ? [factorRead(f.ncv), factorRead(f.cc), factorRead(f.of!), { kind: 'coefficient', name: '44/12', value: '44/12', unit: 'tCO2/tC' }]
    : [factorRead(f.ncv), factorRead(f.efEnergy!)]; // the IPCC form: its CO2 factor per energy already holds 44/12

/**
 * The inventory of one region-year. Lines are aggregated as they are read (one multiplication for CO2 and one
 * for tce per line), so millions of lines need no more memory than the totals unless traces are asked for.
 */
export function inventoryRegionYear(
  set: FactorSet,
  region: string,
  year: number,
  activity: readonly Activity[],
  opts: InventoryOptions,
): Inventory {
  const issues: Issue[] = [];
  const traces: TraceNode[] = [];
  const trace = opts.trace ?? false;
  const s1 = new Map<string, Dec>(),
    s2 = new Map<string, Dec>(),
    bySource = new Map<string, Dec>(),
    tceByFuel = new Map<string, Dec>();
  // Lines reclassified from their sector's GPC class: [from, to, tCO2e].
  const moved: [string, string, Dec][] = [];
  let genCo2 = ZERO,
    genTce = ZERO,
    ch4 = ZERO,
    n2o = ZERO,
    sinks = ZERO,
    feedstock = ZERO,
    elecGrid = ZERO,
    elecOwn = ZERO,
    renewable = ZERO,
    heatGj = ZERO;
  let coalRate: Dec | undefined;
  const where = `${region} ${year}`;
  // A missing factor is one issue per factor and region-year, naming what needed it (not one per activity line).
  const missing = new Map<string, { issue: Issue; users: Set<string> }>();
  const need = <T>(r: { issue?: Issue | undefined; value?: T | undefined }, user: Activity | string): r is { value: T } => {
    if (r.issue) {
      const m = missing.get(r.issue.message) ?? { issue: r.issue, users: new Set<string>() };
      m.users.add(typeof user === 'string' ? user : `${user.kind} ${user.item} in ${user.sector}`);
      missing.set(r.issue.message, m);
    }
    return !r.issue;
  };
  // Factors are looked up once per set and year, not once per line (millions of lines in a national batch).
  const { factor, fuel: fuelAt } = yearFactors(set, year);
  const gridChoice = gridFactor(set, opts.grid, year);
  const grid = gridChoice.factor,
    backcast = gridChoice.backcast;
  const elecSce = factor('electricity.sce'),
    heatEf = factor('heat.ef'),
    heatSce = factor('heat.sce');
  /** amount × factor, stored; an amount of zero is zero whatever the factor (no activity), else the factor must be in force. */
  const times = (amount: Dec, f: { issue?: Issue; value?: Resolved }, user: string): Dec => {
    if (amount.isZero()) return ZERO;
    return need(f, user) ? q(amount.mul(f.value.value)) : ZERO; // ZERO only beside an issue: the inventory is refused
  };
  const activityUnit = (a: Activity) =>
    ({
      fuel: set.fuels.get(a.item)?.unit,
      feedstock: set.fuels.get(a.item)?.unit,
      electricity: 'MWh',
      heat: 'GJ',
      process: set.processes.get(a.item)?.unit,
      emission: 't',
      renewable: 'MWh',
      sink: 'tCO2',
      coal_rate: 'tce/MWh',
    })[a.kind] ?? '';
  const line = (id: string, a: Activity, unit: string, value: Dec, formula: string, reads: Read[]) => {
    if (trace)
      traces.push({
        id,
        formula,
        unit,
        value: str(value),
        by: { item: a.item, sector: a.sector },
        reads: [
          {
            kind: 'input',
            name: a.kind,
            keys: [a.item, a.sector],
            value: str(a.amount),
            unit: activityUnit(a),
            year,
            ...(a.source ? { source: a.source } : {}),
          },
          ...reads,
        ],
      });
  };

  for (const a of activity) {
    switch (a.kind) {
      case 'feedstock': {
        const sce = factor(`fuel.${a.item}.sce`);
        if (!need(sce, a)) break;
        const tce = q(a.amount.mul(sce.value.value));
        feedstock = feedstock.plus(tce);
        line('carbon.energy.feedstock', a, 'tce', tce, 'AD × SCE (no combustion CO2: carbon stays in the product)', [
          factorRead(sce.value),
        ]);
        break;
      }
      case 'fuel': {
        const ff = fuelAt(a.item);
        if (!need(ff, a)) break;
        const f = ff.value;
        // combustion counts in energy too: the standard-coal factor is needed as well as the CO2 factors
        if (!f.sce) {
          need(factor(`fuel.${a.item}.sce`), a);
          break;
        }
        const tce = q(a.amount.mul(f.sce.value));
        const co2 = q(a.amount.mul(f.ef));
        if (set.sectors[a.sector]?.gpc === 'energy_generation') {
          // Plant input: its output is counted where it is consumed (scope 2, electricity and heat tce), so the plant is a line apart.
          genCo2 = genCo2.plus(co2);
          genTce = genTce.plus(tce);
          if (trace)
            line(
              'carbon.energy_generation.fuel',
              a,
              'tCO2',
              co2,
              `${f.formula} (energy generation supplied to the grid, GPC I.4.4; outside scope 1, gross and BASIC)`,
              fuelReads(f),
            );
          break;
        }
        add(tceByFuel, a.item, tce);
        add(s1, a.sector, co2);
        add(bySource, a.item, co2);
        if (trace) line('carbon.scope1.fuel', a, 'tCO2', co2, f.formula, fuelReads(f));
        break;
      }
      case 'electricity': {
        if (a.item === 'grid') {
          elecGrid = elecGrid.plus(a.amount);
          if (!grid) {
            need({ issue: gridChoice.issue! }, a);
            break;
          }
          const co2 = q(a.amount.mul(grid.value));
          add(s2, a.sector, co2);
          add(bySource, 'electricity', co2);
          if (trace)
            line(
              'carbon.scope2.electricity',
              a,
              'tCO2',
              co2,
              `MWh × grid factor (location-based, vintage ${grid.vintage}${backcast ? `; no vintage at or before ${year}, the first (${grid.vintage}) is used` : ''})`,
              [gridRead(opts.grid, grid)],
            );
        } else elecOwn = elecOwn.plus(a.amount); // own renewable generation: energy, no emission
        break;
      }
      case 'heat': {
        heatGj = heatGj.plus(a.amount);
        if (!need(heatEf, a)) break;
        const co2 = q(a.amount.mul(heatEf.value.value));
        add(s2, a.sector, co2);
        add(bySource, 'heat', co2);
        if (trace) line('carbon.scope2.heat', a, 'tCO2', co2, 'GJ × heat factor', [factorRead(heatEf.value)]);
        break;
      }
      case 'process': {
        const pf = factor(`process.${a.item}`);
        if (!need(pf, a)) break;
        const f = pf.value;
        const co2 = q(a.amount.mul(f.value));
        add(s1, a.sector, co2);
        add(bySource, a.item, co2);
        moved.push([set.sectors[a.sector]?.gpc ?? 'unknown', 'ippu', co2]);
        if (trace) line('carbon.scope1.process', a, 'tCO2', co2, 'output × process factor', [factorRead(f)]);
        break;
      }
      case 'emission': {
        if (a.item === 'CO2') {
          // A reported CO2 total stays in its sector's GPC class (stationary energy, transport …): no factor read.
          const co2 = q(a.amount);
          add(s1, a.sector, co2);
          add(bySource, 'CO2', co2);
          if (trace) line('carbon.scope1.emission', a, 'tCO2', co2, 'reported CO2 (an inventory given as totals)', []);
          break;
        }
        if (a.co2e) {
          const co2e = q(a.amount);
          const sec = set.sectors[a.sector];
          const gpc = nonEnergyClass(sec);
          if (!gpc) {
            issues.push(emissionSectorIssue(where, a));
            break;
          }
          moved.push([sec!.gpc, gpc, co2e]);
          add(s1, a.sector, co2e);
          add(bySource, a.item, co2e);
          if (a.item === 'CH4') ch4 = ch4.plus(co2e);
          else n2o = n2o.plus(co2e);
          if (trace) line('carbon.scope1.gas', a, 'tCO2e', co2e, 'reported tCO2e (no GWP applied)', []);
          break;
        }
        const gf = factor(`gwp.${a.item}`);
        if (!need(gf, a)) break;
        const gwp = gf.value.value;
        // Direct CH4/N2O are not energy: waste-sector gases are GPC waste, primary-sector (livestock, rice, soils) AFOLU,
        // secondary-sector (nitric/adipic acid) IPPU; a service or household sector has no such source here.
        const sec = set.sectors[a.sector];
        const gpc = nonEnergyClass(sec);
        if (!gpc) {
          issues.push(emissionSectorIssue(where, a));
          break;
        }
        const co2e = q(a.amount.mul(gwp));
        moved.push([sec!.gpc, gpc, co2e]);
        add(s1, a.sector, co2e);
        add(bySource, a.item, co2e);
        if (a.item === 'CH4') ch4 = ch4.plus(co2e);
        else n2o = n2o.plus(co2e);
        if (trace) line('carbon.scope1.gas', a, 'tCO2e', co2e, `t gas × GWP (${set.gwp.set})`, [factorRead(gf.value)]);
        break;
      }
      case 'renewable':
        renewable = renewable.plus(a.amount);
        break;
      case 'sink':
        sinks = sinks.plus(a.amount);
        break;
      case 'coal_rate':
        coalRate = a.amount;
        break;
    }
  }

  const sectors = [...new Set([...s1.keys(), ...s2.keys()])].sort();
  const bySector = new Map(sectors.map((k) => [k, { scope1: s1.get(k) ?? ZERO, scope2: s2.get(k) ?? ZERO }]));
  const sum = (m: Iterable<Dec>) => {
    let t = ZERO;
    for (const v of m) t = t.plus(v);
    return t;
  };
  const scope1 = sum(s1.values()),
    scope2 = sum(s2.values());
  const byGpcSector = new Map<string, Dec>();
  for (const [k, v] of bySector) add(byGpcSector, set.sectors[k]?.gpc ?? 'unknown', v.scope1.plus(v.scope2));
  // Process emissions are IPPU whatever the sector that reports them; direct CH4/N2O go to their non-energy class.
  for (const [from, to, v] of moved)
    if (from !== to) {
      add(byGpcSector, from, v.neg());
      add(byGpcSector, to, v);
    }
  const g = (k: string) => byGpcSector.get(k) ?? ZERO;
  const basic = g('stationary_energy').plus(g('transportation')).plus(g('waste'));
  const gross = scope1.plus(scope2);
  const views = { consumption: gross, territorial: scope1.plus(genCo2), difference: genCo2.minus(scope2) };

  const fuelTce = sum(tceByFuel.values());
  const elecTce = times(elecGrid.plus(elecOwn), elecSce, 'electricity (tce)');
  const heatTce = times(heatGj, heatSce, 'purchased heat (tce)');
  const ownTce = times(elecOwn, elecSce, 'own renewable electricity (tce)');
  const calorific = fuelTce.plus(feedstock).plus(elecTce).plus(heatTce);
  const equivalent =
    coalRate && elecSce.value
      ? fuelTce
          .plus(feedstock)
          .plus(heatTce)
          .plus(q(elecGrid.mul(coalRate)))
          .plus(ownTce)
      : undefined;
  for (const { issue, users } of missing.values())
    issues.push({ code: issue.code, message: `${where}: ${issue.message} (needed for ${[...users].join('; ')})` });
  const byGas = new Map<'CO2' | 'CH4' | 'N2O', Dec>([
    ['CO2', gross.minus(ch4).minus(n2o)],
    ['CH4', ch4],
    ['N2O', n2o],
  ]);

  if (trace) {
    const ind = (name: string, value: Dec, unit = 'tCO2e', keys?: string[]): Read => ({
      kind: 'indicator',
      name,
      value: str(value),
      unit,
      ...(keys ? { keys } : {}),
    });
    const bySourceIn = (scope: 1 | 2) =>
      [...bySource]
        .filter(([k]) => (k === 'electricity' || k === 'heat') === (scope === 2))
        .map(([k, v]) => ind(`carbon.scope${scope}`, v, 'tCO2e', [k]));
    const total = (id: string, formula: string, value: Dec, reads: Read[], unit = 'tCO2e') =>
      traces.push({ id, formula, unit, value: str(value), reads });
    total('carbon.scope1', 'Σ fuel combustion + processes + direct CH4/N2O × GWP (by source)', scope1, bySourceIn(1));
    total('carbon.scope2', 'Σ grid electricity × grid factor + purchased heat × heat factor (by source)', scope2, bySourceIn(2));
    total('carbon.gross', 'scope1 + scope2 (consumption view; sinks not netted)', gross, [
      ind('carbon.scope1', scope1),
      ind('carbon.scope2', scope2),
    ]);
    total('carbon.territorial', 'scope1 + plant fuel (territorial view: emitted inside the boundary, no scope 2)', views.territorial, [
      ind('carbon.scope1', scope1),
      ind('carbon.energy_generation', genCo2, 'tCO2'),
    ]);
    total(
      'carbon.view_difference',
      'plant fuel − scope2 (territorial − consumption: power and heat counted where made, not where used)',
      views.difference,
      [ind('carbon.energy_generation', genCo2, 'tCO2'), ind('carbon.scope2', scope2)],
    );
    // GPC BASIC / BASIC+ (GPC v1.1 2021, Table 4.1, pp. 36–37) and the plants' fuel, from the GPC classes of the lines
    const cls = (k: string) => ind(`gpc.${k}`, g(k));
    total('carbon.gpc.basic', 'stationary energy + transportation + waste (GPC BASIC; scope 2 in its classes, plant fuel apart)', basic, [
      cls('stationary_energy'),
      cls('transportation'),
      cls('waste'),
    ]);
    total('carbon.gpc.basic_plus', 'BASIC + IPPU + AFOLU (GPC BASIC+)', basic.plus(g('ippu')).plus(g('afolu')), [
      ind('carbon.gpc.basic', basic),
      cls('ippu'),
      cls('afolu'),
    ]);
    total(
      'carbon.energy_generation',
      'Σ fuel burnt in power and heat plants (sectors of GPC class energy_generation): reported apart in the consumption view',
      genCo2,
      [],
      'tCO2',
    );
    if (equivalent)
      total(
        'carbon.energy.equivalent',
        'Σ fuels × SCE + feedstock × SCE + heat × SCE_heat + grid electricity × the year’s coal rate + own renewable × SCE_electricity (equivalent basis, 等价值)',
        equivalent,
        [
          ind('fuels', fuelTce, 'tce'),
          ind('feedstock', feedstock, 'tce'),
          ind('heat', heatTce, 'tce'),
          { kind: 'input', name: 'coal_rate.thermal_power', value: str(coalRate!), unit: 'tce/MWh', year },
          ind('electricity_grid', elecGrid, 'MWh'),
        ],
        'tce',
      );
    total(
      'carbon.energy.calorific',
      'Σ fuels × SCE + feedstock × SCE + electricity × SCE_electricity + heat × SCE_heat (calorific basis)',
      calorific,
      [
        ind('fuels', fuelTce, 'tce'),
        ind('feedstock', feedstock, 'tce'),
        ind('electricity', elecTce, 'tce'),
        ind('heat', heatTce, 'tce'),
        // each fuel's standard-coal factor, as its set gives it (IPCC Tier 1: NCV ÷ the set's named GJ per tce)
        ...[...tceByFuel.keys()].sort().flatMap((k) => {
          const sce = fuelAt(k).value?.sce;
          return sce ? [factorRead(sce)] : [];
        }),
        ...(elecSce.value ? [factorRead(elecSce.value)] : []),
        ...(heatSce.value ? [factorRead(heatSce.value)] : []),
      ],
      'tce',
    );
  }
  return {
    region,
    year,
    scope1,
    scope2,
    gross,
    sinks,
    bySector,
    bySource,
    byGas,
    byGpcSector,
    gpc: { basic, basicPlus: basic.plus(g('ippu')).plus(g('afolu')), energyGeneration: genCo2 },
    views,
    energy: {
      calorific,
      ...(equivalent ? { equivalent } : {}),
      fossil: fuelTce,
      feedstock,
      heatGJ: heatGj,
      nonFossil: ownTce,
      electricityMWh: elecGrid.plus(elecOwn),
      renewableMWh: renewable.plus(elecOwn),
      byFuel: tceByFuel,
      generationInput: genTce,
    },
    factors: { ...(grid ? { grid } : {}), gridBackcast: backcast, gwp: set.gwp.set },
    traces,
    issues,
  };
}

/** Intensities per GDP (constant prices, per 10⁴ CNY), per person and per km². Undefined when the denominator is missing. */
export interface Intensities {
  co2PerGdp?: Dec;
  energyPerGdp?: Dec;
  co2PerCapita?: Dec;
  co2PerKm2?: Dec;
  energyPerCapita?: Dec;
}
export function intensities(inv: Inventory, d: { gdpConstant?: Dec; population?: Dec; areaKm2?: Dec }): Intensities {
  const per = (x: Dec, y: Dec | undefined, scale = '1') => (y && !y.isZero() ? x.div(y).mul(scale) : undefined);
  const out: Intensities = {};
  const set = (k: keyof Intensities, v: Dec | undefined) => {
    if (v) out[k] = v;
  };
  set('co2PerGdp', per(inv.gross, d.gdpConstant, '10000'));
  set('energyPerGdp', per(inv.energy.calorific, d.gdpConstant, '10000'));
  set('co2PerCapita', per(inv.gross, d.population));
  set('energyPerCapita', per(inv.energy.calorific, d.population));
  set('co2PerKm2', per(inv.gross, d.areaKm2));
  return out;
}
