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
}

export function configFromEnv(env = process.env): ApiConfig {
  const num = (name: string, d: number) => {
    const v = env[name];
    if (v === undefined || v === '') return d;
    if (!/^\d+$/.test(v))
      throw new IssuesError('config', [{ code: 'option_invalid', path: name, message: `${name} must be a whole number, not "${v}"` }]);
    return Number(v);
  };
  return {
    keyedReads: env.GEP_KEYED_READS === '1' || env.GEP_KEYED_READS === 'true',
    uploadLimit: num('GEP_UPLOAD_LIMIT', 20 * 1024 * 1024),
    syncWaitMs: num('GEP_SYNC_WAIT_MS', 5000),
    shutdownGraceMs: num('GEP_SHUTDOWN_GRACE_MS', 10000),
    cachedRuns: num('GEP_CACHED_RUNS', 8),
    runWorkers: num('GEP_RUN_WORKERS', 0),
  };
}
