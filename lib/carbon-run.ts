import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCarbonData, type CarbonData } from '../datasets/carbon.ts';
import { loadEconomy, type Economy } from '../datasets/economy.ts';
import { DEFAULT_DATASET } from '../datasets/load.ts';
import { dec, type Dec, str, ZERO } from '../engine/core/decimal.ts';
import { IssuesError, type Issue } from '../engine/core/errors.ts';
import { CITY4, dualControl, NATIONAL3, type DualLine, type DualTargets } from '../engine/carbon/dual-control.ts';
import { inForce, type FactorSet, type GridChoice } from '../engine/carbon/factors.ts';
import { footprints, rollUp, type Footprint, type RollUp } from '../engine/carbon/footprint.ts';
import { intensities, inventoryRegionYear, type Intensities, type Inventory } from '../engine/carbon/inventory.ts';
import { lmdi, type LmdiResult, type LmdiYear } from '../engine/carbon/lmdi.ts';
import {
  DEFAULT_PATHS,
  detectPeak,
  projectKaya,
  projectStirpat,
  type Peak,
  type ProjectedYear,
  type ProjectionBase,
  type ProjectionPath,
} from '../engine/carbon/projection.ts';
import { fitStirpat, type StirpatFit } from '../engine/carbon/stirpat.ts';
import type { Read } from '../engine/eval/trace.ts';
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
  base: ProjectionBase;
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
  const factors = opts.loaded?.factors ?? loadFactorSet(opts.factors ?? DEFAULT_FACTORS);
  const sc = opts.scenario?.carbon;
  if (sc && sc.factors !== factors.ref)
    throw new IssuesError('scenario', [
      {
        code: 'model_mismatch',
        file: `scenario ${opts.scenario!.id}`,
        path: 'carbon.factors',
        message: `the scenario is written for ${sc.factors}, but the factor set loaded is ${factors.ref}`,
      },
    ]);
  const dir = opts.dataset ?? DEFAULT_DATASET;
  const data = opts.loaded?.data ?? loadCarbonData(dir, factors);
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
  const parts = opts.parts ?? CARBON_PARTS;
  const grid = opts.grid ?? DEFAULT_GRID;
  const priceYear = opts.priceYear ?? data.manifest.price_year;
  const economy: Economy | undefined = data.manifest.files.economy ? loadEconomy(dir) : undefined;
  const regions = inDatasetOrder(opts.regions ?? data.regions, data.regions);
  const problems: Issue[] = [];
  for (const r of regions)
    if (!data.regions.includes(r))
      problems.push({ code: 'region_unknown', message: `region "${r}" is not in the dataset (${data.regions.join(', ')})` });
  const years = sortedYears(opts.years ?? data.years);
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
  if (problems.length) throw new IssuesError('run', problems);

  // Without GDP for a year the inventory has no GDP intensity; the reason is kept for the parts that need GDP.
  const economyGaps = new Map<string, string>();
  const gdpAt = (r: string, y: number) => {
    if (!economy) return undefined;
    try {
      return economy.gdpConstant(r, y, priceYear);
    } catch (e) {
      economyGaps.set(`${r} ${y}`, e instanceof IssuesError ? e.issues.map((i) => i.message).join('; ') : (e as Error).message);
      return undefined;
    }
  };
  const popAt = (r: string, y: number) => economy?.value(r, 'population', y);

  const inventory: InventoryEntry[] = [];
  const issues: Issue[] = [];
  for (const region of regions) {
    for (const year of [...years].sort((a, b) => a - b)) {
      const inv = inventoryRegionYear(factors, region, year, data.activity(region, year), { grid, trace: opts.trace ?? true });
      issues.push(...inv.issues);
      const gdpConstant = gdpAt(region, year),
        population = popAt(region, year),
        areaKm2 = data.areaKm2.get(region);
      const ints = intensities(inv, {
        ...(gdpConstant ? { gdpConstant } : {}),
        ...(population ? { population } : {}),
        ...(areaKm2 ? { areaKm2 } : {}),
      });
      if (opts.trace ?? true) {
        // The intensities are traced like the inventory lines: formula, the totals and denominators read.
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
  if (parts.some((p) => p === 'dualcontrol' || p === 'project' || p === 'decompose') && !economy) {
    throw new IssuesError('dataset', [
      {
        code: 'economy_missing',
        message: 'dual control, projection and decomposition need GDP and population: add economy.csv to the manifest (files.economy)',
      },
    ]);
  }
  const invOf = (r: string, y: number) => inventory.find((e) => e.region === r && e.year === y);
  const need = (r: string, y: number) => {
    const e = invOf(r, y);
    if (!e) throw new IssuesError('run', [{ code: 'option_invalid', message: `${r} ${y} is not among the inventory years of this run` }]);
    if (!e.gdpConstant || !e.population)
      throw new IssuesError('run', [
        {
          code: 'economy_missing',
          message: `${r} ${y}: ${!e.gdpConstant ? `no constant-price GDP: ${economyGaps.get(`${r} ${y}`) ?? 'no economy data'}` : 'no population in economy.csv'}`,
        },
      ]);
    return e as InventoryEntry & { gdpConstant: Dec; population: Dec };
  };

  const dual: CarbonRun['dual'] = [];
  if (parts.includes('dualcontrol')) {
    const d = opts.dual ?? {};
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
      renewableTcePerMWh: required(
        inForce(factors.electricitySce, baseYear)?.value,
        `${factors.ref} has no electricity standard-coal factor in force in ${baseYear}`,
      ),
    };
    for (const region of regions) {
      const series = years
        .filter((y) => y >= baseYear)
        .map((y) => {
          const e = need(region, y);
          // CO2 of the assessment is energy CO2 (combustion + purchased electricity and heat); processes and other gases are not in it.
          return {
            year: y,
            energy: e.inventory.energy.calorific,
            feedstock: e.inventory.energy.feedstock,
            renewableMWh: e.inventory.energy.renewableMWh,
            co2: sumFuels(e.inventory, factors).plus(e.inventory.scope2),
            gdp: e.gdpConstant,
          };
        });
      dual.push({ region, targets, lines: dualControl(series, targets) });
    }
  }

  const projection: ProjectionEntry[] = [];
  if (parts.includes('project')) {
    const p = opts.projection ?? {};
    const def = DEFAULTS.carbon.projection;
    for (const region of regions) {
      const baseYear = p.baseYear ?? Math.max(...years);
      const e = need(region, baseYear);
      const inv = e.inventory;
      const combustion = sumFuels(inv, factors);
      const purchased = inv.scope2;
      const base: ProjectionBase = {
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
      const peakOpts = {
        targetYear: p.targetYear ?? def.target_year,
        ...(p.plateau ? { plateau: { maxGrowth: dec(p.plateau.maxGrowth), years: p.plateau.years } } : {}),
      };
      const scenarios = (p.paths ?? DEFAULT_PATHS).map((path) => {
        const ys = projectKaya(base, path, p.toYear ?? def.to_year);
        const st = stirpat ? projectStirpat(ys, stirpat.elasticities) : undefined;
        return {
          path,
          years: ys,
          peak: detectPeak(
            ys.map((y) => ({ year: y.year, value: y.co2 })),
            peakOpts,
          ),
          ...(st
            ? {
                stirpat: st,
                stirpatPeak: detectPeak(
                  st.map((y) => ({ year: y.year, value: y.co2 })),
                  peakOpts,
                ),
              }
            : {}),
        };
      });
      projection.push({ region, base, ...(stirpat ? { stirpat } : {}), ...(stirpatError ? { stirpatError } : {}), scenarios });
    }
  }

  const decomposition: DecompositionEntry[] = [];
  if (parts.includes('decompose')) {
    const from = opts.decompose?.from ?? Math.min(...years),
      to = opts.decompose?.to ?? Math.max(...years);
    for (const region of regions) {
      const y0 = lmdiYear(need(region, from), factors),
        yT = lmdiYear(need(region, to), factors);
      const res = lmdi(y0.year, yT.year);
      decomposition.push({ region, lmdi: res, nonEnergy: { c0: y0.nonEnergy, cT: yT.nonEnergy, delta: yT.nonEnergy.minus(y0.nonEnergy) } });
    }
  }

  let fp: CarbonRun['footprints'];
  if (parts.includes('footprint') && data.entities.length) {
    const { footprints: fps, issues: fi } = footprints(factors, data.entities, data.entityPeriods, { grid });
    if (fi.length) throw new IssuesError('run', fi);
    // Each region's entities roll up into that region's inventory only.
    const rollUps = [...new Set(fps.map((f) => f.entity.region!))].sort().flatMap((region) => {
      const mine = fps.filter((f) => f.entity.region === region);
      const fyears = [...new Set(mine.flatMap((f) => f.years.map((y) => y.year)))].sort((a, b) => a - b);
      return fyears.map((y) => rollUp(mine, y, invOf(region, y)?.inventory.gross, region));
    });
    fp = { footprints: fps, rollUps };
  }

  const identity = carbonRunIdentity(optsIn, factors, data);
  const meta: CarbonMeta = {
    id: runId(identity),
    kind: 'carbon',
    engine_version: identity.engine_version,
    model: factors.ref,
    model_hash: factors.hash,
    dataset: { id: data.manifest.id, hash: data.hash, illustrative: data.manifest.illustrative },
    scenario: opts.scenario?.id ?? 'baseline',
    ...(opts.scenario ? { scenario_hash: scenarioHash(opts.scenario) } : {}),
    base_year: priceYear,
    price_year: priceYear,
    regions,
    years,
    grid,
    gwp: factors.gwp.set,
    parts,
    trace: identity.trace,
  };
  return {
    meta,
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

/** What identifies a carbon run (lib/run-id.ts), its options resolved as runCarbon resolves them. */
export function carbonRunIdentity(optsIn: CarbonRunOptions, factors: FactorSet, data: CarbonData): CarbonIdentity {
  const opts = withScenario(optsIn);
  return carbonIdentity({
    factors: factors.ref,
    factors_hash: factors.hash,
    dataset_hash: data.hash,
    scenario_hash: opts.scenario ? scenarioHash(opts.scenario) : null,
    regions: inDatasetOrder(opts.regions ?? data.regions, data.regions),
    years: sortedYears(opts.years ?? data.years),
    price_year: opts.priceYear ?? data.manifest.price_year,
    grid: opts.grid ?? DEFAULT_GRID,
    parts: opts.parts ?? CARBON_PARTS,
    options: {
      dual: opts.dual ?? {},
      projection: { ...(opts.projection ?? {}), paths: opts.projection?.paths ?? DEFAULT_PATHS },
      decompose: opts.decompose ?? {},
      net: opts.net ?? false,
    },
    trace: opts.trace ?? true,
  });
}

const DATASETS_DIR = resolve(import.meta.dirname, '../datasets');

/** A scenario's carbon block and base fill the options it sets (explicit options win). */
function withScenario(o: CarbonRunOptions): CarbonRunOptions {
  const s = o.scenario;
  if (!s) return o;
  const c = s.carbon;
  const shipped = join(DATASETS_DIR, s.base.dataset);
  return {
    ...o,
    dataset: o.dataset ?? (existsSync(join(shipped, 'dataset.yaml')) ? shipped : resolve(s.base.dataset)),
    ...(c && !o.factors ? { factors: c.factors.split('@')[0]! } : {}),
    ...(c?.grid && !o.grid ? { grid: c.grid } : {}),
    ...(c?.paths && !o.projection?.paths ? { projection: { ...o.projection, paths: c.paths } } : {}),
  };
}

function required<T>(v: T | undefined, message: string): T {
  if (v === undefined) throw new IssuesError('run', [{ code: 'factor_missing', message }]);
  return v;
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
  const elecSce = inForce(set.electricitySce, e.year)?.value ?? ZERO,
    heatSce = inForce(set.heatSce, e.year)?.value ?? ZERO;
  cats.set('electricity', { energy: inv.energy.electricityMWh.mul(elecSce), co2: inv.bySource.get('electricity') ?? ZERO });
  if (!inv.energy.heatGJ.isZero()) cats.set('heat', { energy: inv.energy.heatGJ.mul(heatSce), co2: inv.bySource.get('heat') ?? ZERO });
  const energyCo2 = [...cats.values()].reduce((s, v) => s.plus(v.co2), ZERO);
  return { year: { year: e.year, population: e.population, gdp: e.gdpConstant, categories: cats }, nonEnergy: inv.gross.minus(energyCo2) };
}
