import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { Problem } from './problem.ts';
import type { Db } from './store/db.ts';
import { checkKey } from './store/keys.ts';

/**
 * What a route asks of its caller, declared on the route (`config: { auth: 'read' }`):
 * - open: nothing, ever (health, the API docs);
 * - read: an API key only when the server keys reads (GEP_KEYED_READS);
 * - key: always an API key (writes, the audit log).
 * A route that declares nothing is a read when its method reads (GET, HEAD, OPTIONS) and needs a key otherwise:
 * a new write is protected until it says otherwise.
 */
export type AuthLevel = 'open' | 'read' | 'key';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthLevel;
  }
  interface FastifyRequest {
    /** The id of the API key the request was made with (null: no key was asked for or given). */
    keyId: string | null;
  }
}

const CHALLENGE = { 'www-authenticate': 'Bearer realm="gep-ledger"' };
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

const defaultLevel = (method: string | string[]): AuthLevel => ([method].flat().every((m) => READS.has(m)) ? 'read' : 'key');
/** A request with no route (it will answer 404) has nothing to protect: it is a read. */
const levelOf = (req: FastifyRequest): AuthLevel =>
  req.routeOptions.url === undefined ? 'read' : (req.routeOptions.config.auth ?? defaultLevel(req.method));

const keyOf = (req: FastifyRequest): string | undefined => {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const x = req.headers['x-api-key'];
  return typeof x === 'string' ? x : undefined;
};

/**
 * Authentication as route configuration: one onRequest hook reads the route's `config.auth`, and the OpenAPI
 * document marks the keyed routes. Call before the routes are registered (and before @fastify/swagger, which
 * reads the schemas this adds to).
 */
export function useAuth(app: FastifyInstance, db: Db, keyedReads: boolean): void {
  app.decorateRequest('keyId', null);
  app.addHook('onRoute', (route: RouteOptions) => {
    if ((route.config?.auth ?? defaultLevel(route.method)) === 'key') route.schema = { ...route.schema, security: [{ apiKey: [] }] };
  });
  app.addHook('onRequest', async (req) => {
    const level = levelOf(req);
    if (level === 'open' || (level === 'read' && !keyedReads)) return;
    const key = keyOf(req);
    if (!key) {
      const detail = `${READS.has(req.method) ? 'reads' : 'writes'} need an API key (Authorization: Bearer <key>); create one with "gep keys create <name>"`;
      throw new Problem('api_key_missing', detail, [{ field: 'authorization', message: 'missing', code: 'api_key_missing' }], CHALLENGE);
    }
    const id = await checkKey(db, key);
    if (!id)
      throw new Problem(
        'api_key_invalid',
        undefined,
        [{ field: 'authorization', message: 'unknown or revoked key', code: 'api_key_invalid' }],
        CHALLENGE,
      );
    req.keyId = id;
  });
}

/** Mark every route registered in this context (and its children) open: for plugins whose routes we do not write. */
export function openRoutes(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    route.config = { ...route.config, auth: 'open' };
  });
}
