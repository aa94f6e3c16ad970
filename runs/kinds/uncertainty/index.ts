import { z } from 'zod';
import { RUN_LIMITS } from '../../limits.ts';
import { IssuesError } from '../../../engine/core/errors.ts';
import {
  MC_PATHS,
  monteCarloDocument,
  runUncertainty,
  type UncertaintyRun,
  uncertaintyRows,
  uncertaintyRunIdentity,
} from '../../../lib/uncertainty.ts';
import { uncertaintySummaryMarkdown } from '../../../reports/dual-summary.ts';
import { t } from '../../../reports/labels.ts';
import { rowsCsv } from '../../../reports/results-csv.ts';
import { type AccountInputs, AccountOptions, checkAccount, loadAccount, Year } from '../../account-inputs.ts';
import { defineKind, jsonFile } from '../../kind.ts';

const UncertaintyOptions = AccountOptions.pick({ model: true, dataset: true, scenario: true, baseYear: true, method: true, covers: true })
  .extend({
    /** The region-year drawn (default: the dataset's first region, its last year). */
    region: z.string().min(1).optional(),
    year: Year.optional(),
    /** A dual-accounting spec for the dual indicators measured (when the dataset has an economy). */
    dualSpec: z.string().min(1).optional(),
    draws: z.number().int().min(1).max(RUN_LIMITS.draws),
    seed: z.number().int().min(0).max(RUN_LIMITS.seed),
    /** Worker threads (0 or 1: this thread); the result is the same either way, so it is not in the identity. */
    workers: z.number().int().min(0).max(RUN_LIMITS.workers).default(0),
    /** Where the draws are computed: float64 (default; held to the exact path to 1e-9) or exact decimals. In the identity. */
    path: z.enum(MC_PATHS).optional(),
  })
  .strict();
type UncertaintyOptions = z.infer<typeof UncertaintyOptions>;

/** What lib/uncertainty.ts is given: the scenario as loaded, the dataset as its folder (worker threads read it). */
export const uncertaintySpec = (o: UncertaintyOptions, x: AccountInputs) => {
  const { scenario: _ref, workers: _w, model, ...rest } = o;
  return {
    ...rest,
    ...(model ? { model } : {}),
    dataset: x.dir,
    ...(x.scenario ? { scenario: x.scenario } : {}),
  };
};

/** uncertainty: a seeded Monte Carlo of one region-year over the coefficient and input ranges, and a tornado of GEP. */
export const uncertaintyKind = defineKind({
  kind: 'uncertainty',
  options: UncertaintyOptions,
  // region and year are checked where they are resolved (prepareUncertainty)
  async load(o, sources) {
    const inputs = await loadAccount(o, sources);
    const issues = checkAccount(o, inputs.dataset);
    if (issues.length) throw new IssuesError('run', issues);
    return inputs;
  },
  identity: (o, x) => uncertaintyRunIdentity(uncertaintySpec(o, x), x.model, x.dataset),
  compute: (o, x, hooks): Promise<UncertaintyRun> =>
    runUncertainty({
      ...uncertaintySpec(o, x),
      workers: o.workers,
      loaded: { model: x.model, dataset: x.dataset },
      ...(hooks?.onProgress ? { onProgress: hooks.onProgress } : {}),
      ...(hooks?.draws ? { drawn: hooks.draws } : {}),
    }),
  rows: uncertaintyRows,
  traces: () => [],
  files: (run) => ({
    'result.json': jsonFile(monteCarloDocument(run)),
    'results.csv': rowsCsv(uncertaintyRows(run)),
    'summary.md': uncertaintySummaryMarkdown(run),
  }),
  report: (run) => ({
    part: {
      key: 'uncertainty',
      rows: uncertaintyRows(run),
      json: { run: run.meta, rows: uncertaintyRows(run) },
      sheet: (lang) => ({ name: t('sheet_uncertainty', lang), long: uncertaintyRows(run) }),
    },
    finance: { uncertainty: run },
  }),
});
