import { z } from 'zod';
import type { Dataset } from '../datasets/load.ts';
import { baseYearProblem } from '../engine/eval/base-year.ts';
import { type Issue, IssuesError } from '../engine/core/errors.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { MethodChoice } from '../engine/model/schema.ts';
import { chooseMethod } from '../lib/method.ts';
import { type GepIdentity, gepIdentity } from '../lib/run-id.ts';
import type { TraceRow } from '../lib/rows.ts';
import { type AccountRun, accountRun, type RunOptions } from '../lib/run.ts';
import { runScenario, scenarioHash } from '../lib/scenario.ts';
import type { RunHooks } from './kind.ts';
import type { Sources } from './sources.ts';

// What the kinds built on a GEP account (gep, dual, compare, uncertainty) ask for and load alike.

export const Year = z.number().int().min(1900).max(2200);
export const AccountOptions = z.object({
  /** A model id, id@version or path; default cn-gep-2022, or the scenario's (another model than the scenario's is refused). */
  model: z.string().min(1).optional(),
  /** A dataset folder or shipped id (CLI), a stored id (API); default the sample, or the scenario's base. */
  dataset: z.string().min(1).optional(),
  /** A scenario file (CLI) or stored id (API) laid over the dataset. */
  scenario: z.string().min(1).optional(),
  regions: z.array(z.string().min(1)).min(1).optional(),
  years: z.array(Year).min(1).optional(),
  baseYear: Year.optional(),
  /** Method variants (service → variant) and coverage (service → ecosystem types), over the dataset's and the scenario's. */
  method: MethodChoice.shape.method,
  covers: MethodChoice.shape.covers,
});
export type AccountOptions = z.infer<typeof AccountOptions>;

export interface AccountInputs {
  model: CompiledModel;
  dataset: Dataset;
  /** The dataset's folder (for loaders and worker threads that read it themselves). */
  dir: string;
  scenario?: Scenario;
}

/** The model, dataset and scenario the options name; a scenario brings its own model and base dataset. */
export async function loadAccount(o: AccountOptions, sources: Sources): Promise<AccountInputs> {
  const scenario = o.scenario === undefined ? undefined : await sources.scenario(o.scenario);
  const base = sources.model(o.model ?? scenario?.base.model);
  // a model named beside a scenario is honoured only when it is the scenario's own (a copy of it at another path)
  if (scenario && o.model !== undefined && base.ref !== scenario.base.model)
    throw new IssuesError('run', [
      {
        code: 'model_mismatch',
        path: 'model',
        message: `model "${o.model}" is ${base.ref}, but scenario ${scenario.id} is written for ${scenario.base.model}: leave the model out (a scenario brings its own) or write the scenario for ${base.ref}`,
      },
    ]);
  const { dataset, dir } = await sources.dataset(o.dataset ?? scenario?.base.dataset, base);
  const model = chooseMethod(base, dataset, scenario, o);
  return { model, dataset, dir, ...(scenario ? { scenario } : {}) };
}

/** Regions, years and base year checked against the dataset, each problem naming its option. */
export function checkAccount(o: Pick<AccountOptions, 'regions' | 'years' | 'baseYear'>, dataset: Dataset): Issue[] {
  const issues: Issue[] = [];
  const id = dataset.manifest.id;
  (o.regions ?? []).forEach((r, n) => {
    if (!dataset.regions.includes(r))
      issues.push({
        code: 'region_unknown',
        path: `regions.${n}`,
        message: `region "${r}" is not in the dataset ${id} (${dataset.regions.join(', ')})`,
      });
  });
  for (const y of o.years ?? [])
    if (!dataset.years.includes(y))
      issues.push({ code: 'year_unknown', path: 'years', message: `${y} is not among the dataset's years (${dataset.years.join(', ')})` });
  const baseYear = o.baseYear === undefined ? undefined : baseYearProblem(dataset, o.baseYear, o.years ?? dataset.years);
  if (baseYear) issues.push({ code: 'base_year_unknown', path: 'baseYear', message: baseYear });
  return issues;
}

/** Load and check: the inputs, or every problem at once. */
export async function loadCheckedAccount(o: AccountOptions, sources: Sources): Promise<AccountInputs> {
  const inputs = await loadAccount(o, sources);
  const issues = checkAccount(o, inputs.dataset);
  if (issues.length) throw new IssuesError('run', issues);
  return inputs;
}

/** The GEP account's identity (lib/run-id.ts), as accountRun will name it. */
export function accountIdentity(o: AccountOptions, x: AccountInputs, trace: boolean): GepIdentity {
  return gepIdentity(x.model, x.dataset, {
    ...runOptions(o),
    trace,
    ...(x.scenario ? { scenarioHash: scenarioHash(x.scenario) } : {}),
  });
}

/** Account GEP on the loaded inputs, under the scenario when there is one. */
export function account(o: AccountOptions, x: AccountInputs, trace: boolean, hooks: RunHooks = {}): AccountRun {
  const opts = {
    ...runOptions(o),
    trace,
    ...(hooks.traceConstant ? { traceConstant: true } : {}),
    ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
  };
  return x.scenario
    ? runScenario(x.scenario, { ...opts, loaded: { model: x.model, dataset: x.dataset } })
    : accountRun(x.model, x.dataset, opts);
}

export const runOptions = (o: AccountOptions): RunOptions => ({
  ...(o.regions ? { regions: o.regions } : {}),
  ...(o.years ? { years: o.years } : {}),
  ...(o.baseYear !== undefined ? { baseYear: o.baseYear } : {}),
});

/** The GEP traces of an account: every indicator of every region-year, at current prices. */
export function accountTraces(run: AccountRun): TraceRow[] {
  if (!run.meta.trace) return [];
  return run.account.regionYears.flatMap((ry) =>
    [...(ry.current.traces ?? [])].map(([indicator, node]) => ({ region: ry.region, year: ry.year, indicator, node })),
  );
}
