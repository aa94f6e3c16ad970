import type { FastifyInstance } from 'fastify';
import { type AppOptions, buildApp } from './app.ts';
import { configFromEnv } from './config.ts';
import { openStore, type Store } from './store/db.ts';

export interface ServeOptions {
  host: string;
  port: number;
  /** Log each request (gep serve --quiet turns it off). */
  logRequests?: boolean;
  /** The store to serve; by default the one in GEP_DATA_DIR or DATABASE_URL, closed with the server. */
  store?: Store;
  config?: AppOptions['config'];
  /** Route plugins mounted beside the API (gep serve: the workbench). */
  plugins?: AppOptions['plugins'];
  /** Signals that stop the server gracefully; none in tests that close it themselves. */
  signals?: NodeJS.Signals[];
  /** Said on stderr by gep serve: listening, stopping. */
  say?: (line: string) => void;
  /** What a signal does once the server has closed (gep serve: exit 0). */
  exit?: (code: number) => void;
}

export interface Server {
  app: FastifyInstance;
  address: string;
  store: Store;
  /** Stop taking requests, let the run in progress finish (GEP_SHUTDOWN_GRACE_MS), mark the others interrupted. */
  close(): Promise<void>;
}

/**
 * Listen with the app (api/app.ts builds it): the process side of the API. Runs are accounted in one worker
 * thread unless GEP_RUN_WORKERS says otherwise; SIGINT and SIGTERM close the app (finishing the run in
 * progress) and then exit.
 */
export async function serve(opts: ServeOptions): Promise<Server> {
  const store = opts.store ?? (await openStore());
  const config = { ...configFromEnv(), ...opts.config };
  if (process.env.GEP_RUN_WORKERS === undefined && opts.config?.runWorkers === undefined) config.runWorkers = 1;
  const app = await buildApp({
    store,
    ownsStore: opts.store === undefined,
    logger: opts.logRequests ? { level: 'info' } : false,
    config,
    ...(opts.plugins ? { plugins: opts.plugins } : {}),
  });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= app.close());
  const onSignal = async (signal: NodeJS.Signals) => {
    opts.say?.(`gep serve: ${signal}: finishing the run in progress, then stopping`);
    await close();
    (opts.exit ?? process.exit)(0);
  };
  for (const signal of opts.signals ?? []) process.once(signal, onSignal);
  app.addHook('onClose', async () => {
    for (const signal of opts.signals ?? []) process.off(signal, onSignal);
  });
  const address = await app.listen({ host: opts.host, port: opts.port });
  return { app, address, store, close };
}
