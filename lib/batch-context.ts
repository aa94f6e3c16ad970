import { Dec } from '../engine/core/decimal.ts';
import { IssuesError } from '../engine/core/errors.ts';
import type { EconomyData } from '../engine/dual/account.ts';
import type { DualSpec } from '../engine/dual/spec.ts';
import type { AccountingData } from '../engine/eval/data.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import { syntheticData } from '../datasets/generate.ts';
import { syntheticEconomy } from '../datasets/generate-economy.ts';
import { type Dataset, DEFAULT_DATASET, loadDataset } from '../datasets/load.ts';
import { loadModel } from '../models/load.ts';
import { areasOf, loadDualSpec, loadScorecard } from './dual.ts';
import { chooseMethod, type MethodOptions } from './method.ts';
import { DEFAULT_MODEL } from './run.ts';

/** Where a batch is computed: exact decimals (the official batch, the default) or float64 (screening, lib/batch-float.ts). */
export type BatchPath = 'exact' | 'float';

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
  /** exact (the default) or float (screening). */
  path?: BatchPath;
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
  path: BatchPath;
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
  const path = spec.path ?? 'exact';
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
      path,
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
    path,
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
