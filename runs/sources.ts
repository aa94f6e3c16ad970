import { type Dataset, DEFAULT_DATASET, loadDataset } from '../datasets/load.ts';
import type { FactorSet } from '../engine/carbon/factors.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { DEFAULT_MODEL } from '../lib/run.ts';
import { datasetDir, loadScenario } from '../lib/scenario.ts';
import { DEFAULT_FACTORS, loadFactorSet } from '../models/carbon-factors.ts';
import { loadModel } from '../models/load.ts';

/**
 * Where a run's versioned inputs come from. A reference is what a request names: for the CLI a shipped id
 * or a path, for the API a stored id; `undefined` is the default. The identity never holds a reference,
 * only what it resolves to (ref@version and content hash), so both sides name the same run alike.
 */
export interface Sources {
  /** A model by id, id@version or path. */
  model(ref?: string): CompiledModel;
  /** A dataset loaded for a model, and the folder it was read from. */
  dataset(ref: string | undefined, model: CompiledModel): Promise<{ dataset: Dataset; dir: string }>;
  /** A dataset's folder, for loaders that read it themselves (the carbon data). */
  datasetDir(ref?: string): Promise<string>;
  factors(ref?: string): FactorSet;
  scenario(ref: string): Promise<Scenario>;
}

/** The CLI's sources: shipped ids and paths, each loaded once per process. */
export function fileSources(): Sources {
  const models = new Map<string, CompiledModel>();
  const datasets = new Map<string, Dataset>();
  const model = (ref = DEFAULT_MODEL) => {
    // id@version: a version kept beside the model loads as itself; another loads the model's, which the scenario check refuses
    let m = models.get(ref);
    if (!m) models.set(ref, (m = loadModel(ref)));
    return m;
  };
  return {
    model,
    async dataset(ref, m) {
      const dir = datasetDir(ref ?? DEFAULT_DATASET);
      const key = `${dir}\0${m.ref}`;
      let d = datasets.get(key);
      if (!d) datasets.set(key, (d = loadDataset(dir, m)));
      return { dataset: d, dir };
    },
    datasetDir: async (ref) => datasetDir(ref ?? DEFAULT_DATASET),
    factors: (ref) => loadFactorSet(ref ?? DEFAULT_FACTORS),
    scenario: async (ref) => loadScenario(ref),
  };
}
