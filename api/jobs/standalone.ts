import { Catalogue } from '../catalogue.ts';
import { type ApiConfig, configFromEnv } from '../config.ts';
import { RunService } from '../runs.ts';
import { dataDir, openStore, type Store } from '../store/db.ts';
import { runPool } from './pool.ts';

export interface StandaloneWorker {
  store: Store;
  /** Stop claiming, let the jobs in progress finish (up to graceMs), hand the others back, close the store. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * `gep worker`: workers without the HTTP API, on the store of DATABASE_URL (or the SQLite file). Runs compute in
 * `concurrency` worker threads, so this thread keeps renewing their leases.
 */
export async function startWorker(o: {
  concurrency: number;
  config?: Partial<ApiConfig>;
  log?: { error(o: object, msg: string): void };
}): Promise<StandaloneWorker> {
  const store = await openStore();
  const config = { ...configFromEnv(), ...o.config };
  const now = () => new Date().toISOString();
  const catalogue = new Catalogue(store.db, dataDir());
  // no seeding: runs are posted to a server, which records the models and the sample before any run exists
  const runs = new RunService(store.db, catalogue, 1, now, o.log, runPool(o.concurrency), { ...config, worker: true, store: store.kind });
  await runs.start();
  return {
    store,
    async stop(graceMs = config.shutdownGraceMs) {
      await runs.close(graceMs);
      await store.close();
    },
  };
}
