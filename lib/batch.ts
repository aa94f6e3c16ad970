import { stringify } from 'csv-stringify/sync';
import { Dec, str, ZERO } from '../engine/core/decimal.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { accountDual, type EconomyData } from '../engine/dual/account.ts';
import type { DualSpec } from '../engine/dual/spec.ts';
import type { AccountingData } from '../engine/eval/data.ts';
import { accountGep } from '../engine/gep/account.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import { syntheticData } from '../datasets/generate.ts';
import { syntheticEconomy } from '../datasets/generate-economy.ts';
import { type Dataset, DEFAULT_DATASET, loadDataset } from '../datasets/load.ts';
import { loadModel } from '../models/load.ts';
import { RESULT_COLUMNS } from './rows.ts';
import { scoreRegions, type RegionScore } from '../engine/dual/scorecard.ts';
import type { Scorecard } from '../engine/dual/scorecard-schema.ts';
import { areasOf, dualIndicatorRows, indicatorValue, loadDualSpec, loadScorecard } from './dual.ts';
import { chooseMethod, type MethodOptions } from './method.ts';
import { DEFAULT_MODEL } from './run.ts';

/** A batch as plain data (a worker thread rebuilds everything from it). */
export interface BatchSpec extends MethodOptions {
  model?: string;
  /** The dataset, or the template of the generated set. */
  dataset?: string;
  /** Generate this many regions × years from the dataset's first region-year (datasets/generate.ts). */
  synthetic?: { regions: number; years: number[]; seed?: number };
  baseYear?: number;
  dualSpec?: string;
  scorecard?: string;
}

export interface BatchContext {
  model: CompiledModel;
  data: AccountingData;
  economy: EconomyData;
  areas: Map<string, Dec>;
  dual: DualSpec;
  baseYear: number;
  regions: string[];
  scenario: string;
  years: number[];
  indicators: string[];
}

/** The base year of a batch: a generated set has only its own years, so the dataset's only when it is among them. */
export function batchBaseYear(spec: BatchSpec, dataset: Dataset): number {
  const years = spec.synthetic?.years ?? dataset.years;
  return spec.baseYear ?? (years.includes(dataset.manifest.price_year) ? dataset.manifest.price_year : Math.min(...years));
}

export function prepareBatch(spec: BatchSpec): BatchContext {
  const base = loadModel(spec.model ?? DEFAULT_MODEL);
  const dataset = loadDataset(spec.dataset ?? DEFAULT_DATASET, base);
  const model = chooseMethod(base, dataset, undefined, spec);
  const dual = loadDualSpec(spec.dualSpec);
  const indicators = loadScorecard(spec.scorecard).indicators.map((i) => i.indicator);
  const baseYear = batchBaseYear(spec, dataset);
  if (!spec.synthetic) {
    if (!dataset.economy)
      throw new IssuesError('dataset', [
        {
          code: 'economy_missing',
          file: dataset.manifest.id,
          path: 'files.economy',
          message: `${dataset.manifest.id} has no economy.csv: batch dual accounting needs GDP and population`,
        },
      ]);
    return {
      model,
      data: dataset,
      economy: dataset.economy,
      areas: areasOf(dataset),
      dual,
      baseYear,
      regions: dataset.regions,
      scenario: 'baseline',
      years: dataset.years,
      indicators,
    };
  }
  const data = syntheticData(dataset, spec.synthetic);
  const r0 = dataset.regions[0]!,
    y0 = dataset.manifest.price_year;
  const { economy, areas } = syntheticEconomy({
    regions: data.regions,
    seed: spec.synthetic.seed ?? 4242,
    templateYear: y0,
    gdp: dataset.economy?.value(r0, 'gdp', y0) ?? new Dec('3e11'),
    population: dataset.economy?.value(r0, 'population', y0) ?? new Dec('2.7e6'),
    areaKm2: areasOf(dataset).get(r0) ?? new Dec('1578'),
  });
  return {
    model,
    data,
    economy,
    areas,
    dual,
    baseYear,
    regions: data.regions,
    scenario: 'baseline',
    years: spec.synthetic.years,
    indicators,
  };
}

export interface ChunkResult {
  /** Long rows of the dual indicators (CSV without header), regions in order. */
  csv: string;
  regionYears: number;
  /** year → Σ GEP and Σ GDP at current prices (exact strings), for the summary. */
  totals: Record<string, { gep: string; gdp: string }>;
  /** region → scorecard indicator → value in the last year (exact strings), to score across all regions. */
  lastYear: Record<string, Record<string, string>>;
  /** model id@version the chunk was accounted with. */
  model: string;
}

/** Account regions [from, to) of the batch: GEP (current + constant, ΔGEP split) and the dual indicators. */
export function batchChunk(c: BatchContext, from: number, to: number): ChunkResult {
  const regions = c.regions.slice(from, to);
  const acc = accountGep(c.model, c.data, { baseYear: c.baseYear, regions, years: c.years, trace: false });
  const dual = accountDual(acc, c.economy, c.areas, c.dual);
  const rows = dualIndicatorRows(dual, c.scenario, c.model.ref);
  const totals: ChunkResult['totals'] = {};
  for (const r of dual.rows) {
    const t = totals[r.year] ?? { gep: '0', gdp: '0' };
    totals[r.year] = { gep: str(new Dec(t.gep).plus(r.gep)), gdp: str(new Dec(t.gdp).plus(r.gdp)) };
  }
  const last = Math.max(...c.years);
  const lastYear: ChunkResult['lastYear'] = {};
  for (const r of dual.rows.filter((x) => x.year === last)) {
    lastYear[r.region] = Object.fromEntries(
      c.indicators.flatMap((id) => {
        const v = indicatorValue(r, id);
        return v ? [[id, str(v)]] : [];
      }),
    );
  }
  return {
    csv: stringify(rows, { columns: [...RESULT_COLUMNS], record_delimiter: '\n' }),
    regionYears: dual.rows.length,
    totals,
    lastYear,
    model: c.model.ref,
  };
}

