import { randomBytes } from 'node:crypto';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { hostname } from 'node:os';
import type { Db } from '../store/db.ts';
import { claimJob, failExhausted, type Job, releaseJob, renewLease, type StoreKind } from './store.ts';

export interface WorkerTiming {
  /** How long a claim holds without a heartbeat: a crashed worker's job is claimed again after this. */
  leaseMs: number;
  /** How often a worker renews the lease of the job it computes (a few times per lease). */
  heartbeatMs: number;
  /** How often an idle worker looks for a job (a post on the same process wakes it at once). */
  pollMs: number;
}

/** Compute a claimed job and store what it gives; `lost()` says the lease was lost (stop early if convenient). */
export type JobHandler = (job: Job, lost: () => boolean) => Promise<void>;

/**
 * Workers in this process: `concurrency` loops, each claiming a job, renewing its lease while the handler
 * computes, and claiming the next. The computation must not block the event loop for long (the server and
 * `gep worker` compute in worker threads), or the heartbeat would stop and the lease expire.
 */
export class JobWorker {
  readonly name = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  #stopping = false;
  #loops: Promise<void>[] = [];
  #running = new Map<string, Job>();
  #wake: (() => void)[] = [];
  /** When the exhausted jobs were last failed here: once per poll is soon enough, and a claim need not look first. */
  #swept = Number.NEGATIVE_INFINITY;
  /** Claims under way: stop() waits for them and hands back what they took (the loop that made one does not work it). */
  #claims = new Set<Promise<Job | undefined>>();
  constructor(
    private readonly db: Db,
    private readonly kind: StoreKind,
    private readonly handle: JobHandler,
    private readonly timing: WorkerTiming,
    private readonly now: () => string = () => new Date().toISOString(),
    private readonly log?: { error(o: object, msg: string): void },
  ) {}

  start(concurrency: number): void {
    for (let i = 0; i < concurrency; i++) this.#loops.push(this.#loop(i));
  }

  /** A job was just queued here: idle loops look at once instead of at their next poll. */
  wake(): void {
    for (const w of this.#wake.splice(0)) w();
  }

  /** Jobs being computed by this process now. */
  get busy(): number {
    return this.#running.size;
  }

  async #loop(slot: number): Promise<void> {
    while (!this.#stopping) {
      let job: Job | undefined;
      try {
        if (performance.now() - this.#swept >= this.timing.pollMs) {
          await failExhausted(this.db, this.now());
          this.#swept = performance.now();
        }
        if (this.#stopping) return; // told to stop while it looked for exhausted jobs
        const claim = claimJob(
          this.db,
          this.kind,
          `${this.name}#${slot}/${randomBytes(4).toString('hex')}`,
          this.timing.leaseMs,
          this.now(),
        );
        this.#claims.add(claim);
        try {
          job = await claim;
        } finally {
          this.#claims.delete(claim);
        }
      } catch (err) {
        if (this.#stopping) return;
        this.log?.error({ err }, 'job claim failed'); // the store is away for a moment: try again later
      }
      if (!job) {
        await this.#idle();
        continue;
      }
      if (this.#stopping) return; // claimed while stop() was waiting for this claim: it hands the job back
      await this.#work(job);
      await yieldToIo(); // the posts this job's end woke read their run first; the next claim can wait a turn
    }
  }

  #idle(): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, this.timing.pollMs);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.#wake.push(done);
    });
  }

  async #work(job: Job): Promise<void> {
    this.#running.set(job.id, job);
    let lost = false;
    const beat = setInterval(() => {
      renewLease(this.db, job, this.timing.leaseMs, this.now()).then(
        (held) => {
          if (!held) lost = true;
        },
        (err) => this.log?.error({ err }, 'lease renewal failed'),
      );
    }, this.timing.heartbeatMs);
    try {
      await this.handle(job, () => lost);
    } catch (err) {
      this.log?.error({ err, job: job.id }, 'job handler failed');
    } finally {
      clearInterval(beat);
      this.#running.delete(job.id);
    }
  }

  /**
   * Stop claiming; wait up to `graceMs` for the jobs in progress, then hand those still computing back to the
   * queue (another worker, or this server when it starts again, takes them at once: no run is marked interrupted).
   */
  async stop(graceMs: number): Promise<void> {
    this.#stopping = true;
    this.wake();
    // a claim under way completes after this returns otherwise: its job computed by a process shutting down, or
    // leased to no one alive until the lease expires (test/store/job-worker-stop.test.ts)
    const claimed = Promise.allSettled([...this.#claims]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.#loops), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    for (const job of this.#running.values()) await releaseJob(this.db, job).catch(() => undefined);
    for (const c of await claimed)
      if (c.status === 'fulfilled' && c.value && !this.#running.has(c.value.id)) await releaseJob(this.db, c.value).catch(() => undefined);
  }
}
