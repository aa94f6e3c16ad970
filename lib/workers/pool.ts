import { Piscina } from 'piscina';

// One pool per thread count, kept between runs (starting a worker loads the engine, which takes seconds);
// call shutdownWorkers() before the process should exit.
const pools = new Map<number, Piscina>();

/** Set by scripts/build-cli.mjs in the bundle: the URL of the bundle's chunk (dist/), undefined in the sources. */
declare const __GEP_BUNDLE_URL__: string | undefined;

/**
 * The worker entry: from the sources, entry.mjs (which registers tsx, then loads tasks.ts); from the bundle, the
 * bundled tasks (dist/workers/tasks.mjs, plain JavaScript: dist/ runs without tsx, test/cli-bundle.test.ts).
 */
export function workerEntry(): { filename: string; name: string } {
  return typeof __GEP_BUNDLE_URL__ === 'string'
    ? { filename: new URL('./workers/tasks.mjs', __GEP_BUNDLE_URL__).href, name: 'handle' }
    : { filename: new URL('./entry.mjs', import.meta.url).href, name: 'default' };
}

/**
 * Run tasks on `threads` worker threads (piscina) and return their results in task order, whatever order
 * they finish in, so a threaded run gives the same output as a single-threaded one. `onDone` gets the
 * number of tasks finished so far (for a progress bar). A task is one of the `Task`s of ./tasks.ts; the caller
 * names its own member of that union, so that the pool does not import what the workers run (no import cycle).
 */
export async function mapChunks<T, Tk extends object>(threads: number, tasks: Tk[], onDone?: (done: number) => void): Promise<T[]> {
  let pool = pools.get(threads);
  if (!pool) {
    pool = new Piscina({ ...workerEntry(), minThreads: threads, maxThreads: threads, execArgv: [] });
    pools.set(threads, pool);
  }
  let done = 0;
  return Promise.all(
    tasks.map(async (t) => {
      const r = (await pool.run(t)) as T;
      onDone?.(++done);
      return r;
    }),
  );
}

export async function shutdownWorkers(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.destroy()));
}
