import { randomUUID } from 'node:crypto';
import { type Dec, dec, str } from '../engine/core/decimal.ts';
import { IssuesError, type Issue } from '../engine/core/errors.ts';
import { accountDual } from '../engine/dual/account.ts';
import type { DualSpec } from '../engine/dual/spec.ts';
import type { GepAccount } from '../engine/gep/account.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import type { Overlay } from '../engine/scenario/overlay.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { collectParams, type Param } from '../engine/uncertainty/params.ts';
import {
  evaluateWith,
  runDraws,
  summarise,
  tornado,
  type McSetup,
  type Summary,
  type TornadoBar,
} from '../engine/uncertainty/montecarlo.ts';
import { DEFAULT_DATASET, type Dataset, loadDataset } from '../datasets/load.ts';
import { loadModel } from '../models/load.ts';
import type { ResultRow } from './rows.ts';
import { contentHash } from '../models/versioned.ts';
import { areasOf, loadDualSpec } from './dual.ts';
import { chooseMethod, type MethodOptions } from './method.ts';
import { methodOf, runId, type UncertaintyIdentity, uncertaintyIdentity } from './run-id.ts';
import { DEFAULT_MODEL, type RunMeta } from './run.ts';
import { prepareScenario, scenarioHash } from './scenario.ts';
import {
  type DualInputs,
  type FloatMeasure,
  floatDraws,
  floatDrawsFlat,
  floatMeasure,
  floatTornado,
  summariseFlatDraws,
  summariseFloatDraws,
} from './uncertainty-float.ts';

/** One measured indicator of a Monte Carlo draw, described for the long rows. */
export interface Measured {
  id: string;
  indicator: string;
  level: string;
  category: string;
  unit: string;
  money: boolean;
  basis: 'current' | 'constant' | '';
  /** A breakdown the figure is of (source=raw_coal), written before stat= in the row key. */
  key?: string;
}

/** What a Monte Carlo run needs, as plain data (a worker rebuilds the setup from it). */
export interface UncertaintySpec extends MethodOptions {
  model?: string;
  dataset?: string;
  /** A scenario laid over the base (its overrides and its uncertainty list). */
  scenario?: Scenario;
  region?: string;
  year?: number;
  baseYear?: number;
  /** Dual-accounting spec id or path: adds GEP/GDP, per km², per capita, realisation rate and GEEP. */
  dualSpec?: string;
  /**
   * Where the draws are computed: `float` (default), the float64 path compiled from the model (engine/fast), held to
   * the exact path to 1e-9 (test/fast); `exact`, every draw a full decimal account. The deterministic column is exact
   * either way. Part of the run's identity.
   */
  path?: McPath;
}

/** The path Monte Carlo draws are computed on. */
export type McPath = 'float' | 'exact';
export const MC_PATHS: readonly McPath[] = ['float', 'exact'];

export interface Prepared {
  setup: McSetup;
  measured: Measured[];
  meta: Omit<UncertaintyMeta, 'id' | 'draws' | 'seed'>;
  dataset: Dataset;
  path: McPath;
  /** The float64 measure (compiled once per prepared setup, on first use). */
  float?: FloatMeasure;
  dual?: DualInputs;
}

/** A Monte Carlo run's identity: the account's (RunMeta) for one region-year, plus draws, seed and parameters. */
export interface UncertaintyMeta
  extends Pick<
    RunMeta,
    'id' | 'engine_version' | 'model' | 'model_hash' | 'names_hash' | 'dataset' | 'scenario' | 'scenario_hash' | 'method'
  > {
  kind: 'uncertainty';
  region: string;
  year: number;
  base_year: number;
  draws: number;
  seed: number;
  /** Where the draws were computed (the deterministic column is the exact account either way). */
  path: McPath;
  parameters: { id: string; distribution: string; low: string; high: string; mode: string; central: string; source: string }[];
}

