import type { DrawRows } from '../lib/uncertainty.ts';
import { type Dataset, loadDataset } from '../datasets/load.ts';
import type { FactorSet } from '../engine/carbon/factors.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { DEFAULT_MODEL } from '../lib/run.ts';
import { DEFAULT_FACTORS, loadFactorSet } from '../models/carbon-factors.ts';
import { loadModel } from '../models/load.ts';
import type { Sources } from '../runs/sources.ts';
import { computeRun, type RunOutput, type RunParams, runOutput } from './compute.ts';
import { computeDraws } from './jobs/draws.ts';
import { type PackedRun, packedBuffers, packRun } from './store/row-pack.ts';
import { move, transferableSymbol, valueSymbol } from 'piscina';

// A worker thread (piscina) that accounts runs, so that the server keeps answering while a long run
// computes. It keeps the models it compiled and the datasets it loaded, so that a one-region run reads nothing
// from disk: a dataset by its content hash (the store's, which the task carries) and the model it was loaded
// for (ref and content hash). Another hash is another dataset, loaded from its folder, whatever the folder's name.
const models = new Map<string, CompiledModel>();
const factorSets = new Map<string, FactorSet>();
/** Loaded datasets, most recently used last; a few are kept (a dataset of 3,000 regions is large). */
const datasets = new Map<string, Dataset>();
const KEPT_DATASETS = 8;
let datasetLoads = 0;
/** Datasets read from disk by this thread so far (for tests: a run served from the cache reads none). */
export const datasetLoadCount = () => datasetLoads;

/** The dataset of the task's hash, loaded for the model: from the cache, else from its folder (checked against the hash). */
function datasetFor(task: RunTask, m: CompiledModel): Dataset {
  const key = `${task.datasetHash}\0${m.ref}\0${m.hash}`;
  let dataset = datasets.get(key);
  if (dataset)
    datasets.delete(key); // re-inserted below: most recently used last
  else {
    dataset = loadDataset(task.datasetDir, m);
    datasetLoads++;
    // the folder is not the dataset the store holds under that hash: a fault of the server, never served
    if (dataset.hash !== task.datasetHash)
      throw new Error(`dataset folder ${task.datasetDir} does not match the store (hash ${dataset.hash}, expected ${task.datasetHash})`);
  }
  datasets.set(key, dataset);
  while (datasets.size > KEPT_DATASETS) datasets.delete(datasets.keys().next().value!);
  return dataset;
}

export interface RunTask {
  params: RunParams;
  datasetDir: string;
  datasetHash: string;
  scenario?: Scenario;
  /** A chunk job: only the Monte Carlo's draws [from, to). */
  range?: [number, number];
  /** The assembly of a chunked run: the draws its chunks made, in index order. */
  drawn?: DrawRows;
  /** Send back the run packed for the store (api/store/row-pack.ts) instead of its rows and traces as objects. */
  pack?: boolean;
  /** Buffers moved here from the server's thread (its stored runs' chunks) to pack into, where a chunk fits. */
  spare?: ArrayBuffer[];
}

const model = (ref = DEFAULT_MODEL) => {
  // id@version: a version kept beside the model loads as itself (models/load.ts)
  let m = models.get(ref);
  if (!m) models.set(ref, (m = loadModel(ref)));
  return m;
};

/** The task's sources: the one dataset the server wrote out for it, and its scenario as stored. */
function taskSources(task: RunTask): Sources {
  return {
    model,
    dataset: async (_ref, m) => ({ dataset: datasetFor(task, m), dir: task.datasetDir }),
    datasetDir: async () => task.datasetDir,
    factors(ref = DEFAULT_FACTORS) {
      const id = ref.split('@')[0]!;
      let f = factorSets.get(id);
      if (!f) factorSets.set(id, (f = loadFactorSet(id)));
      return f;
    },
    async scenario() {
      if (!task.scenario) throw new Error(`the task of a scenario run (${task.params.scenario}) carries no scenario`);
      return task.scenario;
    },
  };
}

export default async function run(task: RunTask | { warm: string }): Promise<RunOutput | PackedRun | DrawRows | undefined> {
  if ('warm' in task) {
    model(task.warm); // load the default model before the first run
    return undefined;
  }
  if (task.range) return computeDraws(task.params, taskSources(task), ...task.range);
  const out = runOutput(await computeRun(task.params, taskSources(task), task.drawn));
  if (!task.pack) return out;
  // packed here, the rows cross as a few byte buffers, moved (not copied): 4.6 → 0.3 ms of the server thread's CPU
  // for one region-year, and nothing of them on its heap (api/store/row-pack.ts)
  const packed = packRun(out.meta, out.rows, out.traces, task.spare);
  return move({
    get [transferableSymbol]() {
      return packedBuffers(packed);
    },
    get [valueSymbol]() {
      return packed;
    },
  }) as unknown as PackedRun; // what the server thread receives is `packed`
}
