import { setImmediate as yieldToIo } from 'node:timers/promises';
import { z } from 'zod';
import type { Issue } from '../engine/core/errors.ts';
import { IssuesError } from '../engine/core/errors.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { MethodChoice } from '../engine/model/schema.ts';
import { ENGINE_VERSION } from '../engine/version.ts';
import type { Dataset } from '../datasets/load.ts';
import { canonicalJson } from '../lib/canonical-json.ts';
import { DEFAULTS } from '../models/defaults.ts';
import type { Piscina } from 'piscina';
import { compareRunLines } from '../lib/compare.ts';
import type { ReportDoc } from '../reports/render.ts';
import { runsReport } from '../runs/report.ts';
import type { Sources } from '../runs/sources.ts';
import { type Computed, computeRun, planRun, type RunOutput, type RunParams, runOutput } from './compute.ts';
import { storeSources } from './run-sources.ts';
import type { RunTask } from './run-worker.ts';
import type { Catalogue } from './catalogue.ts';
import { Problem, toProblem } from './problem.ts';
import type { Db } from './store/db.ts';
import { createRun, failRun, finishRun, getRun, interruptUnfinished, markRunning, resetRun } from './store/runs.ts';
import { getScenario } from './store/scenarios.ts';

export const RunRequest = z
  .object({
    /**
     * gep: the GEP account; dual: and the GEP–GDP dual account (needs economy.csv); carbon: and the carbon run
     * (inventory, dual control, projection, LMDI, footprints over the dataset's carbon years; needs carbon-activity.csv).
     */
    kind: z.enum(['gep', 'dual', 'carbon']).default('gep'),
    factors: z.string().min(1).optional().describe(`carbon factor set for kind carbon (default ${DEFAULTS.carbon.factors})`),
    model: z.string().min(1).optional().describe(`default ${DEFAULTS.gep.model}, or the scenario's model`),
    dataset: z
      .string()
      .min(1)
      .optional()
      .describe(`a stored dataset id or manifest id; default ${DEFAULTS.gep.dataset}, or the scenario's dataset`),
    /** A stored scenario (POST /scenarios): its overrides are laid over the dataset. */
    scenario: z.string().min(1).optional(),
    regions: z.array(z.string().min(1)).min(1).optional(),
    years: z.array(z.number().int().min(1900).max(2200)).min(1).optional(),
    base_year: z.number().int().min(1900).max(2200).optional(),
    trace: z.boolean().default(true),
    /** Monte Carlo of GEP for the first region's last year (the scenario's uncertainty ranges, or the model's): low/central/high in the finance sheet. */
    uncertainty: z
      .object({ draws: z.number().int().min(10).max(10000), seed: z.number().int().min(0).max(4294967295) })
      .strict()
      .optional(),
    /** Method variants (service → variant) and the ecosystem types a service counts, over the dataset's and the scenario's choice. */
    method: MethodChoice.shape.method,
    covers: MethodChoice.shape.covers,
    /** Compute again even if this run is already stored (the numbers will be the same: it is for measurement and repair). */
    rerun: z.boolean().default(false),
  })
  .strict();
export type RunRequest = z.infer<typeof RunRequest>;

export type { Computed, RunParams };
type Submitted = { id: string; created: boolean; done: Promise<void> };

/**
 * Runs are jobs: one at a time per server process, in the order asked. POST /runs waits a few seconds for
 * its job, so small runs answer at once and long ones answer 202 with the id to poll. A run's id is a
 * hash of what it depends on (engine version, kind, model id@version and hash, dataset hash, scenario
 * hash, regions, years, base year, trace): asking for the same run again returns the stored one.
 */
export class RunService {
  #tail: Promise<void> = Promise.resolve();
  #waiting = new Map<string, Promise<void>>();
  #submitting = new Map<string, Promise<Submitted>>();
  #cache = new Map<string, Computed>();
  #closing = false;
  readonly #sources: Sources;
  constructor(
    private readonly db: Db,
    private readonly catalogue: Catalogue,
    private readonly cacheSize: number,
    private readonly now: () => string,
    private readonly log?: { error(o: object, msg: string): void },
    /** Worker threads for the accounting (gep serve uses them); without, runs compute in the server's thread. */
    private readonly pool?: Piscina,
  ) {
    this.#sources = storeSources(catalogue, db);
  }

