import { setImmediate as yieldToIo } from 'node:timers/promises';
import { z } from 'zod';
import type { Issue } from '../engine/core/errors.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { SIZE_LIMITS, tooLong } from '../engine/core/limits.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { MethodChoice } from '../engine/model/schema.ts';
import { ENGINE_VERSION } from '../engine/version.ts';
import { canonicalJson } from '../lib/canonical-json.ts';
import { DEFAULTS } from '../models/defaults.ts';
import type { Piscina } from 'piscina';
import { compareRunLines } from '../lib/compare.ts';
import type { ReportDoc } from '../reports/render.ts';
import { runsReport } from '../runs/report.ts';
import type { Sources } from '../runs/sources.ts';
import { API_KINDS, type Computed, computeRun, OPTION_KINDS, planRun, type RunOutput, type RunParams, runOutput } from './compute.ts';
import { storeSources } from './run-sources.ts';
import type { RunTask } from './run-worker.ts';
import { type PackedRun, packedBuffers, SPARE_BUFFER_BYTES, SPARE_BUFFERS } from './store/row-pack.ts';
import type { Catalogue } from './catalogue.ts';
import { Problem, toProblem } from './problem.ts';
import type { Db } from './store/db.ts';
import { createRun, getRun } from './store/runs.ts';
import type { RunTable } from './store/schema.ts';
import { computeDraws, drawChunks } from './jobs/draws.ts';
import type { DrawRows } from '../lib/uncertainty.ts';
import {
  chunkDraws,
  completeChunk,
  enqueueRun,
  failJob,
  finishRunJob,
  groupState,
  type Job,
  orphanRuns,
  queuedJobs,
  type StoreKind,
} from './jobs/store.ts';
import { JobWorker } from './jobs/worker.ts';
import { type ApiConfig, configFromEnv } from './config.ts';
import { getScenario } from './store/scenarios.ts';

/** A stored thing's id or id@version in a request: capped like every other id, so a 100,000-character name is refused (400). */
const Ref = z.string().min(1).max(SIZE_LIMITS.refLength, tooLong(SIZE_LIMITS.refLength));

