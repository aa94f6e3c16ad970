import { createHash } from 'node:crypto';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { z } from 'zod';
import type { Issue } from '../engine/core/errors.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { ENGINE_VERSION } from '../engine/version.ts';
import { canonicalJson } from '../lib/canonical-json.ts';
import { accountRun, type AccountRun } from '../lib/run.ts';
import { resultRows } from '../reports/results-csv.ts';
import type { Catalogue } from './catalogue.ts';
import { Problem, toProblem } from './problem.ts';
import type { Db } from './store/db.ts';
import { createRun, failRun, finishRun, getRun, interruptUnfinished, markRunning, resetRun, type TraceRow } from './store/runs.ts';

export const RunRequest = z.object({
  kind: z.enum(['gep']).default('gep'),
  model: z.string().min(1).default('cn-gep-2022'),
  dataset: z.string().min(1).default('tianfu-sample'),
  regions: z.array(z.string().min(1)).min(1).optional(),
  years: z.array(z.number().int().min(1900).max(2200)).min(1).optional(),
  base_year: z.number().int().min(1900).max(2200).optional(),
  trace: z.boolean().default(true),
  /** Compute again even if this run is already stored (the numbers will be the same: it is for measurement and repair). */
  rerun: z.boolean().default(false),
}).strict();
export type RunRequest = z.infer<typeof RunRequest>;

/** What a stored run was asked for, normalised (defaults filled in) so that equal requests are one run. */
export interface RunParams { kind: 'gep'; model: string; dataset: string; regions: string[]; years: number[]; base_year: number; trace: boolean }

type Job = () => Promise<void>;

/**
 * Runs are jobs: one at a time per server process, in the order asked. POST /runs waits a few seconds for
 * its job, so small runs answer at once and long ones answer 202 with the id to poll. A run's id is a
 * hash of what it depends on (engine version, kind, model id@version and hash, dataset hash, regions,
 * years, base year, trace): asking for the same run again returns the stored one.
 */
export class RunService {
  #tail: Promise<void> = Promise.resolve();
  #waiting = new Map<string, Promise<void>>();
  #submitting = new Map<string, Promise<{ id: string; created: boolean; done: Promise<void> }>>();
  #cache = new Map<string, AccountRun>();
  #closing = false;
  constructor(private readonly db: Db, private readonly catalogue: Catalogue, private readonly cacheSize: number, private readonly now: () => string, private readonly log?: { error(o: object, msg: string): void }) {}