/** Load model, dataset and scenario, collect the uncertain parameters, and fix the indicators measured. */
export function prepareUncertainty(spec: UncertaintySpec, loaded?: { model: CompiledModel; dataset: Dataset }): Prepared {
  let model: CompiledModel;
  let dataset: Dataset;
  let coefficients: Overlay['coefficients'] | undefined;
  let data: Overlay['data'] | Dataset;
  if (spec.scenario) {
    const asked = { ...(spec.method ? { method: spec.method } : {}), ...(spec.covers ? { covers: spec.covers } : {}) };
    const p = prepareScenario(spec.scenario, loaded ? { loaded } : { ...asked, ...(spec.dataset ? { dataset: spec.dataset } : {}) });
    ({ model, dataset } = p);
    ({ coefficients, data } = p.overlay);
  } else {
    const base = loaded?.model ?? loadModel(spec.model ?? DEFAULT_MODEL);
    dataset = loaded?.dataset ?? loadDataset(spec.dataset ?? DEFAULT_DATASET, base);
    // a loaded model is already under the run's method; a worker chooses it again from the spec
    model = loaded?.model ?? chooseMethod(base, dataset, undefined, spec);
    data = dataset;
  }
  const region = spec.region ?? dataset.regions[0]!;
  const year = spec.year ?? dataset.years[dataset.years.length - 1]!;
  const baseYear = spec.baseYear ?? dataset.manifest.price_year;
  const issues: Issue[] = [];
  if (!dataset.regions.includes(region))
    issues.push({ code: 'region_unknown', message: `region "${region}" is not in the dataset (${dataset.regions.join(', ')})` });
  if (!dataset.years.includes(year))
    issues.push({ code: 'year_unknown', message: `${year} is not among the dataset's years (${dataset.years.join(', ')})` });
  // A service whose money value is given and physical quantity is not may have no physical value: not measured.
  const given = data.given?.(region, year);
  const measuresPhysical = (s: { id: string }) => {
    const svc = model.services.find((x) => x.id === s.id)!;
    return !given?.has(svc.money) || given.has(svc.physical);
  };
  const params = collectParams(model, year, spec.scenario?.uncertainty ?? [], issues, coefficients);
  if (issues.length) throw new IssuesError('scenario', issues);

  const measured: Measured[] = [
    { id: 'gep|current', indicator: 'gep', level: 'total', category: '', unit: 'CNY', money: true, basis: 'current' },
    { id: 'gep|constant', indicator: 'gep', level: 'total', category: '', unit: 'CNY', money: true, basis: 'constant' },
    ...model.categories.map(
      (c): Measured => ({
        id: `${c.id}|current`,
        indicator: c.id,
        level: 'category',
        category: c.id,
        unit: 'CNY',
        money: true,
        basis: 'current',
      }),
    ),
    ...model.services.flatMap((s): Measured[] => [
      { id: `${s.id}|money`, indicator: s.id, level: 'service', category: s.category, unit: 'CNY', money: true, basis: 'current' },
      ...(!measuresPhysical(s)
        ? []
        : [
            {
              id: `${s.id}|physical`,
              indicator: s.id,
              level: 'service',
              category: s.category,
              unit: model.indicatorById.get(s.physical)!.unit.text,
              money: false,
              basis: '',
            } satisfies Measured,
          ]),
    ]),
  ];
  const economy = dataset.economy;
  const dual: DualSpec | undefined = spec.dualSpec !== undefined || economy ? loadDualSpec(spec.dualSpec) : undefined;
  const areas = areasOf(dataset);
  const dualIds =
    dual && economy
      ? ([
          ['dual.gep_gdp_ratio', '1'],
          ['dual.gep_per_km2', 'CNY/km2'],
          ['dual.gep_per_capita', 'CNY/person'],
          ['dual.realisation_rate', '1'],
          ['dual.geep', 'CNY'],
        ] as const)
      : [];
  for (const [id, unit] of dualIds)
    measured.push({ id, indicator: id, level: 'dual', category: '', unit, money: unit === 'CNY', basis: unit === 'CNY' ? 'current' : '' });

  const measure = (acc: GepAccount): Dec[] => {
    const ry = acc.regionYears[0]!;
    const out: Dec[] = [
      ry.gep.current,
      ry.gep.constant,
      ...model.categories.map((c) => ry.categories.get(c.id)!.current),
      ...ry.services.flatMap((s) => (measuresPhysical(s) ? [s.money, s.physical!] : [s.money])),
    ];
    if (dualIds.length) {
      const r = accountDual(acc, economy!, areas, dual!).rows[0]!;
      out.push(r.ratio, r.gepPerKm2 ?? dec('0'), r.gepPerCapita ?? dec('0'), r.realisationRate ?? dec('0'), r.geep);
    }
    return out;
  };
  const setup: McSetup = {
    model,
    data,
    region,
    year,
    baseYear,
    params,
    measure,
    ...(coefficients?.size ? { coefficients } : {}),
  };
  const path = spec.path ?? 'float';
  return {
    setup,
    measured,
    dataset,
    path,
    ...(dualIds.length ? { dual: { economy: economy!, spec: dual!, areaKm2: areas.get(region) } } : {}),
    meta: {
      kind: 'uncertainty',
      engine_version: '',
      model: model.ref,
      model_hash: model.hash,
      ...(model.namesHash ? { names_hash: model.namesHash } : {}),
      dataset: { id: dataset.manifest.id, hash: dataset.hash, illustrative: dataset.manifest.illustrative },
      scenario: spec.scenario?.id ?? 'baseline',
      ...(spec.scenario ? { scenario_hash: scenarioHash(spec.scenario) } : {}),
      region,
      year,
      base_year: baseYear,
      ...methodOf(model),
      path,
      parameters: parametersMeta(params),
    },
  };
}