  async submit(req: RunRequest): Promise<Submitted> {
    if (this.#closing) throw new Problem('shutting_down', undefined, [], { 'retry-after': '5' });
    const stored = req.scenario === undefined ? undefined : await getScenario(this.db, req.scenario);
    if (req.scenario !== undefined && !stored)
      throw new Problem('not_found', `scenario "${req.scenario}" does not exist (POST /scenarios first)`, [
        { field: 'scenario', message: 'not stored', code: 'not_found' },
      ]);
    const scenario = stored?.scenario as Scenario | undefined;
    const issues: Issue[] = [];
    if (scenario && req.model && this.catalogue.model(req.model).ref !== scenario.base.model)
      issues.push({ code: 'model_mismatch', path: 'model', message: `scenario ${scenario.id} is written for ${scenario.base.model}` });
    if (issues.length) throw new IssuesError('run', issues);
    const model = this.catalogue.model(req.model ?? scenario?.base.model ?? DEFAULTS.gep.model);
    const { id: datasetId, dataset } = await this.catalogue.dataset(req.dataset ?? scenario?.base.dataset ?? DEFAULTS.gep.dataset, model);
    const params: RunParams = {
      kind: req.kind,
      ...(req.kind === 'carbon' ? { factors: this.catalogue.factors(req.factors).ref } : {}),
      model: model.ref,
      dataset: datasetId,
      ...(stored ? { scenario: stored.id } : {}),
      regions: [...new Set(req.regions ?? dataset.regions)], // a region named twice is accounted once, as years are
      years: [...new Set(req.years ?? dataset.years)].sort((a, b) => a - b),
      base_year: req.base_year ?? dataset.manifest.price_year,
      trace: req.trace,
      ...(req.uncertainty ? { uncertainty: req.uncertainty } : {}),
      ...(req.method ? { method: req.method } : {}),
      ...(req.covers ? { covers: req.covers } : {}),
    };
    if (params.kind === 'carbon' && !dataset.manifest.files.carbon_activity)
      issues.push({
        code: 'carbon_missing',
        path: 'dataset',
        message: `a carbon run needs carbon activity data: dataset ${datasetId} lists no carbon_activity file`,
      });
    if (req.factors && params.kind !== 'carbon')
      issues.push({ code: 'option_invalid', path: 'factors', message: 'factors are for kind "carbon"' });
    if (issues.length) throw new IssuesError('run', issues);

    // the id the registry gives these runs (lib/run-id.ts): the one `gep account` or `gep dual` gives them
    const { id } = await planRun(params, this.#sources);
    // Equal requests arriving together become one run: the first one in registers it before any await.
    const inFlight = this.#submitting.get(id);
    if (inFlight && !req.rerun) return { ...(await inFlight), created: false };
    const p = this.#register(id, params, model.hash, dataset, stored, req.rerun);
    this.#submitting.set(id, p);
    try {
      return await p;
    } finally {
      if (this.#submitting.get(id) === p) this.#submitting.delete(id);
    }
  }

  async #register(
    id: string,
    params: RunParams,
    modelHash: string,
    dataset: Dataset,
    scenario: { name: string; hash: string } | undefined,
    rerun: boolean,
  ): Promise<Submitted> {
    const pending = this.#waiting.get(id);
    if (pending && !rerun) return { id, created: false, done: pending };
    const existing = await getRun(this.db, id);
    if (existing && !rerun && existing.status === 'done') return { id, created: false, done: Promise.resolve() };
    if (!existing) {
      await createRun(
        this.db,
        {
          id,
          kind: params.kind,
          engine_version: ENGINE_VERSION,
          model: params.model,
          model_hash: modelHash,
          dataset_id: params.dataset,
          dataset_hash: dataset.hash,
          scenario: scenario?.name ?? 'baseline',
          scenario_hash: scenario?.hash ?? null,
          base_year: params.base_year,
          params,
        },
        this.now(),
      );
    }
    const done = this.#enqueue(id, () => this.#execute(id, params));
    return { id, created: true, done };
  }

  #enqueue(id: string, job: () => Promise<void>): Promise<void> {
    const p = this.#tail.then(async () => {
      if (this.#closing) return; // marked interrupted by close()
      await job();
    });
    this.#tail = p.catch(() => undefined);
    const tracked = p.finally(() => {
      if (this.#waiting.get(id) === tracked) this.#waiting.delete(id);
    });
    this.#waiting.set(id, tracked);
    return tracked;
  }

  async #execute(id: string, params: RunParams): Promise<void> {
    await resetRun(this.db, id, this.now());
    await markRunning(this.db, id, this.now());
    await yieldToIo(); // let the 202 answer go out before the accounting starts
    const t0 = performance.now();
    try {
      let out: RunOutput;
      if (this.pool) {
        // in a worker thread: the server keeps answering; reports compute the run again when asked
        const { dir, hash } = await this.catalogue.datasetDir(params.dataset);
        const scenario = params.scenario ? ((await getScenario(this.db, params.scenario))?.scenario as Scenario) : undefined;
        const task: RunTask = { params, datasetDir: dir, datasetHash: hash, ...(scenario ? { scenario } : {}) };
        out = (await this.pool.run(task)) as RunOutput;
      } else {
        const c = await this.compute(params);
        out = runOutput(c);
        this.#remember(id, c);
      }
      await finishRun(this.db, id, { ...out, now: this.now(), durationMs: performance.now() - t0 });
    } catch (e) {
      this.#cache.delete(id);
      const p = toProblem(e, this.log);
      await failRun(
        this.db,
        id,
        { title: p.title, status: p.status, code: p.code, detail: p.detail, errors: p.errors },
        this.now(),
        this.#closing ? 'interrupted' : 'failed',
      );
    }
  }

