import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCarbonData, type CarbonData } from '../datasets/carbon.ts';
import { loadEconomy, type Economy } from '../datasets/economy.ts';
import { DEFAULT_DATASET } from '../datasets/load.ts';
import { dec, type Dec, str, ZERO } from '../engine/core/decimal.ts';
import { IssuesError, type Issue } from '../engine/core/errors.ts';
import {
  CITY4,
  dualCaps,
  dualControl,
  energyElasticity,
  gdpPath,
  NATIONAL3,
  type DualLine,
  type DualTargets,
} from '../engine/carbon/dual-control.ts';
import { factorAt, type GridChoice } from '../engine/carbon/factor-lookup.ts';
import type { FactorSet } from '../engine/carbon/factors.ts';
import { footprints, rollUp, type Footprint, type RollUp } from '../engine/carbon/footprint.ts';
import { intensities, inventoryRegionYear, type Intensities, type Inventory } from '../engine/carbon/inventory.ts';
import { lmdi, type LmdiResult, type LmdiYear } from '../engine/carbon/lmdi.ts';
import {
  DEFAULT_PATHS,
  detectPeak,
  projectKaya,
  projectStirpat,
  type Peak,
  peakStatus,
  type PeakStatus,
  type ProjectedYear,
  type ProjectionBase,
  type ProjectionPath,
} from '../engine/carbon/projection.ts';
import { fitStirpat, type StirpatFit } from '../engine/carbon/stirpat.ts';
import type { Read } from '../engine/eval/trace.ts';
import { applyFactorOverrides } from '../engine/scenario/factor-overlay.ts';
import { DEFAULT_FACTORS, loadFactorSet } from '../models/carbon-factors.ts';
import { DEFAULTS } from '../models/defaults.ts';
import { type CarbonIdentity, carbonIdentity, inDatasetOrder, runId, sortedYears } from './run-id.ts';
import { scenarioHash, type Scenario } from './scenario.ts';
import type { RunMeta } from './run.ts';

export type CarbonPart = 'inventory' | 'dualcontrol' | 'project' | 'decompose' | 'footprint';
export const CARBON_PARTS: CarbonPart[] = ['inventory', 'dualcontrol', 'project', 'decompose', 'footprint'];
export const DEFAULT_GRID: GridChoice = DEFAULTS.carbon.grid;

export interface CarbonRunOptions {
  factors?: string;
  dataset?: string;
  regions?: string[];
  years?: number[];
  grid?: GridChoice;
  parts?: CarbonPart[];
  /** Base year of constant-price GDP (default: the dataset's price_year). */
  priceYear?: number;
  dual?: {
    baseYear?: number;
    energyIntensity?: string;
    co2Intensity?: string;
    energyTotalCap?: string;
    co2TotalCap?: string;
    ladder?: 'national3' | 'city4' | { green: string; yellow: string; orange: string };
    /** Energy basis: calorific (当量值, electricity at 0.1229 kgce/kWh) or equivalent (等价值, at the year's coal_rate row). */
    basis?: 'calorific' | 'equivalent';
    /** Annual real GDP growth of the period (a fraction) for the caps; economy.csv GDP of a year wins over it. */
    gdpGrowth?: string;
  };
  projection?: {
    baseYear?: number;
    toYear?: number;
    paths?: ProjectionPath[];
    targetYear?: number;
    plateau?: { maxGrowth: string; years: number };
    ridgeK?: number;
  };
  decompose?: { from?: number; to?: number };
  /** Add a labelled net figure (gross − sinks); never the default. */
  net?: boolean;
  trace?: boolean;
  /** A scenario (lib/scenario.ts): its `carbon` block chooses the factor set, the grid factor and the paths; its base the dataset. */
  scenario?: Scenario;
  /** The factor set and carbon data already loaded (the run kind loads them to name the run before it computes). */
  loaded?: { factors: FactorSet; data: CarbonData };
}

