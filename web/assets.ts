import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import { notFound } from '../api/problem.ts';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

/**
 * The only files the workbench loads, each from an installed package or from web/static: nothing is fetched
 * from the internet and nothing is built at install time. A name not listed here is a 404.
 */
const ASSETS: Record<string, { file: () => string; type: string }> = {
  'htmx.min.js': { file: () => require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
  'echarts.min.js': { file: () => require.resolve('echarts/dist/echarts.min.js'), type: 'text/javascript; charset=utf-8' },
  'app.js': { file: () => join(here, 'static', 'app.js'), type: 'text/javascript; charset=utf-8' },
  'app.css': { file: () => join(here, 'static', 'app.css'), type: 'text/css; charset=utf-8' },
};
export const ASSET_NAMES = Object.keys(ASSETS);

/** GET /assets/:name — read once per process, served with a day's cache. */
export const assetRoutes: FastifyPluginAsync = async (app) => {
  const cache = new Map<string, Buffer>();
  app.get<{ Params: { name: string } }>('/assets/:name', { config: { auth: 'open' } }, async (req, reply) => {
    const a = Object.hasOwn(ASSETS, req.params.name) ? ASSETS[req.params.name] : undefined;
    if (!a) throw notFound(`asset "${req.params.name}"`);
    let body = cache.get(req.params.name);
    if (!body) cache.set(req.params.name, (body = readFileSync(a.file())));
    return reply.type(a.type).header('cache-control', 'public, max-age=86400').send(body);
  });
};