export interface UncertaintyRun {
  meta: UncertaintyMeta;
  measured: Measured[];
  params: Param[];
  summaries: Summary[];
  /** One-at-a-time sensitivity of GEP (current prices). */
  tornado: TornadoBar[];
}

/** A range of Monte Carlo draws, run on a worker thread (lib/workers/tasks.ts). */
/** `run` names one runUncertainty call: a worker keeps its setup per run, so files edited between runs are read again. */
export type McTask = { kind: 'mc'; spec: UncertaintySpec; run: string; seed: number; from: number; to: number };

export interface UncertaintyOptions extends UncertaintySpec {
  draws: number;
  seed: number;
  /** Worker threads (0 or 1: in this thread). The result is the same either way. */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
  /** Model and dataset already loaded (the run kind loads them to name the run); workers still load the spec's. */
  loaded?: { model: CompiledModel; dataset: Dataset };
  /** The draws [0, draws) already computed elsewhere (chunks of the job queue), in index order. */
  drawn?: DrawRows;
}

/** Draws of one thread or worker: numbers on the float path, decimal strings on the exact path. */
export type DrawRows = number[][] | string[][];

/**
 * Draws [from, to) of a prepared setup in this thread, in the form workers return (numbers on the float path,
 * decimal strings on the exact one). Draw i depends on (seed, i) alone: ranges computed anywhere concatenate to the
 * same draws (the queue splits runs so across worker processes).
 */
export function drawRange(p: Prepared, seed: number, from: number, to: number, onDraw?: () => void): DrawRows {
  if (p.path === 'float') {
    const rows = floatDraws(floatOf(p), seed, from, to);
    if (onDraw) for (let i = from; i < to; i++) onDraw();
    return rows;
  }
  return runDraws(p.setup, seed, from, to, onDraw).map((row) => row.map(str));
}

/** The prepared setup's float measure, compiled on first use. */
export function floatOf(p: Prepared): FloatMeasure {
  if (!p.float) p.float = floatMeasure(p.setup, p.measured, p.dual);
  return p.float;
}

/** Every sampled parameter as the run records it (distribution, bounds, central value, source). */
export function parametersMeta(params: Param[]): UncertaintyMeta['parameters'] {
  return params.map((p) => ({
    id: p.id,
    distribution: p.spread.distribution,
    low: str(p.spread.low),
    high: str(p.spread.high),
    mode: str(p.spread.mode),
    central: str(p.central),
    source: p.source,
  }));
}