export interface CarbonMeta extends RunMeta {
  kind: 'carbon';
  grid: GridChoice;
  gwp: string;
  parts: CarbonPart[];
  price_year: number;
  /** When the run combines factor sets: each, in its order of precedence, with its content hash (`model` names them all). */
  factor_sets?: { ref: string; hash: string }[];
}
export interface InventoryEntry {
  region: string;
  year: number;
  inventory: Inventory;
  intensities: Intensities;
  gdpConstant?: Dec;
  population?: Dec;
}
export interface ProjectionEntry {
  region: string;
  /** Peak status of the observed history (the inventory years of the run up to the projection's base year). */
  observed: PeakStatus;
  /** Why no path was projected (a totals-only inventory has no energy, a region without economy.csv no GDP). */
  projectionError?: string;
  base?: ProjectionBase;
  stirpat?: StirpatFit;
  stirpatError?: string;
  scenarios: { path: ProjectionPath; years: ProjectedYear[]; peak: Peak; stirpat?: { year: number; co2: Dec }[]; stirpatPeak?: Peak }[];
}
export interface DecompositionEntry {
  region: string;
  lmdi: LmdiResult;
  nonEnergy: { c0: Dec; cT: Dec; delta: Dec };
}
export interface CarbonRun {
  meta: CarbonMeta;
  factors: FactorSet;
  data: CarbonData;
  inventory: InventoryEntry[];
  dual: { region: string; targets: DualTargets; lines: DualLine[] }[];
  projection: ProjectionEntry[];
  decomposition: DecompositionEntry[];
  footprints?: { footprints: Footprint[]; rollUps: RollUp[] };
  options: CarbonRunOptions;
}

/** Load the factor set, the carbon data and the economy, and compute the carbon parts asked for. */
export function runCarbon(optsIn: CarbonRunOptions = {}): CarbonRun {
  const opts = withScenario(optsIn);
  const base = loadCarbonBase(opts);
  const inventory = inventories(base, opts.trace ?? true);
  const { parts, factors, data } = base;
  // The observed peak status needs no economy; the projection paths say why they are missing without one.
  if (parts.some((p) => p === 'dualcontrol' || p === 'decompose') && !base.economy) {
    throw new IssuesError('dataset', [
      {
        code: 'economy_missing',
        message: 'dual control and decomposition need GDP and population: add economy.csv to the manifest (files.economy)',
      },
    ]);
  }
  const need = withEconomy(inventory, base);
  const dual = parts.includes('dualcontrol') ? dualControlPart(base, opts.dual ?? {}, need) : [];
  const projection = parts.includes('project') ? projectionPart(base, opts.projection ?? {}, need, inventory) : [];
  const decomposition = parts.includes('decompose') ? decompositionPart(base, opts.decompose ?? {}, need) : [];
  const fp = parts.includes('footprint') && data.entities.length ? footprintPart(base, inventory) : undefined;
  return {
    meta: carbonMeta(base, opts),
    factors,
    data,
    inventory,
    dual,
    projection,
    decomposition,
    ...(fp ? { footprints: fp } : {}),
    options: opts,
  };
}

/** What every part of a carbon run reads: the factor set (with the scenario's factor overrides), the data and the choices. */
export interface CarbonBase {
  factors: FactorSet;
  data: CarbonData;
  economy?: Economy;
  regions: string[];
  /** As asked (or the data's years); the inventory is listed in year order. */
  years: number[];
  grid: GridChoice;
  priceYear: number;
  parts: CarbonPart[];
  /** Constant-price GDP and population of a region-year, undefined when the economy lacks them (`gaps` says why). */
  gdpAt(region: string, year: number): Dec | undefined;
  popAt(region: string, year: number): Dec | undefined;
  gaps: Map<string, string>;
}

/**
 * Load the factor set and the carbon data, lay the scenario's factor overrides over the set, and check the
 * regions and years asked for: every problem at once.
 */
