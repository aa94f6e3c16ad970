import type { CompiledModel } from '../engine/model/types.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import type { Dataset } from '../datasets/load.ts';
import { carbonRows } from '../lib/carbon-rows.ts';
import { runCarbon, type CarbonRun } from '../lib/carbon-run.ts';
import { dualRows, runDual, type DualRun } from '../lib/dual.ts';
import { accountRun, type AccountRun } from '../lib/run.ts';
import { runScenario } from '../lib/scenario.ts';
import { runUncertainty, uncertaintyRows, type UncertaintyRun } from '../lib/uncertainty.ts';
import { resultRows, type ResultRow } from '../reports/results-csv.ts';
import type { TraceRow } from './store/runs.ts';

/** What a stored run was asked for, normalised (defaults filled in) so that equal requests are one run. */
export interface RunParams {
  kind: 'gep' | 'dual' | 'carbon';
  factors?: string;
  uncertainty?: { draws: number; seed: number };
  model: string;
  dataset: string;
  scenario?: string;
  regions: string[];
  years: number[];
  base_year: number;
  trace: boolean;
}

/** A computed run: the GEP account (possibly under a scenario), the dual account or carbon run when asked, the rows stored. */
export interface Computed {
  gep: AccountRun;
  dual?: DualRun;
  carbon?: CarbonRun;
  uncertainty?: UncertaintyRun;
  meta: object;
  rows: ResultRow[];
}

/** What the store keeps of a run: plain data (it crosses from a worker thread as is). */
export interface RunOutput {
  meta: object;
  rows: ResultRow[];
  traces: TraceRow[];
}

/** Compute a run from its parameters and the already loaded model, dataset (and its folder) and scenario. */
export async function computeLoaded(
  params: RunParams,
  model: CompiledModel,
  dataset: Dataset,
  datasetDir: string,
  scenario?: Scenario,
): Promise<Computed> {
  const c = computeKind(params, model, dataset, datasetDir, scenario);
  if (!params.uncertainty) return c;
  // Monte Carlo of the first region's last year (lib/uncertainty.ts): the low/central/high of the finance sheet
  const uncertainty = await runUncertainty({
    model: model.ref.split('@')[0]!,
    dataset: datasetDir,
    ...(scenario ? { scenario } : {}),
    region: params.regions[0]!,
    year: params.years.at(-1)!,
    baseYear: params.base_year,
    draws: params.uncertainty.draws,
    seed: params.uncertainty.seed,
  });
  return { ...c, uncertainty, meta: { ...c.meta, uncertainty: uncertainty.meta }, rows: [...c.rows, ...uncertaintyRows(uncertainty)] };
}

function computeKind(params: RunParams, model: CompiledModel, dataset: Dataset, datasetDir: string, scenario?: Scenario): Computed {
  const opts = { baseYear: params.base_year, years: params.years, regions: params.regions, trace: params.trace };
  const gep = scenario ? runScenario(scenario, { ...opts, loaded: { model, dataset } }) : accountRun(model, dataset, opts);
  if (params.kind === 'carbon') {
    const carbon = runCarbon({
      factors: params.factors!.split('@')[0]!,
      dataset: datasetDir,
      regions: params.regions,
      trace: params.trace,
      ...(scenario ? { scenario } : {}),
    });
    return { gep, carbon, meta: { gep: gep.meta, carbon: carbon.meta }, rows: [...resultRows(gep), ...carbonRows(carbon)] };
  }
  if (params.kind === 'dual') {
    const dual = runDual({ gep });
    return { gep, dual, meta: dual.meta, rows: [...resultRows(gep), ...dualRows(dual)] };
  }
  return { gep, meta: gep.meta, rows: resultRows(gep) };
}

/** The rows and traces to store: the GEP traces of every region-year, and the carbon inventory's. */
export function runOutput(c: Computed, trace: boolean): RunOutput {
  const traces: TraceRow[] = [];
  if (trace) {
    for (const ry of c.gep.account.regionYears)
      for (const [indicator, node] of ry.current.traces ?? []) traces.push({ region: ry.region, year: ry.year, indicator, node });
    const seen = new Set(traces.map((t) => `${t.region}\0${t.year}\0${t.indicator}`));
    for (const e of c.carbon?.inventory ?? []) {
      for (const node of e.inventory.traces) {
        const k = `${e.region}\0${e.year}\0${node.id}`;
        if (!seen.has(k)) {
          seen.add(k);
          traces.push({ region: e.region, year: e.year, indicator: node.id, node });
        }
      }
    }
  }
  return { meta: c.meta, rows: c.rows, traces };
}
