import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';

/** Set by scripts/build-cli.mjs in the bundle: the URL of the bundle's chunk (dist/), undefined in the sources. */
declare const __GEP_BUNDLE_URL__: string | undefined;

/** Worker threads that compute runs (api/run-worker.ts): the process keeps answering and renewing leases meanwhile. */
export const runPool = (threads: number): Piscina =>
  new Piscina({
    // from the bundle, the bundled worker (dist/run-worker.mjs, no tsx); from the sources, the .ts through tsx
    ...(typeof __GEP_BUNDLE_URL__ === 'string'
      ? { filename: fileURLToPath(new URL('./run-worker.mjs', __GEP_BUNDLE_URL__)), execArgv: [] }
      : { filename: fileURLToPath(new URL('../run-worker.ts', import.meta.url)), execArgv: ['--import', 'tsx'] }),
    minThreads: threads,
    maxThreads: threads,
  });