export function loadCarbonBase(opts: CarbonRunOptions): CarbonBase {
  const loaded = opts.loaded?.factors ?? loadFactorSet(opts.factors ?? DEFAULT_FACTORS);
  const sc = opts.scenario?.carbon;
  if (sc && sc.factors !== loaded.ref)
    throw new IssuesError('scenario', [
      {
        code: 'model_mismatch',
        file: `scenario ${opts.scenario!.id}`,
        path: 'carbon.factors',
        message: `the scenario is written for ${sc.factors}, but the factor set loaded is ${loaded.ref}`,
      },
    ]);
  const dir = opts.dataset ?? DEFAULT_DATASET;
  const data = opts.loaded?.data ?? loadCarbonData(dir, loaded);
  if (opts.scenario && /^[a-z0-9][a-z0-9-]*$/.test(opts.scenario.base.dataset) && data.manifest.id !== opts.scenario.base.dataset) {
    throw new IssuesError('scenario', [
      {
        code: 'dataset_mismatch',
        file: `scenario ${opts.scenario.id}`,
        path: 'base.dataset',
        message: `the scenario is written for dataset "${opts.scenario.base.dataset}", but the dataset given is "${data.manifest.id}"`,
      },
    ]);
  }
  const overlay = opts.scenario ? applyFactorOverrides(loaded, opts.scenario, data.years) : { set: loaded, issues: [] };
  const regions = inDatasetOrder(opts.regions ?? data.regions, data.regions);
  const years = sortedYears(opts.years ?? data.years);
  const problems = scopeProblems(data, regions, years);
  if (overlay.issues.length || problems.length)
    throw new IssuesError(overlay.issues.length ? 'scenario' : 'run', [...overlay.issues, ...problems]);
  const factors = overlay.set;
  const priceYear = opts.priceYear ?? data.manifest.price_year;
  const economy: Economy | undefined = data.manifest.files.economy ? loadEconomy(dir) : undefined;
  // Without GDP for a year the inventory has no GDP intensity; the reason is kept for the parts that need GDP.
  const gaps = new Map<string, string>();
  const gdpAt = (r: string, y: number) => {
    if (!economy) return undefined;
    try {
      return economy.gdpConstant(r, y, priceYear);
    } catch (e) {
      gaps.set(`${r} ${y}`, e instanceof IssuesError ? e.issues.map((i) => i.message).join('; ') : (e as Error).message);
      return undefined;
    }
  };
  return {
    factors,
    data,
    ...(economy ? { economy } : {}),
    regions,
    years,
    grid: opts.grid ?? DEFAULT_GRID,
    priceYear,
    parts: opts.parts ?? CARBON_PARTS,
    gdpAt,
    popAt: (r, y) => economy?.value(r, 'population', y),
    gaps,
  };
}

/** Regions and years the data does not have, and region-years without a single activity row. */
function scopeProblems(data: CarbonData, regions: string[], years: number[]): Issue[] {
  const problems: Issue[] = [];
  for (const r of regions)
    if (!data.regions.includes(r))
      problems.push({ code: 'region_unknown', message: `region "${r}" is not in the dataset (${data.regions.join(', ')})` });
  for (const y of years)
    if (!data.years.includes(y))
      problems.push({ code: 'year_unknown', message: `no carbon activity for ${y} (years: ${data.years.join(', ')})` });
  // A region-year without a single activity row would be an inventory of zero: refused, not reported as zero.
  for (const r of regions)
    for (const y of years) {
      if (data.regions.includes(r) && data.years.includes(y) && !data.activity(r, y).length)
        problems.push({
          code: 'carbon_missing',
          message: `${r} ${y}: no carbon activity rows (an inventory of zero would be reported); add the rows or leave the year out (--years)`,
        });
    }
  return problems;
}