  /** Compute a run from its parameters (also used to recompute a stored run, and its baseline for comparison). */
  compute(params: RunParams): Promise<Computed> {
    return computeRun(params, this.#sources);
  }

  /** A stored run's report: its runs' parts; a scenario run is compared with its baseline (same model, dataset, years). */
  async report(id: string, params: RunParams): Promise<ReportDoc> {
    const c = await this.computed(id);
    if (!params.scenario) return runsReport(c.runs);
    const { scenario: _s, uncertainty: _u, factors: _f, ...base } = params;
    const baseline = await this.compute({ ...base, kind: 'gep', trace: false });
    const comparison = compareRunLines([runsReport(baseline.runs).account, runsReport(c.runs).account]);
    const stored = await getScenario(this.db, params.scenario);
    return runsReport(c.runs, { comparison, ...(stored ? { scenario: stored.scenario as Scenario } : {}) });
  }

  /** Wait for a run up to `ms`; true when it has finished. */
  async settled(done: Promise<void>, ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((r) => {
      timer = setTimeout(() => r(false), ms);
    });
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
  async computed(id: string): Promise<Computed> {
    const cached = this.#cache.get(id);
    if (cached) return cached;
    const row = await getRun(this.db, id);
    if (!row) throw new Problem('not_found', `run "${id}" does not exist`);
    if (row.status !== 'done') throw new Problem('run_not_done', `run ${id} is ${row.status}`);
    const c = await this.compute(JSON.parse(row.params) as RunParams);
    if (canonicalJson(c.meta) !== canonicalJson(JSON.parse(row.meta!))) {
      throw new Problem('run_not_reproducible', `run ${id} computed again does not match what was stored (engine or model changed?)`);
    }
    this.#remember(id, c);
    return c;
  }

  #remember(id: string, c: Computed) {
    this.#cache.delete(id);
    this.#cache.set(id, c);
    while (this.#cache.size > this.cacheSize) this.#cache.delete(this.#cache.keys().next().value!);
  }

  /** Stop taking runs, let the one in progress finish (up to `graceMs`), mark the rest interrupted. */
  async close(graceMs: number): Promise<void> {
    this.#closing = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.#tail,
      new Promise((r) => {
        timer = setTimeout(r, graceMs);
      }),
    ]);
    clearTimeout(timer);
    await this.pool?.destroy();
    for (const id of [...this.#waiting.keys()]) {
      const row = await getRun(this.db, id);
      if (row && (row.status === 'queued' || row.status === 'running'))
        await failRun(
          this.db,
          id,
          { title: 'interrupted', detail: 'the server stopped before the run finished; post it again' },
          this.now(),
          'interrupted',
        );
    }
  }

  /** At start-up (single-process SQLite store): runs a stopped process left unfinished. */
  recoverOrphans = () => interruptUnfinished(this.db, this.now(), 'the server stopped before the run finished; post it again');
}
