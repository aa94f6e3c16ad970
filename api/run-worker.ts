import type { CompiledModel } from '../engine/model/types.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { loadDataset, type Dataset } from '../datasets/load.ts';
import { loadModel } from '../models/load.ts';
import { computeLoaded, runOutput, type RunOutput, type RunParams } from './compute.ts';

// A worker thread (piscina) that accounts runs, so that the server keeps answering while a long run
// computes. It reads the dataset folder the server wrote out and keeps models and datasets it has loaded.
const models = new Map<string, CompiledModel>();
const datasets = new Map<string, Dataset>();

export interface RunTask {
  params: RunParams;
  datasetDir: string;
  datasetHash: string;
  scenario?: Scenario;
}

export default async function run(task: RunTask | { warm: string }): Promise<RunOutput | undefined> {
  if ('warm' in task) {
    if (!models.has(task.warm)) models.set(task.warm, loadModel(task.warm));
    return undefined;
  } // load the default model before the first run
  const id = task.params.model.split('@')[0]!;
  let model = models.get(id);
  if (!model) models.set(id, (model = loadModel(id)));
  const key = `${task.datasetDir}\0${model.ref}`;
  let dataset = datasets.get(key);
  if (!dataset || dataset.hash !== task.datasetHash) datasets.set(key, (dataset = loadDataset(task.datasetDir, model)));
  return runOutput(await computeLoaded(task.params, model, dataset, task.datasetDir, task.scenario), task.params.trace);
}