/** The inventory of every region-year, with its intensities; a factor missing anywhere refuses the run, all at once. */
function inventories(base: CarbonBase, trace: boolean): InventoryEntry[] {
  const inventory: InventoryEntry[] = [];
  const issues: Issue[] = [];
  for (const region of base.regions) {
    for (const year of [...base.years].sort((a, b) => a - b)) {
      const inv = inventoryRegionYear(base.factors, region, year, base.data.activity(region, year), { grid: base.grid, trace });
      issues.push(...inv.issues);
      const gdpConstant = base.gdpAt(region, year),
        population = base.popAt(region, year),
        areaKm2 = base.data.areaKm2.get(region);
      const ints = intensities(inv, {
        ...(gdpConstant ? { gdpConstant } : {}),
        ...(population ? { population } : {}),
        ...(areaKm2 ? { areaKm2 } : {}),
      });
      if (trace) traceIntensities(inv, ints, { year, priceYear: base.priceYear, gdpConstant, population, areaKm2 });
      inventory.push({
        region,
        year,
        inventory: inv,
        intensities: ints,
        ...(gdpConstant ? { gdpConstant } : {}),
        ...(population ? { population } : {}),
      });
    }
  }
  if (issues.length) throw new IssuesError('run', issues);
  return inventory;
}

/** The intensities are traced like the inventory lines: formula, the totals and denominators read. */
function traceIntensities(
  inv: Inventory,
  ints: Intensities,
  d: { year: number; priceYear: number; gdpConstant?: Dec | undefined; population?: Dec | undefined; areaKm2?: Dec | undefined },
): void {
  const { year, priceYear, gdpConstant, population, areaKm2 } = d;
  const gross: Read = { kind: 'indicator', name: 'carbon.gross', value: str(inv.gross), unit: 'tCO2e' };
  const energy: Read = { kind: 'indicator', name: 'carbon.energy.calorific', value: str(inv.energy.calorific), unit: 'tce' };
  const t = (id: string, v: Dec | undefined, formula: string, unit: string, reads: Read[]) => {
    if (v) inv.traces.push({ id, formula, unit, value: str(v), reads });
  };
  if (gdpConstant) {
    const gdp: Read = {
      kind: 'input',
      name: 'gdp_constant',
      value: str(gdpConstant),
      unit: 'CNY',
      year,
      source: `economy.csv: GDP of ${priceYear} × chained volume index (${priceYear} prices)`,
    };
    t('carbon.intensity_gdp', ints.co2PerGdp, 'gross / GDP × 10⁴', 'tCO2e/10^4 CNY', [gross, gdp]);
    t('energy.intensity_gdp', ints.energyPerGdp, 'energy / GDP × 10⁴', 'tce/10^4 CNY', [energy, gdp]);
  }
  if (population)
    t('carbon.per_capita', ints.co2PerCapita, 'gross / population', 'tCO2e/person', [
      gross,
      { kind: 'input', name: 'population', value: str(population), unit: 'person', year, source: 'economy.csv' },
    ]);
  if (areaKm2)
    t('carbon.per_km2', ints.co2PerKm2, 'gross / area', 'tCO2e/km2', [
      gross,
      { kind: 'input', name: 'area_km2', value: str(areaKm2), unit: 'km2', source: 'dataset.yaml' },
    ]);
}

type WithEconomy = InventoryEntry & { gdpConstant: Dec; population: Dec };

/**
 * A region-year's inventory with its GDP (and population, unless the part does not use it: dual control does
 * not), for the parts that need them; refused with the reason when one is missing, naming the years there are.
 */
function withEconomy(inventory: InventoryEntry[], base: CarbonBase): (region: string, year: number, population?: boolean) => WithEconomy {
  return (r, y, population = true) => {
    const e = inventory.find((x) => x.region === r && x.year === y);
    if (!e)
      throw new IssuesError('run', [
        {
          code: 'option_invalid',
          message: `${r} ${y} is not among the inventory years of this run (years given: ${[...new Set(inventory.map((x) => x.year))].join(', ')}; the data has ${base.data.years.join(', ')})`,
        },
      ]);
    if (!e.gdpConstant || (population && !e.population))
      throw new IssuesError('run', [
        {
          code: 'economy_missing',
          message: `${r} ${y}: ${!e.gdpConstant ? `no constant-price GDP: ${base.gaps.get(`${r} ${y}`) ?? 'no economy data'}` : 'no population in economy.csv'}`,
        },
      ]);
    return e as WithEconomy;
  };
}

