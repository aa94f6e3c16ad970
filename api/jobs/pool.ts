import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';

/** Worker threads that compute runs (api/run-worker.ts): the process keeps answering and renewing leases meanwhile. */
export const runPool = (threads: number): Piscina =>
  new Piscina({
    filename: fileURLToPath(new URL('../run-worker.ts', import.meta.url)),
    minThreads: threads,
    maxThreads: threads,
    execArgv: ['--import', 'tsx'],
  });