/** Refuse a number of draws or a seed the generator cannot take. */
export function checkDrawsAndSeed(draws: number, seed: number): void {
  const issues: Issue[] = [];
  if (!Number.isInteger(draws) || draws < 1)
    issues.push({ code: 'option_invalid', message: `draws must be a whole number ≥ 1 (got ${draws})` });
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    issues.push({ code: 'option_invalid', message: `seed must be a whole number from 0 to 4294967295 (got ${seed})` });
  if (issues.length) throw new IssuesError('run', issues);
}

/** result.json of a Monte Carlo run (GEP or carbon): the run block, each summary with its unit, the tornado. */
export function monteCarloDocument(run: { meta: object; measured: Measured[]; summaries: Summary[]; tornado: TornadoBar[] }) {
  return { run: run.meta, summaries: run.summaries.map((s, j) => ({ ...s, unit: run.measured[j]!.unit })), tornado: run.tornado };
}

/** Monte Carlo over the uncertain parameters: P5/P50/P95 and mean of every indicator, and the tornado of GEP. */
export async function runUncertainty(opts: UncertaintyOptions): Promise<UncertaintyRun> {
  checkDrawsAndSeed(opts.draws, opts.seed);
  const p = prepareUncertainty(opts, opts.loaded);
  let rows: DrawRows | Float64Array;
  if (opts.drawn) {
    if (opts.drawn.length !== opts.draws) throw new Error(`${opts.drawn.length} draws given for a run of ${opts.draws}`);
    rows = opts.drawn;
  } else if ((opts.workers ?? 0) > 1) {
    const { mapChunks } = await import('./workers/pool.ts');
    // what a worker needs to rebuild the setup, as plain data (no callback)
    const { draws: _d, seed: _s, workers: _w, onProgress: _p, loaded: _l, drawn: _g, ...spec } = opts;
    const chunks = splitRange(opts.draws, Math.max(opts.workers! * 4, 1));
    const run = randomUUID();
    const parts = await mapChunks<DrawRows, McTask>(
      opts.workers!,
      chunks.map(([from, to]) => ({ kind: 'mc', spec, run, seed: opts.seed, from, to })),
      (done) =>
        opts.onProgress?.(
          chunks.slice(0, done).reduce((a, [f, t]) => a + t - f, 0),
          opts.draws,
        ),
    );
    rows = parts.flat() as DrawRows;
  } else if (p.path === 'float') {
    // in this thread the float draws stay one array, row after row, up to the summaries (drawRange's numbers)
    rows = floatDrawsFlat(floatOf(p), opts.seed, 0, opts.draws);
    for (let done = 1; done <= opts.draws; done++) opts.onProgress?.(done, opts.draws);
  } else {
    let done = 0;
    rows = drawRange(p, opts.seed, 0, opts.draws, () => opts.onProgress?.(++done, opts.draws));
  }
  const deterministic = evaluateWith(
    p.setup,
    p.setup.params.map((x) => x.central),
  );
  const ids = p.measured.map((m) => m.id);
  // on the float path the percentiles, mean and tornado come from float64 draws; the deterministic column is exact
  const summaries =
    p.path === 'float'
      ? rows instanceof Float64Array
        ? summariseFlatDraws(ids, deterministic, rows)
        : summariseFloatDraws(ids, deterministic, rows as number[][])
      : summarise(
          ids,
          deterministic,
          (rows as string[][]).map((r) => r.map(dec)),
        );
  const identity = uncertaintyRunIdentity(opts, p.setup.model, p.dataset);
  const meta = { id: runId(identity), ...p.meta, engine_version: identity.engine_version, draws: opts.draws, seed: opts.seed };
  const bars = p.path === 'float' ? floatTornado(floatOf(p), 0) : tornado(p.setup, 0);
  return { meta, measured: p.measured, params: p.setup.params, summaries, tornado: bars };
}

/**
 * What identifies a Monte Carlo run (lib/run-id.ts), with region, year, base year and dual spec resolved as
 * prepareUncertainty resolves them. The parameters are not in it: the model and the scenario decide them.
 */
