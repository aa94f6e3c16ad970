import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyPluginAsync,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ENGINE_VERSION } from '../engine/version.ts';
import { DEFAULTS } from '../models/defaults.ts';
import { recordRouteMethods } from './allowed-methods.ts';
import { openRoutes, useAuth } from './auth.ts';
import { Catalogue } from './catalogue.ts';
import { clientErrorHandler } from './client-error.ts';
import { configFromEnv, type ApiConfig } from './config.ts';
import type { Ctx } from './context.ts';
import { useUtf8Json } from './json-body.ts';
import { PageCache } from './page-cache.ts';
import { fastifyCode, Problem, sendProblem, toProblem } from './problem.ts';
import { auditRoutes } from './routes/audit.ts';
import { datasetRoutes } from './routes/datasets.ts';
import { modelRoutes } from './routes/models.ts';
import { reportRoutes } from './routes/reports.ts';
import { runRoutes } from './routes/runs.ts';
import { scenarioRoutes } from './routes/scenarios.ts';
import { runPool } from './jobs/pool.ts';
import { withStoreLock } from './jobs/store-lock.ts';
import { RunService } from './runs.ts';
import { cleanTempFolders } from './temp-folders.ts';
import { audit } from './store/audit.ts';
import { dataDir as defaultDataDir, type Store } from './store/db.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** What a write wrote (its id), for the audit log. */
    auditSubject: string | null;
  }
}

export type ZApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
export type { Ctx } from './context.ts';

export interface AppOptions {
  store: Store;
  dataDir?: string;
  config?: Partial<ApiConfig>;
  logger?: boolean | object;
  /** Close the store when the app closes (gep serve); tests keep theirs. */
  ownsStore?: boolean;
  now?: () => string;
  /** Route plugins registered after the API's, with its Ctx (gep serve passes the workbench, web/plugin.ts). */
  plugins?: FastifyPluginAsync<Ctx>[];
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The HTTP API: a thin layer over the engine and the store. It builds, and does not listen (api/server.ts
 * does); every route is usable with app.inject(). Each route group is a plugin (api/routes/*.ts); a route says
 * in its config what key it needs (api/auth.ts); errors are problem+json (api/problem.ts); closing finishes
 * or marks the run in progress.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const config = { ...configFromEnv(), ...opts.config };
  const now = opts.now ?? (() => new Date().toISOString());
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    requestTimeout: 120_000,
    connectionTimeout: 130_000,
    // closing answers 503 as problem+json (below), not Fastify's own body
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true },
    // Errors Fastify raises before a route runs (a malformed URL, an over-long parameter) are problems too.
    frameworkErrors: (error, req, reply) =>
      sendProblem(reply, req, new Problem(fastifyCode(error.statusCode ?? 400), error.message.replace(/^FST_\w+:?\s*/, ''))),
    clientErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const dataDir = opts.dataDir ?? defaultDataDir();
  // what killed servers left half-written (uploads being validated) goes before anything is written
  const removed = cleanTempFolders(dataDir);
  if (removed.length) app.log.info({ removed }, 'removed temporary folders of processes no longer running');
  const catalogue = new Catalogue(opts.store.db, dataDir);
  await withStoreLock(opts.store, () => catalogue.seed(now())); // several servers and workers may start at once
  // Accounting is CPU-bound: in worker threads the server keeps answering while a long run computes.
  const pool = config.runWorkers > 0 ? runPool(config.runWorkers) : undefined;
  pool?.run({ warm: DEFAULTS.gep.model }).catch((err) => app.log.error({ err }, 'run worker failed to start'));
  const runs = new RunService(opts.store.db, catalogue, config.cachedRuns, now, app.log, pool, { ...config, store: opts.store.kind });
  await runs.start(); // works jobs from the store (unless config.worker is off); never marks another server's run interrupted
  const ctx: Ctx = {
    store: opts.store,
    catalogue,
    runs,
    config,
    now,
    pages: new PageCache(config.pageCacheBytes, config.pageCacheCheckMs),
  };

  useUtf8Json(app);
  // Once closing, every request still arriving (on a kept-alive connection) is told to come back later.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async () => {
    if (closing) throw new Problem('shutting_down', undefined, [], { connection: 'close', 'retry-after': '5' });
  });
  useAuth(app, opts.store.db, config.keyedReads);
  // The audit log records successful writes: who (key id), what (method, path, subject), when.
  app.decorateRequest('auditSubject', null);
  app.addHook('onSend', async (req, reply) => {
    if (WRITES.has(req.method) && req.keyId && reply.statusCode < 300) {
      await audit(opts.store.db, {
        at: now(),
        key_id: req.keyId,
        method: req.method,
        path: req.url.split('?')[0]!,
        status: reply.statusCode,
        subject: req.auditSubject,
      });
    }
  });

  app.setErrorHandler((err, req, reply) => sendProblem(reply, req, toProblem(err, req.log)));
  const methodsOf = recordRouteMethods(app);
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    const allow = methodsOf(path);
    if (allow.length)
      return sendProblem(
        reply,
        req,
        new Problem('method_not_allowed', `${req.method} is not allowed on ${path} (it takes ${allow.join(', ')})`, [], {
          allow: allow.join(', '),
        }),
      );
    return sendProblem(reply, req, new Problem('not_found', `no route ${req.method} ${path}`));
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'gep-ledger API',
        version: ENGINE_VERSION,
        description:
          'GEP accounts over versioned coefficient models: models, datasets, runs, results, traces and reports. Writes need an API key (Bearer).',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  // the API's documentation is open to all: its routes are marked so in their own context
  await app.register(async (docs) => {
    openRoutes(docs);
    await docs.register(swaggerUi, { routePrefix: '/docs' });
  });

  const z = app.withTypeProvider<ZodTypeProvider>();
  z.get('/health', { config: { auth: 'open' }, schema: { summary: 'liveness and store check' } }, async () => {
    await opts.store.db.selectFrom('models').select('ref').limit(1).execute();
    return { status: 'ok', engine_version: ENGINE_VERSION, store: opts.store.kind };
  });
  for (const routes of [modelRoutes, datasetRoutes, runRoutes, reportRoutes, scenarioRoutes, auditRoutes]) await app.register(routes, ctx);
  // what the caller mounts beside the API (gep serve and the tests: the browser workbench, web/plugin.ts), each in
  // a context of its own; passed in, so that api/ never imports the layer above it
  for (const plugin of opts.plugins ?? []) await app.register(plugin, ctx);

  app.addHook('onClose', async () => {
    await runs.close(config.shutdownGraceMs);
    if (opts.ownsStore) await opts.store.close();
  });
  return app;
}