  async submit(req: RunRequest): Promise<{ id: string; created: boolean; done: Promise<void> }> {
    if (this.#closing) throw new Problem(503, 'Service unavailable', 'the server is shutting down', [], { 'retry-after': '5' });
    const model = this.catalogue.model(req.model);
    const { id: datasetId, dataset } = await this.catalogue.dataset(req.dataset, model);
    const params: RunParams = {
      kind: req.kind, model: model.ref, dataset: datasetId,
      regions: req.regions ?? dataset.regions,
      years: [...new Set(req.years ?? dataset.years)].sort((a, b) => a - b),
      base_year: req.base_year ?? dataset.manifest.price_year,
      trace: req.trace,
    };
    const issues: Issue[] = [];
    params.regions.forEach((r, n) => { if (!dataset.regions.includes(r)) issues.push({ code: 'region_unknown', path: `regions.${n}`, message: `region "${r}" is not in dataset ${datasetId} (${dataset.regions.join(', ')})` }); });
    params.years.forEach((y) => { if (!dataset.years.includes(y)) issues.push({ code: 'year_unknown', path: `years`, message: `${y} is not among the dataset's years (${dataset.years.join(', ')})` }); });
    if (!dataset.years.includes(params.base_year)) issues.push({ code: 'base_year_unknown', path: 'base_year', message: `base year ${params.base_year} is not among the dataset's years: constant prices need that year's prices` });
    if (issues.length) throw new IssuesError('run', issues);

    const identity = { engine_version: ENGINE_VERSION, model_hash: model.hash, dataset_hash: dataset.hash, scenario: 'baseline', ...params, dataset: undefined };
    const id = createHash('sha256').update(canonicalJson(identity)).digest('hex').slice(0, 16);
    // Equal requests arriving together become one run: the first one in registers it before any await.
    const inFlight = this.#submitting.get(id);
    if (inFlight && !req.rerun) return { ...(await inFlight), created: false };
    const p = this.#register(id, params, model.hash, dataset.hash, req.rerun);
    this.#submitting.set(id, p);
    try { return await p; } finally { if (this.#submitting.get(id) === p) this.#submitting.delete(id); }
  }

  async #register(id: string, params: RunParams, modelHash: string, datasetHash: string, rerun: boolean): Promise<{ id: string; created: boolean; done: Promise<void> }> {
    const pending = this.#waiting.get(id);
    if (pending && !rerun) return { id, created: false, done: pending };
    const existing = await getRun(this.db, id);
    if (existing && !rerun && existing.status === 'done') return { id, created: false, done: Promise.resolve() };
    if (!existing) {
      await createRun(this.db, {
        id, kind: params.kind, engine_version: ENGINE_VERSION, model: params.model, model_hash: modelHash, dataset_id: params.dataset,
        dataset_hash: datasetHash, scenario: 'baseline', scenario_hash: null, base_year: params.base_year, params,
      }, this.now());
    }
    const done = this.#enqueue(id, () => this.#execute(id, params));
    return { id, created: true, done };
  }

  #enqueue(id: string, job: Job): Promise<void> {
    const p = this.#tail.then(async () => {
      if (this.#closing) return; // marked interrupted by close()
      await job();
    });
    this.#tail = p.catch(() => undefined);
    const tracked = p.finally(() => { if (this.#waiting.get(id) === tracked) this.#waiting.delete(id); });
    this.#waiting.set(id, tracked);
    return tracked;
  }

  async #execute(id: string, params: RunParams): Promise<void> {
    await resetRun(this.db, id, this.now());
    await markRunning(this.db, id, this.now());
    await yieldToIo(); // let the 202 answer go out before the CPU-bound accounting starts
    const t0 = performance.now();
    try {
      const run = await this.#compute(params);
      const traces: TraceRow[] = [];
      if (params.trace) {
        for (const ry of run.account.regionYears) for (const [indicator, node] of ry.current.traces ?? []) traces.push({ region: ry.region, year: ry.year, indicator, node });
      }
      await finishRun(this.db, id, { meta: run.meta, rows: resultRows(run), traces, now: this.now(), durationMs: performance.now() - t0 });
      this.#remember(id, run);
    } catch (e) {
      const p = toProblem(e, this.log);
      await failRun(this.db, id, { title: p.title, status: p.status, detail: p.detail, errors: p.errors }, this.now());
    }
  }

  async #compute(params: RunParams): Promise<AccountRun> {
    const model = this.catalogue.model(params.model);
    const { dataset } = await this.catalogue.dataset(params.dataset, model);
    return accountRun(model, dataset, { baseYear: params.base_year, years: params.years, regions: params.regions, trace: params.trace });
  }

  /** Wait for a run up to `ms`; true when it has finished. */
  async settled(done: Promise<void>, ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((r) => { timer = setTimeout(() => r(false), ms); });
    try {
      return await Promise.race([done.then(() => true as const), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The run as objects (for reports): kept in memory for recent runs, otherwise computed again from what
   * was stored and checked against the stored identity — a run that no longer reproduces is an error.
   */
  async accountRun(id: string): Promise<AccountRun> {
    const cached = this.#cache.get(id);
    if (cached) return cached;
    const row = await getRun(this.db, id);
    if (!row) throw new Problem(404, 'Not found', `run "${id}" does not exist`);
    if (row.status !== 'done') throw new Problem(409, 'Conflict', `run ${id} is ${row.status}`);
    const run = await this.#compute(JSON.parse(row.params) as RunParams);
    if (canonicalJson(run.meta) !== canonicalJson(JSON.parse(row.meta!))) {
      throw new Problem(500, 'Run not reproducible', `run ${id} computed again does not match what was stored (engine or model changed?)`);
    }
    this.#remember(id, run);
    return run;
  }

  #remember(id: string, run: AccountRun) {
    this.#cache.delete(id);
    this.#cache.set(id, run);
    while (this.#cache.size > this.cacheSize) this.#cache.delete(this.#cache.keys().next().value!);
  }

  /** Stop taking runs, let the one in progress finish (up to `graceMs`), mark the rest interrupted. */
  async close(graceMs: number): Promise<void> {
    this.#closing = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#tail, new Promise((r) => { timer = setTimeout(r, graceMs); })]);
    clearTimeout(timer);
    const ids = [...this.#waiting.keys()];
    for (const id of ids) {
      const row = await getRun(this.db, id);
      if (row && (row.status === 'queued' || row.status === 'running')) await failRun(this.db, id, { title: 'interrupted', detail: 'the server stopped before the run finished; post it again' }, this.now(), 'interrupted');
    }
  }

  /** At start-up (single-process SQLite store): runs a stopped process left unfinished. */
  recoverOrphans = () => interruptUnfinished(this.db, this.now(), 'the server stopped before the run finished; post it again');
}
