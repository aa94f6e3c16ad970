import { IssuesError, type Issue } from '../engine/core/errors.ts';
import { type CarbonMcSetup, carbonMeasures, carbonSampler, inventoryWith } from '../engine/uncertainty/carbon.ts';
import { sampleDraws, summarise, tornado, type Summary, type TornadoBar } from '../engine/uncertainty/montecarlo.ts';
import { collectFactorParams, type Param } from '../engine/uncertainty/params.ts';
import type { ResultRow } from './rows.ts';
import type { CarbonData } from '../datasets/carbon.ts';
import { gridFactor, gridFactorName } from '../engine/carbon/factor-lookup.ts';
import type { FactorSet } from '../engine/carbon/factors.ts';
import { carbonProvenance, type CarbonMeta, type CarbonRunOptions, DEFAULT_GRID, loadCarbonBase, withScenario } from './carbon-run.ts';
import { type CarbonUncertaintyIdentity, carbonUncertaintyIdentity, runId } from './run-id.ts';
import { scenarioHash } from './scenario.ts';
import { checkDrawsAndSeed, type Measured, parametersMeta, type UncertaintyMeta, sampledRows } from './uncertainty.ts';

export interface CarbonUncertaintyOptions extends Pick<CarbonRunOptions, 'factors' | 'dataset' | 'grid' | 'scenario' | 'loaded'> {
  /** Default: the dataset's first region and last carbon year. */
  region?: string;
  year?: number;
  draws: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}

/** A carbon Monte Carlo's identity: the factor set, data and grid of the carbon run, one region-year, draws, seed and parameters. */
export interface CarbonUncertaintyMeta
  extends Pick<CarbonMeta, 'engine_version' | 'model' | 'model_hash' | 'dataset' | 'scenario' | 'scenario_hash' | 'grid' | 'gwp'> {
  id: string;
  kind: 'carbon_uncertainty';
  region: string;
  year: number;
  draws: number;
  seed: number;
  /** Where the draws were computed (GEP Monte Carlo may be on the float path; the carbon one is exact). */
  path: 'exact';
  parameters: UncertaintyMeta['parameters'];
}

export interface CarbonUncertaintyRun {
  meta: CarbonUncertaintyMeta;
  measured: Measured[];
  params: Param[];
  summaries: Summary[];
  /** One-at-a-time sensitivity of gross emissions. */
  tornado: TornadoBar[];
}

/**
 * Monte Carlo over the carbon inventory of one region-year: the factor set's ranges and the scenario's factor
 * ranges (`uncertainty: [{factor, low, high, unit}]`) are sampled, each draw on its own seeded stream, so the
 * same seed gives the same bytes; a degenerate range (low = high = the factor) gives every percentile equal to
 * the deterministic inventory. Runs in this thread (one inventory per draw is cheap).
 */
export function runCarbonUncertainty(opts: CarbonUncertaintyOptions): CarbonUncertaintyRun {
  checkDrawsAndSeed(opts.draws, opts.seed);
  // a region or year asked for is checked with the scenario, all problems at once
  const run = withScenario({
    ...opts,
    parts: ['inventory'],
    ...(opts.region ? { regions: [opts.region] } : {}),
    ...(opts.year ? { years: [opts.year] } : {}),
  });
  const base = loadCarbonBase(run);
  const region = opts.region ?? base.data.regions[0]!;
  const year = opts.year ?? Math.max(...base.data.years);
  const issues: Issue[] = [];
  // The grid factor is sampled in the vintage the inventory uses (a fixed vintage, or the first one for an earlier year).
  const vintage = gridFactor(base.factors, base.grid, year).factor?.vintage ?? year;
  const yearOf = (name: string) => (name === gridFactorName(base.grid) ? vintage : year);
  const params = collectFactorParams(base.factors.params, year, opts.scenario?.uncertainty ?? [], issues, yearOf);
  if (issues.length) throw new IssuesError('scenario', issues);

  const setup: CarbonMcSetup = { set: base.factors, region, year, activity: base.data.activity(region, year), grid: base.grid, params };
  const deterministic = inventoryWith(
    setup,
    params.map((p) => p.central),
  );
  const measures = carbonMeasures(deterministic);
  const sampler = carbonSampler(setup, measures);
  let done = 0;
  const draws = sampleDraws(sampler, opts.seed, 0, opts.draws, () => opts.onProgress?.(++done, opts.draws));
  const summaries = summarise(
    measures.map((m) => m.id),
    measures.map((m) => m.read(deterministic)),
    draws,
  );
  const { factors, data } = base;
  const identity = carbonUncertaintyRunIdentity(opts, opts.loaded?.factors ?? factors, data);
  const meta: CarbonUncertaintyMeta = {
    id: runId(identity),
    kind: 'carbon_uncertainty',
    engine_version: identity.engine_version,
    ...carbonProvenance(factors, data, opts.scenario),
    region,
    year,
    grid: base.grid,
    gwp: factors.gwp.set,
    draws: opts.draws,
    seed: opts.seed,
    path: 'exact',
    parameters: parametersMeta(params),
  };
  const measured = measures.map(
    (m): Measured => ({
      id: m.id,
      indicator: m.indicator,
      level: 'inventory',
      category: 'emissions',
      unit: m.unit,
      money: false,
      basis: '',
      ...(m.key ? { key: m.key } : {}),
    }),
  );
  return { meta, measured, params, summaries, tornado: tornado(sampler, 0) };
}

/**
 * What identifies a carbon Monte Carlo (lib/run-id.ts), resolved as runCarbonUncertainty resolves it: the factor
 * set as loaded (before the scenario's overrides, which the scenario hash carries), the data, the region-year, the
 * grid choice, draws and seed.
 */
export function carbonUncertaintyRunIdentity(
  opts: CarbonUncertaintyOptions,
  factors: FactorSet,
  data: CarbonData,
): CarbonUncertaintyIdentity {
  const o = withScenario(opts);
  return carbonUncertaintyIdentity({
    factors: factors.ref,
    factors_hash: factors.hash,
    dataset_hash: data.hash,
    ...(data.sectorNamesHash ? { sector_names_hash: data.sectorNamesHash } : {}),
    scenario_hash: o.scenario ? scenarioHash(o.scenario) : null,
    region: opts.region ?? data.regions[0]!,
    year: opts.year ?? Math.max(...data.years),
    grid: o.grid ?? DEFAULT_GRID,
    path: 'exact',
    draws: opts.draws,
    seed: opts.seed,
  });
}

/** Long rows: per inventory figure the deterministic value, mean, P5, P50, P95 (key [source=…;]stat=…); the tornado of gross emissions. */
export function carbonUncertaintyRows(run: CarbonUncertaintyRun): ResultRow[] {
  return sampledRows(run);
}