/** Dual control of energy and CO2 against the five-year targets, per region. */
function dualControlPart(
  base: CarbonBase,
  d: NonNullable<CarbonRunOptions['dual']>,
  need: (r: string, y: number, population?: boolean) => WithEconomy,
): CarbonRun['dual'] {
  const { factors, regions, years } = base;
  const def = DEFAULTS.carbon.dual_control;
  const baseYear = d.baseYear ?? def.base_year;
  const targets: DualTargets = {
    baseYear,
    energyIntensity: dec(d.energyIntensity ?? def.energy_intensity),
    co2Intensity: dec(d.co2Intensity ?? def.co2_intensity),
    ...(d.energyTotalCap ? { energyTotalCap: dec(d.energyTotalCap) } : {}),
    ...(d.co2TotalCap ? { co2TotalCap: dec(d.co2TotalCap) } : {}),
    ladder:
      typeof d.ladder === 'object'
        ? { kind: 'city4', green: dec(d.ladder.green), yellow: dec(d.ladder.yellow), orange: dec(d.ladder.orange) }
        : (d.ladder ?? def.ladder) === 'city4'
          ? CITY4
          : NATIONAL3,
    renewableTcePerMWh: factorValue(factors, 'electricity.sce', baseYear, 'the renewable-electricity deduction of dual control'),
  };
  if (!years.includes(baseYear))
    throw new IssuesError('run', [
      {
        code: 'base_year_unknown',
        path: '--base-year',
        message: `dual control needs its base year ${baseYear} among the inventory years (years given: ${years.join(', ')}; the data has ${base.data.years.join(', ')}): choose one of them (--base-year) or add its carbon activity`,
      },
    ]);
  const basis = d.basis ?? 'calorific';
  const n = 5;
  return regions.map((region) => {
    const series = years
      .filter((y) => y >= baseYear)
      .map((y) => {
        const e = need(region, y, false);
        const energy = basis === 'equivalent' ? e.inventory.energy.equivalent : e.inventory.energy.calorific;
        if (!energy)
          throw new IssuesError('run', [
            {
              code: 'factor_missing',
              path: '--basis',
              message: `${region} ${y}: the equivalent basis (等价值) needs the year's coal rate of power supply: add a carbon-activity row kind coal_rate, item thermal_power, in tce/MWh (e.g. 0.3029, the national 供电标准煤耗 with its source), or use --basis calorific`,
            },
          ]);
        // CO2 of the assessment is energy CO2 (combustion + purchased electricity and heat); processes and other gases are not in it.
        return {
          year: y,
          energy,
          feedstock: e.inventory.energy.feedstock,
          renewableMWh: e.inventory.energy.renewableMWh,
          co2: sumFuels(e.inventory, factors).plus(e.inventory.scope2),
          gdp: e.gdpConstant,
        };
      });
    const lines = dualControl(series, { ...targets, basis });
    const baseLine = (k: string) => lines.find((l) => l.indicator === k && l.year === baseYear)!.value;
    const assessed = series.map((x) => ({
      year: x.year,
      gdp: x.gdp,
      energy: lines.find((l) => l.indicator === 'dual.energy_total_assessed' && l.year === x.year)!.value,
    }));
    lines.push(...energyElasticity(assessed, baseYear));
    // Caps from the GDP path: a growth rate asked for, or economy.csv's GDP for every year of the period.
    const gdpBase = need(region, baseYear, false).gdpConstant;
    const given = (y: number) => base.gdpAt(region, y);
    const periodYears = Array.from({ length: n }, (_, t) => baseYear + t + 1);
    if (d.gdpGrowth !== undefined || periodYears.every((y) => given(y)))
      lines.push(
        ...dualCaps(
          {
            year: baseYear,
            energy: baseLine('dual.energy_total_assessed'),
            co2: series.find((x) => x.year === baseYear)!.co2,
            gdp: gdpBase,
          },
          gdpPath(baseYear, gdpBase, n, d.gdpGrowth === undefined ? undefined : dec(d.gdpGrowth), given),
          { energyIntensity: targets.energyIntensity, co2Intensity: targets.co2Intensity, period: n, basis },
        ),
      );
    return { region, targets: { ...targets, basis }, lines };
  });
}

