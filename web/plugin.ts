import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../api/context.ts';
import { sendProblem, toProblem } from '../api/problem.ts';
import { assetRoutes } from './assets.ts';
import { langOf } from './i18n.ts';
import { explainRoutes } from './routes/explain.ts';
import { homeRoutes } from './routes/home.ts';
import { datasetPages } from './routes/datasets.ts';
import { runPages } from './routes/run.ts';
import { runsListPages } from './routes/runs-list.ts';
import { resultsRoutes } from './routes/results.ts';
import { problemBox } from './problems.ts';

/**
 * What a workbench page may load: only this server. connect-src 'self' also keeps every fetch on the machine;
 * inline styles are allowed for the SVG charts the report sections embed.
 */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** Requests htmx makes (it sets HX-Request): their errors are HTML fragments, not problem+json. */
const isHtmx = (req: FastifyRequest) => req.headers['hx-request'] === 'true';

/**
 * The browser workbench at / and /ui/*: server-rendered pages and htmx fragments over the same services as
 * the JSON API (ctx), never over HTTP to itself. Mounted beside the API by gep serve and the tests (AppOptions.plugins), in a context of its own, so that
 * its body parsers (forms, multipart uploads) and its HTML error pages do not touch the JSON API.
 * Each page group is one plugin in web/routes/; add it to the list below.
 */
export const webRoutes: FastifyPluginAsync<Ctx> = async (app, ctx) => {
  // the workbench's pages and fragments are not the API: left out of its OpenAPI document (/docs)
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  await app.register(multipart, {
    limits: { fileSize: ctx.config.uploadLimit, files: 200, fields: 200, parts: 400 },
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'same-origin');
    }
    return payload;
  });
  // A failing fragment answers with an HTML box htmx swaps in (web/layout.ts lets 4xx swap), its status kept.
  app.setErrorHandler((err, req: FastifyRequest, reply: FastifyReply) => {
    const p = toProblem(err, req.log);
    if (!isHtmx(req)) return sendProblem(reply, req, p); // a plain navigation: the API's problem+json
    for (const [k, v] of Object.entries(p.headers)) reply.header(k, v);
    return reply
      .code(p.status)
      .type('text/html; charset=utf-8')
      .send(problemBox(p, langOf(req)));
  });
  await app.register(assetRoutes);
  for (const routes of [homeRoutes, datasetPages, runPages, runsListPages, resultsRoutes, explainRoutes]) await app.register(routes, ctx);
};