/** A range of regions of a batch, run on a worker thread (lib/workers/tasks.ts). */
export type BatchTask = { kind: 'batch'; spec: BatchSpec; from: number; to: number };

export interface BatchOptions extends BatchSpec {
  /** Worker threads; 0 or 1 runs in this thread. */
  workers?: number;
  /** Regions per task (memory: a task's whole account is held until its rows are written). */
  chunk?: number;
  onProgress?: (regionsDone: number, regions: number) => void;
}

export interface BatchResult {
  csv: string;
  regionYears: number;
  regions: number;
  years: number[];
  totals: Record<string, { gep: Dec; gdp: Dec }>;
  model: string;
  /** Every region scored and ranked on the scorecard in the last year. */
  scores: RegionScore[];
  scorecard: Scorecard;
}

/** A batch over many regions and years, single-threaded or on worker threads: the same CSV either way. */
export async function runBatch(opts: BatchOptions): Promise<BatchResult> {
  const spec: BatchSpec = {
    ...(opts.model ? { model: opts.model } : {}),
    ...(opts.dataset ? { dataset: opts.dataset } : {}),
    ...(opts.synthetic ? { synthetic: opts.synthetic } : {}),
    ...(opts.baseYear ? { baseYear: opts.baseYear } : {}),
    ...(opts.dualSpec ? { dualSpec: opts.dualSpec } : {}),
    ...(opts.scorecard ? { scorecard: opts.scorecard } : {}),
    ...(opts.method ? { method: opts.method } : {}),
    ...(opts.covers ? { covers: opts.covers } : {}),
  };
  const ctx = (opts.workers ?? 0) > 1 ? undefined : prepareBatch(spec);
  const nRegions = ctx?.regions.length ?? opts.synthetic?.regions ?? prepareBatch(spec).regions.length;
  const size = Math.max(1, opts.chunk ?? 50);
  const ranges: [number, number][] = [];
  for (let f = 0; f < nRegions; f += size) ranges.push([f, Math.min(nRegions, f + size)]);
  let parts: ChunkResult[];
  if (ctx) {
    parts = [];
    for (const [f, t] of ranges) {
      parts.push(batchChunk(ctx, f, t));
      opts.onProgress?.(t, nRegions);
    }
  } else {
    const { mapChunks } = await import('./workers/pool.ts');
    let regionsDone = 0;
    parts = await mapChunks<ChunkResult, BatchTask>(
      opts.workers!,
      ranges.map(([from, to]) => ({ kind: 'batch', spec, from, to })),
      (done) => {
        regionsDone = ranges.slice(0, done).reduce((a, [f, t]) => a + t - f, 0);
        opts.onProgress?.(regionsDone, nRegions);
      },
    );
  }
  const totals: BatchResult['totals'] = {};
  for (const p of parts)
    for (const [y, t] of Object.entries(p.totals)) {
      const a = totals[y] ?? { gep: ZERO, gdp: ZERO };
      totals[y] = { gep: a.gep.plus(t.gep), gdp: a.gdp.plus(t.gdp) };
    }
  const header = stringify([], { header: true, columns: [...RESULT_COLUMNS], record_delimiter: '\n' });
  // Scores need every region: the chunks send their last-year values, the ranking is made here.
  const scorecard = loadScorecard(opts.scorecard);
  const values = Object.assign({}, ...parts.map((p) => p.lastYear)) as ChunkResult['lastYear'];
  const lastYear = Math.max(...Object.keys(totals).map(Number));
  const regionIds = Object.keys(values);
  const scores = scoreRegions(
    scorecard,
    lastYear,
    (r, id) => (values[r]![id] !== undefined ? new Dec(values[r]![id]!) : undefined),
    regionIds,
  );
  const model = parts[0]?.model ?? ctx?.model.ref ?? opts.model ?? DEFAULT_MODEL;
  const scoreRows = scores.flatMap((s) => {
    const row = {
      level: 'scorecard',
      category: '',
      region: s.region,
      year: String(s.year),
      scenario: 'baseline',
      key: '',
      money_value: '',
      currency: '',
      price_year: '',
      price_basis: '',
      method: `${scorecard.id}@${scorecard.version}`,
      model,
    };
    return [
      { ...row, indicator: 'dual.score', physical_value: str(s.score), physical_unit: 'point' },
      { ...row, indicator: 'dual.rank', physical_value: String(s.rank), physical_unit: '1' },
    ];
  });
  return {
    scores,
    scorecard,
    csv: header + parts.map((p) => p.csv).join('') + stringify(scoreRows, { columns: [...RESULT_COLUMNS], record_delimiter: '\n' }),
    regionYears: parts.reduce((a, p) => a + p.regionYears, 0),
    regions: nRegions,
    years: Object.keys(totals)
      .map(Number)
      .sort((a, b) => a - b),
    totals,
    model,
  };
}