/** Kaya paths (and the STIRPAT path when the fit succeeds) from the base year, with their peaks, per region. */
function projectionPart(
  base: CarbonBase,
  p: NonNullable<CarbonRunOptions['projection']>,
  need: (r: string, y: number, population?: boolean) => WithEconomy,
  inventory: InventoryEntry[],
): ProjectionEntry[] {
  const { factors, regions, years } = base;
  const def = DEFAULTS.carbon.projection;
  const peakOpts = {
    targetYear: p.targetYear ?? def.target_year,
    ...(p.plateau ? { plateau: { maxGrowth: dec(p.plateau.maxGrowth), years: p.plateau.years } } : {}),
  };
  return regions.map((region): ProjectionEntry => {
    const baseYear = p.baseYear ?? Math.max(...years);
    if (!years.includes(baseYear))
      throw new IssuesError('run', [
        {
          code: 'option_invalid',
          path: '--base-year',
          message: `projection base year ${baseYear} is not among the inventory years of this run (years given: ${years.join(', ')})`,
        },
      ]);
    // Paths continue from the last observed year (the base year): the history up to it is what has been observed.
    const observed = peakStatus(
      inventory.filter((x) => x.region === region && x.year <= baseYear).map((x) => ({ year: x.year, value: x.inventory.gross })),
      peakOpts,
    );
    try {
      return { region, observed, ...kayaPaths(region, baseYear) };
    } catch (err) {
      const issues = err instanceof IssuesError ? err.issues : [];
      if (!issues.length || !issues.every((i) => i.code === 'economy_missing' || i.code === 'not_positive')) throw err;
      return { region, observed, projectionError: issues.map((i) => i.message).join('; '), scenarios: [] };
    }
  });

  function kayaPaths(region: string, baseYear: number): Omit<ProjectionEntry, 'region' | 'observed'> {
    const e = need(region, baseYear);
    const inv = e.inventory;
    const combustion = sumFuels(inv, factors);
    const purchased = inv.scope2;
    const start: ProjectionBase = {
      year: baseYear,
      population: e.population,
      gdp: e.gdpConstant,
      energy: inv.energy.calorific,
      combustion,
      purchased,
      nonEnergy: inv.gross.minus(combustion).minus(purchased),
    };
    let stirpat: StirpatFit | undefined, stirpatError: string | undefined;
    try {
      stirpat = fitStirpat(
        years
          .filter((y) => y <= baseYear)
          .map((y) => {
            const h = need(region, y);
            return {
              year: y,
              co2: h.inventory.gross,
              population: h.population,
              gdpPerCapita: h.gdpConstant.div(h.population),
              energyIntensity: h.inventory.energy.calorific.div(h.gdpConstant),
            };
          }),
        p.ridgeK ?? def.ridge_k,
      );
    } catch (err) {
      stirpatError = (err as Error).message;
    }
    const peakOf = (ys: { year: number; co2: Dec }[]) =>
      detectPeak(
        ys.map((y) => ({ year: y.year, value: y.co2 })),
        peakOpts,
      );
    const scenarios = (p.paths ?? DEFAULT_PATHS).map((path) => {
      const ys = projectKaya(start, path, p.toYear ?? def.to_year);
      const st = stirpat ? projectStirpat(ys, stirpat.elasticities) : undefined;
      return { path, years: ys, peak: peakOf(ys), ...(st ? { stirpat: st, stirpatPeak: peakOf(st) } : {}) };
    });
    return { base: start, ...(stirpat ? { stirpat } : {}), ...(stirpatError ? { stirpatError } : {}), scenarios };
  }
}

/** Additive LMDI of the change in energy CO2 between two years, non-energy emissions on their own line, per region. */
function decompositionPart(
  base: CarbonBase,
  d: NonNullable<CarbonRunOptions['decompose']>,
  need: (r: string, y: number, population?: boolean) => WithEconomy,
): DecompositionEntry[] {
  const from = d.from ?? Math.min(...base.years),
    to = d.to ?? Math.max(...base.years);
  return base.regions.map((region) => {
    const y0 = lmdiYear(need(region, from), base.factors),
      yT = lmdiYear(need(region, to), base.factors);
    const res = lmdi(y0.year, yT.year);
    return { region, lmdi: res, nonEnergy: { c0: y0.nonEnergy, cT: yT.nonEnergy, delta: yT.nonEnergy.minus(y0.nonEnergy) } };
  });
}

