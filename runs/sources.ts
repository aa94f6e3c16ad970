import { type Dataset, DEFAULT_DATASET, loadDataset } from '../datasets/load.ts';
import { loadDatasetByRegion } from '../datasets/load-by-region.ts';
import { IssuesError } from '../engine/core/errors.ts';
import type { FactorSet } from '../engine/carbon/factors.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { DEFAULT_MODEL } from '../lib/run.ts';
import { readFinanceFile } from '../lib/eod-project.ts';
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
  /**
   * An EOD project or asset valuation file (datasets/projects/<id>.yaml, or a path) as data, with its name and
   * folder. The CLI's only: the API has no files to read, so there the project or spec is given inline.
   */
  financeFile?(ref: string): { raw: unknown; file: string; dir: string };
}

/**
 * The CLI's sources: shipped ids and paths, each loaded once per process. `byRegion`: a dataset folder is read by
 * region (datasets/load-by-region.ts) for an account that asks for a few regions at a time (`gep account`).
 */
export function fileSources(opts: { byRegion?: boolean } = {}): Sources {
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
      if (!d) datasets.set(key, (d = opts.byRegion ? await loadDatasetByRegion(dir, m) : loadDataset(dir, m)));
      return { dataset: d, dir };
    },
    datasetDir: async (ref) => datasetDir(ref ?? DEFAULT_DATASET),
    factors: (ref) => loadFactorSet(ref ?? DEFAULT_FACTORS),
    scenario: async (ref) => loadScenario(ref),
    financeFile: readFinanceFile,
  };
}

/**
 * A project or spec named by a ref (read through the sources: the CLI reads files, the API has none) or given
 * inline as data (any caller); with the name its problems are reported under and the folder refs resolve from.
 */
export function financeData(
  given: string | Record<string, unknown>,
  sources: Sources,
  what: string,
): { raw: unknown; file: string; dir?: string } {
  if (typeof given !== 'string') return { raw: given, file: what };
  if (!sources.financeFile)
    throw new IssuesError('run', [
      {
        code: 'option_invalid',
        path: what,
        message: `${what} "${given}" names a file, which is not read here: give the ${what} inline, as data`,
      },
    ]);
  return sources.financeFile(given);
}