export function uncertaintyRunIdentity(
  o: UncertaintySpec & { draws: number; seed: number },
  model: CompiledModel,
  dataset: Dataset,
): UncertaintyIdentity {
  const dual = dataset.economy ? loadDualSpec(o.dualSpec) : undefined;
  return uncertaintyIdentity({
    model: model.ref,
    model_hash: model.hash,
    ...(model.namesHash ? { names_hash: model.namesHash } : {}),
    dataset_hash: dataset.hash,
    scenario_hash: o.scenario ? scenarioHash(o.scenario) : null,
    region: o.region ?? dataset.regions[0]!,
    year: o.year ?? dataset.years[dataset.years.length - 1]!,
    base_year: o.baseYear ?? dataset.manifest.price_year,
    dual_spec: dual ? { ref: `${dual.id}@${dual.version}`, hash: contentHash(dual) } : null,
    ...methodOf(model),
    path: o.path ?? 'float',
    draws: o.draws,
    seed: o.seed,
  });
}

/** [from, to) ranges covering 0..n in about `parts` pieces, in order. */
export function splitRange(n: number, parts: number): [number, number][] {
  const size = Math.max(1, Math.ceil(n / parts));
  const out: [number, number][] = [];
  for (let f = 0; f < n; f += size) out.push([f, Math.min(n, f + size)]);
  return out;
}

/** What the long rows of a Monte Carlo (GEP or carbon) need to know about it. */
export interface SampledRun {
  meta: { region: string; year: number; scenario: string; model: string; draws: number; seed: number; base_year?: number; path?: McPath };
  measured: Measured[];
  summaries: Summary[];
  /** One-at-a-time sensitivity of the first measured indicator. */
  tornado: TornadoBar[];
}

/** Long rows of a GEP Monte Carlo (sampledRows). */
export function uncertaintyRows(run: UncertaintyRun): ResultRow[] {
  return sampledRows(run);
}

/** Long rows: per indicator the deterministic value, mean, P5, P50, P95 (key stat=…); tornado bars (level tornado). */
export function sampledRows(run: SampledRun): ResultRow[] {
  const m = run.meta;
  const rows: ResultRow[] = [];
  const base = {
    region: m.region,
    year: String(m.year),
    scenario: m.scenario,
    model: m.model,
    method: `Monte Carlo${m.path === 'float' ? ' (float64 draws; deterministic exact)' : ''}, ${m.draws} draws, seed ${m.seed}`,
  };
  const columns = (d: Measured, v: Dec) =>
    d.money
      ? {
          physical_value: '',
          physical_unit: '',
          money_value: str(v),
          currency: 'CNY',
          price_year: String(d.basis === 'constant' ? m.base_year : m.year),
          price_basis: d.basis,
        }
      : {
          physical_value: str(v),
          physical_unit: d.unit,
          money_value: '',
          currency: '',
          price_year: d.unit.includes('CNY') ? String(m.year) : '',
          price_basis: d.unit.includes('CNY') ? 'current' : '',
        };
  run.summaries.forEach((s, j) => {
    const d = run.measured[j]!;
    for (const [stat, v] of [
      ['deterministic', s.deterministic],
      ['mean', s.mean],
      ['p5', s.p5],
      ['p50', s.p50],
      ['p95', s.p95],
    ] as const) {
      const key = `${d.key ? `${d.key};` : ''}stat=${stat}`;
      rows.push({ ...base, indicator: d.indicator, level: `uncertainty_${d.level}`, category: d.category, key, ...columns(d, v) });
    }
  });
  const first = run.measured[0]!;
  run.tornado.forEach((t, n) => {
    for (const [side, input, v] of [
      ['low', t.low, t.outputLow],
      ['high', t.high, t.outputHigh],
    ] as const) {
      rows.push({
        ...base,
        indicator: first.indicator,
        level: 'tornado',
        category: '',
        key: `rank=${n + 1};param=${t.param};side=${side};value=${str(input)}`,
        ...columns(first, v),
        method: 'one-at-a-time',
      });
    }
  });
  return rows;
}