/** Entity footprints, each region's entities rolled up into that region's inventory only. */
function footprintPart(base: CarbonBase, inventory: InventoryEntry[]): NonNullable<CarbonRun['footprints']> {
  const { footprints: fps, issues } = footprints(base.factors, base.data.entities, base.data.entityPeriods, { grid: base.grid });
  if (issues.length) throw new IssuesError('run', issues);
  const grossOf = (r: string, y: number) => inventory.find((e) => e.region === r && e.year === y)?.inventory.gross;
  const rollUps = [...new Set(fps.map((f) => f.entity.region!))].sort().flatMap((region) => {
    const mine = fps.filter((f) => f.entity.region === region);
    const fyears = [...new Set(mine.flatMap((f) => f.years.map((y) => y.year)))].sort((a, b) => a - b);
    return fyears.map((y) => rollUp(mine, y, grossOf(region, y), region));
  });
  return { footprints: fps, rollUps };
}

/** The run's meta: its id (lib/run-id.ts) and what it was computed from. */
/** What every carbon run's meta says of its inputs: the factor set, the dataset and the scenario, with their hashes. */
export function carbonProvenance(factors: FactorSet, data: CarbonData, scenario: Scenario | undefined) {
  return {
    model: factors.ref,
    model_hash: factors.hash,
    ...(factors.combines ? { factor_sets: factors.combines } : {}),
    dataset: { id: data.manifest.id, hash: data.hash, illustrative: data.manifest.illustrative },
    // the names file is outside the dataset's hash: a run whose sectors were read through it says which names
    ...(data.sectorNamesHash
      ? { sector_names: { file: 'models/classifications/energy-balance-sector.yaml', hash: data.sectorNamesHash } }
      : {}),
    scenario: scenario?.id ?? 'baseline',
    ...(scenario ? { scenario_hash: scenarioHash(scenario) } : {}),
  };
}

function carbonMeta(base: CarbonBase, optsIn: CarbonRunOptions): CarbonMeta {
  const { factors, data, priceYear, regions, years, grid, parts } = base;
  const opts = withScenario(optsIn);
  const identity = carbonRunIdentity(optsIn, factors, data);
  return {
    id: runId(identity),
    kind: 'carbon',
    engine_version: identity.engine_version,
    ...carbonProvenance(factors, data, opts.scenario),
    base_year: priceYear,
    price_year: priceYear,
    regions,
    years,
    grid,
    gwp: factors.gwp.set,
    parts,
    trace: identity.trace,
  };
}

/** What identifies a carbon run (lib/run-id.ts), its options resolved as runCarbon resolves them. */
export function carbonRunIdentity(optsIn: CarbonRunOptions, factors: FactorSet, data: CarbonData): CarbonIdentity {
  const opts = withScenario(optsIn);
  return carbonIdentity({
    factors: factors.ref,
    factors_hash: factors.hash,
    dataset_hash: data.hash,
    ...(data.sectorNamesHash ? { sector_names_hash: data.sectorNamesHash } : {}),
    scenario_hash: opts.scenario ? scenarioHash(opts.scenario) : null,
    regions: inDatasetOrder(opts.regions ?? data.regions, data.regions),
    years: sortedYears(opts.years ?? data.years),
    price_year: opts.priceYear ?? data.manifest.price_year,
    grid: opts.grid ?? DEFAULT_GRID,
    parts: opts.parts ?? CARBON_PARTS,
    // the defaults of models/defaults.yaml resolved: an edited defaults file changes the numbers, so the id
    options: {
      dual: {
        ...(opts.dual ?? {}),
        baseYear: opts.dual?.baseYear ?? DEFAULTS.carbon.dual_control.base_year,
        energyIntensity: opts.dual?.energyIntensity ?? DEFAULTS.carbon.dual_control.energy_intensity,
        co2Intensity: opts.dual?.co2Intensity ?? DEFAULTS.carbon.dual_control.co2_intensity,
        ladder: opts.dual?.ladder ?? DEFAULTS.carbon.dual_control.ladder,
      },
      projection: {
        ...(opts.projection ?? {}),
        toYear: opts.projection?.toYear ?? DEFAULTS.carbon.projection.to_year,
        targetYear: opts.projection?.targetYear ?? DEFAULTS.carbon.projection.target_year,
        ridgeK: opts.projection?.ridgeK ?? DEFAULTS.carbon.projection.ridge_k,
        paths: opts.projection?.paths ?? DEFAULT_PATHS,
      },
      decompose: opts.decompose ?? {},
      net: opts.net ?? false,
    },
    trace: opts.trace ?? true,
  });
}

