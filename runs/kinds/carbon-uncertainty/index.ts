import { monteCarloDocument } from '../../../lib/uncertainty.ts';
import { z } from 'zod';
import { RUN_LIMITS } from '../../limits.ts';
import { loadCarbonData } from '../../../datasets/carbon.ts';
import type { Scenario } from '../../../engine/scenario/schema.ts';
import {
  type CarbonUncertaintyRun,
  carbonUncertaintyRows,
  carbonUncertaintyRunIdentity,
  runCarbonUncertainty,
} from '../../../lib/carbon-uncertainty.ts';
import { rowsCsv } from '../../../reports/results-csv.ts';
import { Year } from '../../account-inputs.ts';
import { defineKind, jsonFile } from '../../kind.ts';

const CarbonUncertaintyOptions = z
  .object({
    /** A carbon factor set id or path; default cn-carbon-factors, or the scenario's. */
    factors: z.string().min(1).optional(),
    dataset: z.string().min(1).optional(),
    /** A scenario: its factor overrides and its factor ranges (uncertainty: [{factor, low, high, unit}]). */
    scenario: z.string().min(1).optional(),
    /** The region-year drawn (default: the dataset's first region, its last carbon year). */
    region: z.string().min(1).optional(),
    year: Year.optional(),
    grid: z
      .object({ geography: z.string().min(1), kind: z.string().min(1), vintage: z.union([z.literal('year'), Year]) })
      .strict()
      .optional(),
    draws: z.number().int().min(1).max(RUN_LIMITS.draws),
    seed: z.number().int().min(0).max(RUN_LIMITS.seed),
  })
  .strict();

/** carbon_uncertainty: a seeded Monte Carlo of one region-year's carbon inventory over the factor ranges, and a tornado of gross emissions. */
export const carbonUncertaintyKind = defineKind({
  kind: 'carbon_uncertainty',
  options: CarbonUncertaintyOptions,
  async load(o, sources) {
    const scenario = o.scenario === undefined ? undefined : await sources.scenario(o.scenario);
    const factors = sources.factors(o.factors ?? scenario?.carbon?.factors);
    const dir = await sources.datasetDir(o.dataset ?? scenario?.base.dataset);
    return { factors, data: loadCarbonData(dir, factors), dir, ...(scenario ? { scenario } : {}) };
  },
  identity: (o, x) => carbonUncertaintyRunIdentity(runOptions(o, x), x.factors, x.data),
  compute: async (o, x, hooks): Promise<CarbonUncertaintyRun> =>
    runCarbonUncertainty({
      ...runOptions(o, x),
      loaded: { factors: x.factors, data: x.data },
      ...(hooks?.onProgress ? { onProgress: hooks.onProgress } : {}),
    }),
  rows: carbonUncertaintyRows,
  traces: () => [],
  files: (run) => ({
    'result.json': jsonFile(monteCarloDocument(run)),
    'results.csv': rowsCsv(carbonUncertaintyRows(run)),
  }),
});

/** runCarbonUncertainty's options: the scenario as loaded, the dataset as the folder it was read from. */
const runOptions = (o: z.infer<typeof CarbonUncertaintyOptions>, x: { dir: string; scenario?: Scenario }) => {
  const { scenario: _ref, ...rest } = o;
  return { ...rest, dataset: x.dir, ...(x.scenario ? { scenario: x.scenario } : {}) };
};
