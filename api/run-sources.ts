import type { Scenario } from '../engine/scenario/schema.ts';
import { DEFAULT_MODEL } from '../lib/run.ts';
import type { Sources } from '../runs/sources.ts';
import type { Catalogue } from './catalogue.ts';
import { Problem } from './problem.ts';
import type { Db } from './store/db.ts';
import { getScenario } from './store/scenarios.ts';

const SAMPLE = 'tianfu-sample';

/** The server's sources: shipped models and factor sets, datasets and scenarios from the store. */
export function storeSources(catalogue: Catalogue, db: Db): Sources {
  return {
    model: (ref) => catalogue.model(ref ?? DEFAULT_MODEL),
    async dataset(ref, model) {
      const { dataset } = await catalogue.dataset(ref ?? SAMPLE, model);
      return { dataset, dir: (await catalogue.datasetDir(ref ?? SAMPLE)).dir };
    },
    datasetDir: async (ref) => (await catalogue.datasetDir(ref ?? SAMPLE)).dir,
    factors: (ref) => catalogue.factors(ref),
    async scenario(ref) {
      const stored = await getScenario(db, ref);
      if (!stored)
        throw new Problem('not_found', `scenario "${ref}" does not exist (POST /scenarios first)`, [
          { field: 'scenario', message: 'not stored', code: 'not_found' },
        ]);
      return stored.scenario as Scenario;
    },
  };
}