export const RunRequest = z
  .object({
    /**
     * gep: the GEP account; dual: and the GEP–GDP dual account (needs economy.csv); carbon: and the carbon run
     * (inventory, dual control, projection, LMDI, footprints over the dataset's carbon years; needs carbon-activity.csv).
     */
    kind: z.enum(API_KINDS).default('gep'),
    /**
     * The own options of kinds index ({ system }: an indicator system id), finance ({ prices, credit: { ratio,
     * draws, seed } }) and asset ({ spec }: the valuation spec inline), as `gep index`, `gep finance` and
     * `gep asset` take them; checked by the kind. Ids only: a path is not read on the server.
     */
    options: z.record(z.string(), z.unknown()).optional(),
    factors: Ref.optional().describe(`carbon factor set for kind carbon (default ${DEFAULTS.carbon.factors})`),
    model: Ref.optional().describe(`default ${DEFAULTS.gep.model}, or the scenario's model`),
    dataset: Ref.optional().describe(`a stored dataset id or manifest id; default ${DEFAULTS.gep.dataset}, or the scenario's dataset`),
    /** A stored scenario (POST /scenarios): its overrides are laid over the dataset. */
    scenario: Ref.optional(),
    regions: z
      .array(z.string().min(1).max(SIZE_LIMITS.idLength, tooLong(SIZE_LIMITS.idLength)))
      .min(1)
      .max(10000)
      .optional(),
    years: z.array(z.number().int().min(1900).max(2200)).min(1).optional(),
    base_year: z.number().int().min(1900).max(2200).optional(),
    trace: z.boolean().default(true),
    /** Monte Carlo of GEP for the first region's last year (the scenario's uncertainty ranges, or the model's): low/central/high in the finance sheet. */
    uncertainty: z
      .object({
        draws: z.number().int().min(10).max(10000),
        seed: z.number().int().min(0).max(4294967295),
        /** float (default: float64 draws held to the exact path to 1e-9) or exact (decimal draws, slower); in the run's identity. */
        path: z.enum(['float', 'exact']).optional(),
      })
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

// an id of a shipped indicator system or price set: a path ("../x", "/etc/…") is never read on the server
const SHIPPED_ID = /^[a-z0-9][a-z0-9._-]*(@[0-9][0-9a-z.+-]*)?$/i;

/** What the request's `options` break: options for a kind that takes none, a path where an id belongs, Monte Carlo with a kind beside the accounts. */
function optionIssues(req: RunRequest): Issue[] {
  const issues: Issue[] = [];
  const own = (OPTION_KINDS as readonly string[]).includes(req.kind);
  if (req.options && !own)
    issues.push({
      code: 'option_invalid',
      path: 'options',
      message: `options are for kinds ${OPTION_KINDS.join(', ')}; kind "${req.kind}" takes its fields at the top level`,
    });
  for (const f of ['system', 'prices'] as const) {
    const v = req.options?.[f];
    if (v !== undefined && (typeof v !== 'string' || !SHIPPED_ID.test(v)))
      issues.push({
        code: 'option_invalid',
        path: `options.${f}`,
        message: `${f} is the id of a shipped ${f === 'system' ? 'indicator system' : 'price set'} (id or id@version), not a path`,
      });
  }
  if (req.kind === 'index' && req.scenario !== undefined)
    issues.push({ code: 'option_invalid', path: 'scenario', message: 'kind "index" scores the dataset as it is: it takes no scenario' });
  if (own && req.uncertainty)
    issues.push({
      code: 'option_invalid',
      path: 'uncertainty',
      message: `uncertainty is for kinds gep, dual and carbon; kind "${req.kind}" has its own draws in options`,
    });
  if (req.kind === 'asset' && (req.options?.spec === undefined || typeof req.options.spec !== 'object'))
    issues.push({
      code: 'option_invalid',
      path: 'options.spec',
      message: 'kind "asset" needs its valuation spec inline in options.spec (an object, as datasets/projects/tianfu-asset.yaml)',
    });
  return issues;
}

export type { Computed, RunParams };
/** What a post waits for: the group of jobs computing the run (null: nothing to wait for, it is stored). */
export interface Waiter {
  id: string;
  group: string | null;
  /** This post queued the group just now: it cannot have ended yet, so the first look waits (for the worker's word). */
  queued?: boolean;
}
/** `row`: the run as stored, when the post found it done (nothing to compute: the caller need not read it again). */
type Submitted = { id: string; created: boolean; done: Waiter; row?: RunTable };
/** How runs are worked as jobs (api/config.ts has the defaults and their environment variables). */
export type JobSettings = Pick<
  ApiConfig,
  'worker' | 'leaseMs' | 'heartbeatMs' | 'pollMs' | 'jobAttempts' | 'chunkDraws' | 'maxQueuedJobs' | 'queueCheckMs'
> & {
  store: StoreKind;
};
const DEFAULT_JOBS: JobSettings = { ...pick(configFromEnv()), worker: false, store: 'sqlite' };
function pick(c: ApiConfig) {
  const { worker, leaseMs, heartbeatMs, pollMs, jobAttempts, chunkDraws, maxQueuedJobs, queueCheckMs } = c;
  return { worker, leaseMs, heartbeatMs, pollMs, jobAttempts, chunkDraws, maxQueuedJobs, queueCheckMs };
}

/**
 * Runs are jobs in the store (api/jobs/store.ts): a post records the run and its jobs, and any worker — this
 * server's, another server's, a `gep worker` on another machine — claims them once. POST /runs waits a few
 * seconds for its run, so small runs answer at once and long ones answer 202 with the id to poll. A run's id
 * is a hash of what it depends on (engine version, kind, model id@version and hash, dataset hash, scenario
 * hash, regions, years, base year, trace): asking for the same run again returns the stored one.
 */
export class RunService {
  #cache = new Map<string, Computed>();
  /** Run ids by their parameters (no scenario): see #runId. */
  #planned = new Map<string, string>();
  /** The stored parameters (JSON text) of runs posted to this process, by id: its worker need not read them. */
  #params = new Map<string, string>();
  #closing = false;
  #worker?: JobWorker;
  /**
   * The queue's depth as last read from the store (`jobs`), when the read started (`at`, performance.now()) and
   * `#added` then (`mark`): the depth now is about `jobs + #added − mark`. `#added` counts the jobs this process's
   * posts have queued or reserved, taken back when a reserved post queues nothing.
   */
  #queue = { jobs: 0, at: Number.NEGATIVE_INFINITY, mark: 0 };
  #queueRead?: Promise<{ jobs: number; at: number; mark: number }>;
  #added = 0;
  /** Buffers of stored runs' chunks, handed back to the run worker threads to pack the next run into (api/store/row-pack.ts). */
  #spare: ArrayBuffer[] = [];
  /** Posts waiting here for a group that this process's worker is computing: told at once when it ends. */
  #ended = new Map<string, Set<(ended: boolean) => void>>();
  readonly #sources: Sources;
  readonly #jobs: JobSettings;
  constructor(
    private readonly db: Db,
    private readonly catalogue: Catalogue,
    private readonly cacheSize: number,
    private readonly now: () => string,
    private readonly log?: { error(o: object, msg: string): void },
    /** Worker threads for the accounting (gep serve, gep worker); without, runs compute in this thread. */
    private readonly pool?: Piscina,
    jobs?: Partial<JobSettings>,
  ) {
    this.#sources = storeSources(catalogue, db);
    this.#jobs = { ...DEFAULT_JOBS, ...jobs };
  }

  /**
   * Queue again the runs a server from before runs were jobs left unfinished, and start working jobs (when
   * configured). Nothing is marked interrupted: a run another process is computing holds a live lease.
   */
  async start(): Promise<void> {
    for (const id of await orphanRuns(this.db)) {
      const row = await getRun(this.db, id);
      if (row) await this.#enqueue(id, JSON.parse(row.params) as RunParams, false);
    }
    if (!this.#jobs.worker) return;
    this.#worker = new JobWorker(this.db, this.#jobs.store, (job) => this.#work(job), this.#jobs, this.now, this.log);
    this.#worker.start(this.pool ? this.pool.options.maxThreads : 1);
  }

  /**
   * Record a run and queue its jobs (or find it stored, or join the jobs working on it). `bounded: false` takes it
   * even when the queue is full (its jobs still count): the baseline of a scenario run the bound has just let in.
   */
  async submit(req: RunRequest, { bounded = true }: { bounded?: boolean } = {}): Promise<Submitted> {
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
      ...(req.options ? { options: req.options } : {}),
    };
    issues.push(...optionIssues(req));
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
    const id = await this.#runId(params);
    const existing = await getRun(this.db, id);
    if (existing?.status === 'done' && !req.rerun) return { id, created: false, done: { id, group: null }, row: existing };
    // a post that would queue work (not join a group already working on its run) needs room, before anything is stored
    const reserved = !existing || existing.job_group === null;
    if (reserved) await this.#reserveRoom(bounded);
    try {
      const inserted =
        !existing &&
        (await createRun(
          this.db,
          {
            id,
            kind: params.kind,
            engine_version: ENGINE_VERSION,
            model: params.model,
            model_hash: model.hash,
            dataset_id: params.dataset,
            dataset_hash: dataset.hash,
            scenario: stored?.name ?? 'baseline',
            scenario_hash: stored?.hash ?? null,
            base_year: params.base_year,
            params,
          },
          this.now(),
        )); // two equal posts at once (on any servers) make one run: the second insert does nothing
      // the parameters as stored: a run's id hashes its identity, not this text, so only the text read or written here
      // is the store's (another server's equal post may have stored its own first)
      const kept = existing?.params ?? (inserted ? JSON.stringify(params) : undefined);
      if (kept !== undefined) this.#keepParams(id, kept);
      const seen = existing ? (existing.job_group === null ? existing.status : undefined) : inserted ? 'queued' : undefined;
      const { group, created, jobs } = await this.#enqueue(id, params, req.rerun, seen);
      // the reservation was one job: the jobs queued may be more (chunks), or none (another post queued them first);
      // a group that ended between the read and the enqueue lets an unreserved post queue: counted, not refused
      this.#added += (created ? jobs : 0) - (reserved ? 1 : 0);
      return { id, created, done: { id, group, queued: created } };
    } catch (e) {
      if (reserved) this.#added -= 1; // nothing queued
      throw e;
    }
  }

  /**
   * The run's id, planned once per parameters: planning loads and checks the account's inputs and hashes its
   * identity (a few ms), and a post of a stored run is only a lookup by that id. Parameters name the dataset by its
   * stored id (its content) and the model by id@version (compiled once per process); a run with a scenario is
   * planned each time (a scenario's name may be stored again with other overrides), and so is one whose kind's own
   * options name a dataset or scenario (finance, index, asset: resolved by name when planned, not by stored id).
   */
  async #runId(params: RunParams): Promise<string> {
    const byName = params.scenario !== undefined || params.options?.scenario !== undefined || params.options?.dataset !== undefined;
    const key = byName ? undefined : JSON.stringify(params);
    const known = key === undefined ? undefined : this.#planned.get(key);
    if (known) return known;
    const { id } = await planRun(params, this.#sources);
    if (key !== undefined) {
      this.#planned.set(key, id);
      if (this.#planned.size > 1000) this.#planned.delete(this.#planned.keys().next().value!);
    }
    return id;
  }

  /** Keep a stored run's chunk buffers for the next run a worker thread packs (at most SPARE_BUFFERS, of SPARE_BUFFER_BYTES). */
  #keepSpare(packed: PackedRun) {
    for (const b of packedBuffers(packed))
      if (this.#spare.length < SPARE_BUFFERS && b.byteLength > 0 && b.byteLength <= SPARE_BUFFER_BYTES && !this.#spare.includes(b))
        this.#spare.push(b); // > 0: a detached buffer in a transfer list would fail the next task
  }

  /** Keep a run's stored parameters text for this process's worker: at most 1,000 of at most 64 KiB (an inline asset spec may be larger: its worker reads it). */
  #keepParams(id: string, params: string) {
    this.#params.delete(id);
    if (params.length > 65_536) return;
    this.#params.set(id, params);
    if (this.#params.size > 1000) this.#params.delete(this.#params.keys().next().value!);
  }

  /**
   * Reserve one job of room, or refuse (503 queue_full) while the queue holds GEP_MAX_QUEUED_JOBS jobs or more. The
   * store is read at most once per GEP_QUEUE_CHECK_MS (a bounded count: the scan stops at the bound), so other
   * processes' posts are seen within that time; this process's own are counted as they reserve, with no await
   * between the check and the reservation, so posts arriving together on one server do not all pass. A run is taken
   * whatever its jobs when there is room (a Monte Carlo split in more chunks than the bound can still be posted).
   */
  async #reserveRoom(bounded: boolean): Promise<void> {
    const bound = bounded ? this.#jobs.maxQueuedJobs : 0;
    if (bound > 0 && performance.now() - this.#queue.at >= this.#jobs.queueCheckMs) {
      // posts that find the reading old at once share one read; what they reserve after its start counts on top
      this.#queueRead ??= (async () => {
        const at = performance.now();
        const mark = this.#added;
        return { jobs: await queuedJobs(this.db, bound), at, mark };
      })().finally(() => {
        this.#queueRead = undefined;
      });
      const read = await this.#queueRead;
      if (read.at > this.#queue.at) this.#queue = read;
    }
    if (bound > 0 && this.#queue.jobs + this.#added - this.#queue.mark >= bound)
      throw new Problem('queue_full', `${bound} or more jobs are queued (GEP_MAX_QUEUED_JOBS): try again later`, [], {
        'retry-after': String(Math.max(1, Math.ceil(this.#jobs.queueCheckMs / 1000))),
      });
    this.#added += 1;
  }

  async #enqueue(id: string, params: RunParams, rerun: boolean, seen?: string) {
    const chunks = drawChunks(params, this.#jobs.chunkDraws);
    const r = await enqueueRun(this.db, {
      runId: id,
      rerun,
      ...(seen === undefined ? {} : { seen }),
      chunks,
      maxAttempts: this.#jobs.jobAttempts,
      now: this.now(),
    });
    if (r.created) this.#worker?.wake();
    return { ...r, jobs: Math.max(1, chunks.length) }; // the queued jobs: the run's, or its chunks (the run waits for them)
  }

  /** Compute a claimed job (a chunk of draws, or the run) and store it, if the lease is still ours. */
  async #work(job: Job): Promise<void> {
    let ended = false; // the group ended here: its run stored or failed under this worker's lease (posts waiting need not look)
    try {
      // a run posted here: its stored parameters are known (a run deleted since is dropped at the lease check, computed)
      const text = this.#params.get(job.run_id) ?? (await getRun(this.db, job.run_id))?.params;
      if (text === undefined) return;
      const params = JSON.parse(text) as RunParams;
      const t0 = performance.now();
      try {
        if (job.role === 'chunk') {
          const range: [number, number] = [job.draw_from!, job.draw_to!];
          const draws = this.pool
            ? ((await this.pool.run({ ...(await this.#task(params)), range })) as DrawRows)
            : await computeDraws(params, this.#sources, ...range);
          await completeChunk(this.db, this.#jobs.store, job, draws, this.now());
          return;
        }
        // only a Monte Carlo is split in chunks (drawChunks): another run has no draws to read
        const drawn = params.uncertainty ? await chunkDraws(this.db, job.job_group) : undefined;
        let out: RunOutput | { packed: PackedRun };
        if (this.pool) {
          // in a worker thread: the server keeps answering; reports compute the run again when asked. The worker
          // sends the rows packed for the store (api/store/row-pack.ts), not as objects to copy.
          // It writes them into buffers this thread has stored from before, moved back to it (SPARE_BUFFERS).
          const spare = this.#spare.splice(0);
          const task: RunTask = { ...(await this.#task(params)), ...(drawn ? { drawn } : {}), pack: true, spare };
          out = { packed: (await this.pool.run(task, { transferList: spare })) as PackedRun };
        } else {
          await yieldToIo(); // let the 202 answer go out before the accounting starts
          const c = await computeRun(params, this.#sources, drawn);
          out = runOutput(c);
          this.#remember(job.run_id, c);
        }
        try {
          ended = await finishRunJob(this.db, job, { ...out, durationMs: performance.now() - t0, drawn: drawn !== undefined }, this.now());
        } finally {
          if ('packed' in out) this.#keepSpare(out.packed); // the drivers copied the chunks when they bound them
        }
      } catch (e) {
        if (job.role === 'assemble') this.#cache.delete(job.run_id);
        const p = toProblem(e, this.log);
        ended = await failJob(
          this.db,
          job,
          { title: p.title, status: p.status, code: p.code, detail: p.detail, errors: p.errors },
          this.now(),
        );
      }
    } finally {
      for (const tell of this.#ended.get(job.job_group) ?? []) tell(ended);
    }
  }

  /** What a worker thread needs for a run: its parameters, the dataset's folder and the scenario as stored. */
  async #task(params: RunParams): Promise<RunTask> {
    const { dir, hash } = await this.catalogue.datasetDir(params.dataset);
    const scenario = params.scenario ? ((await getScenario(this.db, params.scenario))?.scenario as Scenario) : undefined;
    return { params, datasetDir: dir, datasetHash: hash, ...(scenario ? { scenario } : {}) };
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

  /** Wait for a posted run up to `ms` (whichever process computes it); true when its jobs have ended. */
  async settled(w: Waiter, ms: number): Promise<boolean> {
    if (w.group === null) return true;
    const deadline = Date.now() + ms;
    for (let first = true; ; first = false) {
      // no wait asked (GEP_SYNC_WAIT_MS=0): the post answers 202 at once, even if an in-thread run ends meanwhile
      if (first && w.queued && ms > 0 && (await this.#nap(w.group, Math.min(100, ms)))) return true;
      const state = await groupState(this.db, w.group);
      if (state === undefined || state === 'done' || state === 'failed') return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      if (await this.#nap(w.group, Math.min(100, left))) return true;
    }
  }

  /** Wait up to `ms` for this process's worker to finish a job of the group; true when it says the group ended. */
  #nap(group: string, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const waiting = this.#ended.get(group) ?? new Set();
      this.#ended.set(group, waiting);
      const done = (ended: boolean) => {
        clearTimeout(t);
        waiting.delete(done);
        if (!waiting.size) this.#ended.delete(group);
        resolve(ended);
      };
      const t = setTimeout(() => done(false), ms);
      waiting.add(done);
    });
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

  /**
   * Stop taking runs and jobs; let the jobs in progress finish (up to `graceMs`), then hand those still computing
   * back to the queue, where another worker (or this server, started again) takes them: none is marked interrupted.
   */
  async close(graceMs: number): Promise<void> {
    this.#closing = true;
    await this.#worker?.stop(graceMs);
    await this.pool?.destroy();
  }
}