const DATASETS_DIR = resolve(import.meta.dirname, '../datasets');

/** A scenario's carbon block and base fill the options it sets (explicit options win). */
export function withScenario(o: CarbonRunOptions): CarbonRunOptions {
  const s = o.scenario;
  if (!s) return o;
  const c = s.carbon;
  const shipped = join(DATASETS_DIR, s.base.dataset);
  return {
    ...o,
    dataset: o.dataset ?? (existsSync(join(shipped, 'dataset.yaml')) ? shipped : resolve(s.base.dataset)),
    ...(c && !o.factors ? { factors: c.factors } : {}),
    ...(c?.grid && !o.grid ? { grid: c.grid } : {}),
    ...(c?.paths && !o.projection?.paths ? { projection: { ...o.projection, paths: c.paths } } : {}),
  };
}

/** A factor's value in force in `year`, or the run is refused with the issue naming it and what needed it. */
function factorValue(set: FactorSet, name: string, year: number, neededFor: string): Dec {
  const r = factorAt(set, name, year);
  if (r.issue) throw new IssuesError('run', [{ ...r.issue, message: `${r.issue.message} (needed for ${neededFor})` }]);
  return r.factor.value;
}

/** Combustion CO2: the fuel part of scope 1 (processes and direct CH4/N2O excluded). */
function sumFuels(inv: Inventory, set: FactorSet): Dec {
  let s = ZERO;
  for (const [k, v] of inv.bySource) if (set.fuels.has(k)) s = s.plus(v);
  return s;
}

/** LMDI categories: each fuel (combustion CO2, tce without feedstock), electricity and heat (scope 2). */
function lmdiYear(e: InventoryEntry & { gdpConstant: Dec; population: Dec }, set: FactorSet): { year: LmdiYear; nonEnergy: Dec } {
  const inv = e.inventory;
  const cats = new Map<string, { energy: Dec; co2: Dec }>();
  for (const [fuel, tce] of inv.energy.byFuel)
    if (set.fuels.has(fuel)) cats.set(fuel, { energy: tce, co2: inv.bySource.get(fuel) ?? ZERO });
  // No electricity is zero tce whatever the factor; any electricity needs the standard-coal factor in force.
  const elecTce = inv.energy.electricityMWh.isZero()
    ? ZERO
    : inv.energy.electricityMWh.mul(factorValue(set, 'electricity.sce', e.year, `the LMDI energy of electricity, ${e.region} ${e.year}`));
  cats.set('electricity', { energy: elecTce, co2: inv.bySource.get('electricity') ?? ZERO });
  if (!inv.energy.heatGJ.isZero()) {
    const heatSce = factorValue(set, 'heat.sce', e.year, `the LMDI energy of purchased heat, ${e.region} ${e.year}`);
    cats.set('heat', { energy: inv.energy.heatGJ.mul(heatSce), co2: inv.bySource.get('heat') ?? ZERO });
  }
  const energyCo2 = [...cats.values()].reduce((s, v) => s.plus(v.co2), ZERO);
  return { year: { year: e.year, population: e.population, gdp: e.gdpConstant, categories: cats }, nonEnergy: inv.gross.minus(energyCo2) };
}
