import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ENGINE_VERSION } from '../engine/version.ts';
import { DEFAULTS } from '../models/defaults.ts';
import { Catalogue } from './catalogue.ts';
import { configFromEnv, type ApiConfig } from './config.ts';
import { Problem, sendProblem, toProblem } from './problem.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerDatasetRoutes } from './routes/datasets.ts';
import { registerModelRoutes } from './routes/models.ts';
import { registerReportRoutes } from './routes/reports.ts';
import { registerRunRoutes } from './routes/runs.ts';
import { registerScenarioRoutes } from './routes/scenarios.ts';
import { RunService } from './runs.ts';
import { audit } from './store/audit.ts';
import { dataDir as defaultDataDir, type Store } from './store/db.ts';
import { checkKey } from './store/keys.ts';

declare module 'fastify' {
  interface FastifyRequest {
    keyId: string | null;
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
export interface Ctx {
  store: Store;
  catalogue: Catalogue;
  runs: RunService;
  config: ApiConfig;
  now: () => string;
}

export interface AppOptions {
  store: Store;
  dataDir?: string;
  config?: Partial<ApiConfig>;
  logger?: boolean | object;
  /** Close the store when the app closes (gep serve); tests keep theirs. */
  ownsStore?: boolean;
  now?: () => string;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The HTTP API: a thin layer over the engine and the store. Every route is usable with app.inject();
 * `gep serve` listens with it. Writes need an API key; errors are problem+json; shutdown finishes or
 * marks the run in progress.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const config = { ...configFromEnv(), ...opts.config };
  const now = opts.now ?? (() => new Date().toISOString());
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    requestTimeout: 120_000,
    connectionTimeout: 130_000,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    // Errors Fastify raises before a route runs (a malformed URL, an over-long parameter) are problems too.
    frameworkErrors: (error, req, reply) =>
      sendProblem(
        reply,
        req,
        new Problem(
          error.statusCode ?? 400,
          (error.statusCode ?? 400) === 414 ? 'URI too long' : 'Bad request',
          error.message.replace(/^FST_\w+:?\s*/, ''),
        ),
      ),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const catalogue = new Catalogue(opts.store.db, opts.dataDir ?? defaultDataDir());
  await catalogue.seed(now());
  // Accounting is CPU-bound: in worker threads the server keeps answering while a long run computes.
  const pool =
    config.runWorkers > 0
      ? new Piscina({
          filename: fileURLToPath(new URL('./run-worker.ts', import.meta.url)),
          minThreads: config.runWorkers,
          maxThreads: config.runWorkers,
          execArgv: ['--import', 'tsx'],
        })
      : undefined;
  pool?.run({ warm: DEFAULTS.gep.model }).catch((err) => app.log.error({ err }, 'run worker failed to start'));
  const runs = new RunService(opts.store.db, catalogue, config.cachedRuns, now, app.log, pool);
  if (opts.store.kind === 'sqlite') await runs.recoverOrphans();
  const ctx: Ctx = { store: opts.store, catalogue, runs, config, now };

  // JSON bodies must be UTF-8 (RFC 8259): refuse other bytes instead of decoding them into U+FFFD.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      return done(
        new Problem(400, 'Bad request', 'the body is not UTF-8 text', [
          { field: 'body', message: 'not UTF-8: send text files as UTF-8 or base64-encode them (encoding: "base64")' },
        ]),
        undefined,
      );
    }
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(
        new Problem(400, 'Bad request', `the body is not valid JSON: ${(e as Error).message}`, [
          { field: 'body', message: 'not valid JSON' },
        ]),
        undefined,
      );
    }
  });

  app.decorateRequest('keyId', null);
  app.decorateRequest('auditSubject', null);
  app.addHook('onRequest', async (req) => {
    const url = req.url.split('?')[0]!;
    const open = url === '/health' || url.startsWith('/docs');
    const keyed = WRITES.has(req.method) || url === '/audit' || (config.keyedReads && !open);
    if (!keyed) return;
    const header = req.headers.authorization;
    const key = header?.startsWith('Bearer ') ? header.slice(7).trim() : (req.headers['x-api-key'] as string | undefined);
    const challenge = { 'www-authenticate': 'Bearer realm="gep-ledger"' };
    if (!key)
      throw new Problem(
        401,
        'Unauthorized',
        `${WRITES.has(req.method) ? 'writes' : 'reads'} need an API key (Authorization: Bearer <key>); create one with "gep keys create <name>"`,
        [{ field: 'authorization', message: 'missing' }],
        challenge,
      );
    const id = await checkKey(opts.store.db, key);
    if (!id)
      throw new Problem(
        401,
        'Unauthorized',
        'the API key is unknown or revoked',
        [{ field: 'authorization', message: 'unknown or revoked key' }],
        challenge,
      );
    req.keyId = id;
  });
  // The audit log records successful writes: who (key id), what (method, path, subject), when.
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
  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, req, new Problem(404, 'Not found', `no route ${req.method} ${req.url.split('?')[0]}`)),
  );

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
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const z = app.withTypeProvider<ZodTypeProvider>();
  z.get('/health', { schema: { summary: 'liveness and store check' } }, async () => {
    await opts.store.db.selectFrom('models').select('ref').limit(1).execute();
    return { status: 'ok', engine_version: ENGINE_VERSION, store: opts.store.kind };
  });
  registerModelRoutes(z, ctx);
  registerDatasetRoutes(z, ctx);
  registerRunRoutes(z, ctx);
  registerReportRoutes(z, ctx);
  registerScenarioRoutes(z, ctx);
  registerAuditRoutes(z, ctx);

  app.addHook('onClose', async () => {
    await runs.close(config.shutdownGraceMs);
    if (opts.ownsStore) await opts.store.close();
  });
  return app;
}
