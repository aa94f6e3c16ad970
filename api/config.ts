import { IssuesError } from '../engine/core/errors.ts';

/** Server settings, from the environment (or given directly to buildApp in tests). */
export interface ApiConfig {
  /** Reads need a key too (default: reads are open, writes need a key). */
  keyedReads: boolean;
  /** Largest request body in bytes (dataset uploads); other routes take 1 MiB. */
  uploadLimit: number;
  /** How long POST /runs waits for a run before answering 202 with the run's id. */
  syncWaitMs: number;
  /** How long shutdown waits for the run in progress before marking it interrupted. */
  shutdownGraceMs: number;
  /** Runs kept in memory for report rendering. */
  cachedRuns: number;
  /** Worker threads that account runs (0: in the server's own thread, as in tests). */
  runWorkers: number;
  /** The server works jobs too (gep serve --no-worker: it only serves, `gep worker` processes compute). */
  worker: boolean;
  /** A job's lease: a worker that stops renewing it (crashed) loses the job to another after this long. */
  leaseMs: number;
  /** How often a worker renews its lease while computing. */
  heartbeatMs: number;
  /** How often an idle worker looks for a job. */
  pollMs: number;
  /** Claims of a job before its run fails (each crash of its worker costs one). */
  jobAttempts: number;
  /** Monte Carlo draws per chunk job (a run with more is split; chunks are taken by any worker). */
  chunkDraws: number;
  /**
   * Queued jobs in the store at or above which a post that would queue more work is refused (503 queue_full,
   * retry-after); 0: no bound. A post that joins work already queued, or finds its run done (without rerun), is never refused.
   */
  maxQueuedJobs: number;
  /** How long a reading of the queue's depth is used before the store is asked again (this process's own posts count at once). */
  queueCheckMs: number;
  /** Bytes of serialised result pages of done runs kept in memory (api/page-cache.ts); 0 keeps none. */
  pageCacheBytes: number;
  /** How long a cached page is served before its run's head is read from the store again (a run deleted elsewhere is seen after this). */
  pageCacheCheckMs: number;
}

export function configFromEnv(env = process.env): ApiConfig {
  const num = (name: string, d: number) => {
    const v = env[name];
    if (v === undefined || v === '') return d;
    // a bound on its size too: a digit string past 2^53 is not the number it says (and Infinity would reach SQL)
    const n = /^\d{1,16}$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isSafeInteger(n)) {
      const shown = v.length > 40 ? `${v.slice(0, 40)}… (${v.length} characters)` : v;
      throw new IssuesError('config', [
        {
          code: 'option_invalid',
          path: name,
          message: `${name} must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, not "${shown}"`,
        },
      ]);
    }
    return n;
  };
  const leaseMs = Math.max(100, num('GEP_JOB_LEASE_MS', 30_000));
  return {
    keyedReads: env.GEP_KEYED_READS === '1' || env.GEP_KEYED_READS === 'true',
    uploadLimit: num('GEP_UPLOAD_LIMIT', 20 * 1024 * 1024),
    syncWaitMs: num('GEP_SYNC_WAIT_MS', 5000),
    shutdownGraceMs: num('GEP_SHUTDOWN_GRACE_MS', 10000),
    cachedRuns: num('GEP_CACHED_RUNS', 8),
    runWorkers: num('GEP_RUN_WORKERS', 0),
    worker: env.GEP_NO_WORKER !== '1',
    leaseMs,
    heartbeatMs: num('GEP_JOB_HEARTBEAT_MS', Math.max(50, Math.min(5000, Math.floor(leaseMs / 3)))),
    pollMs: num('GEP_JOB_POLL_MS', 500),
    jobAttempts: Math.max(1, num('GEP_JOB_ATTEMPTS', 3)),
    chunkDraws: Math.max(1, num('GEP_MC_CHUNK_DRAWS', 1000)),
    maxQueuedJobs: num('GEP_MAX_QUEUED_JOBS', 10_000),
    queueCheckMs: num('GEP_QUEUE_CHECK_MS', 1000),
    pageCacheBytes: num('GEP_PAGE_CACHE_BYTES', 64 * 1024 * 1024),
    pageCacheCheckMs: num('GEP_PAGE_CACHE_CHECK_MS', 1000),
  };
}
