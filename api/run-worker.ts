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

// A worker thread (piscina) that accounts runs, so that the server keeps answering while a long run
// computes. It reads the dataset folder the server wrote out and keeps models and datasets it has loaded.
const models = new Map<string, CompiledModel>();
const datasets = new Map<string, Dataset>();
const factorSets = new Map<string, FactorSet>();

export interface RunTask {
  params: RunParams;
  datasetDir: string;
  datasetHash: string;
  scenario?: Scenario;
  /** A chunk job: only the Monte Carlo's draws [from, to). */
  range?: [number, number];
  /** The assembly of a chunked run: the draws its chunks made, in index order. */
  drawn?: DrawRows;
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
    async dataset(_ref, m) {
      const key = `${task.datasetDir}\0${m.ref}`;
      let dataset = datasets.get(key);
      if (!dataset || dataset.hash !== task.datasetHash) datasets.set(key, (dataset = loadDataset(task.datasetDir, m)));
      return { dataset, dir: task.datasetDir };
    },
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

export default async function run(task: RunTask | { warm: string }): Promise<RunOutput | DrawRows | undefined> {
  if ('warm' in task) {
    model(task.warm); // load the default model before the first run
    return undefined;
  }
  if (task.range) return computeDraws(task.params, taskSources(task), ...task.range);
  return runOutput(await computeRun(task.params, taskSources(task), task.drawn));
}
