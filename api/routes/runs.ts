import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { explain } from '../../engine/eval/explain.ts';
import type { TraceNode } from '../../engine/eval/trace.ts';
import type { Ctx } from '../context.ts';
import { isIssueCode } from '../../engine/core/issue-codes.ts';
import { sendPage } from '../page-cache.ts';
import { badField, type FieldError, notFound, Problem } from '../problem.ts';
import { RunRequest, type RunParams } from '../runs.ts';
import { getRun, listRuns, queryResults, type RunHead, runHead, traceNodes } from '../store/runs.ts';
import type { RunTable } from '../store/schema.ts';

const year = z.coerce.number().int().min(1900).max(2200);
/** The filters of a result page, in the order its cache key lists them. */
const FILTER_FIELDS = ['indicator', 'region', 'year', 'level', 'basis'] as const;

export function runView(r: RunTable) {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    engine_version: r.engine_version,
    model: r.model,
    model_hash: r.model_hash,
    dataset: { id: r.dataset_id, hash: r.dataset_hash },
    scenario: r.scenario,
    scenario_hash: r.scenario_hash,
    params: JSON.parse(r.params) as RunParams,
    meta: r.meta ? JSON.parse(r.meta) : null,
    error: r.error ? JSON.parse(r.error) : null,
    rows: r.row_count,
    created_at: r.created_at,
    started_at: r.started_at,
    finished_at: r.finished_at,
    duration_ms: r.duration_ms,
    links: {
      self: `/runs/${r.id}`,
      results: `/runs/${r.id}/results`,
      trace: `/runs/${r.id}/trace`,
      report: {
        html: `/runs/${r.id}/report.html`,
        xlsx: `/runs/${r.id}/report.xlsx`,
        csv: `/runs/${r.id}/report.csv`,
        json: `/runs/${r.id}/report.json`,
      },
    },
  };
}

/** The problem a failed run stored (api/runs.ts), when it has a registered code. */
function storedProblem(error: string): Problem | undefined {
  const e = JSON.parse(error) as { code?: string; detail?: string; errors?: FieldError[] };
  return e.code && isIssueCode(e.code) ? new Problem(e.code, e.detail, e.errors ?? []) : undefined;
}

/** The run, or the problem: not stored (404), or not done yet (409, poll it). */
function mustBeDone<R extends Pick<RunTable, 'status'>>(id: string, r: R | undefined): R {
  if (!r) throw notFound(`run "${id}"`, 'id');
  if (r.status !== 'done')
    throw new Problem(
      'run_not_done',
      `run ${id} is ${r.status}${r.status === 'queued' || r.status === 'running' ? ': poll /runs/' + id : ''}`,
    );
  return r;
}

export async function doneRun(ctx: Ctx, id: string): Promise<RunTable> {
  const r = await getRun(ctx.store.db, id);
  if (r?.status !== 'done') ctx.pages.invalidate(id); // deleted, or being computed again: its cached pages go
  return mustBeDone(id, r);
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * A done run's id, status, row count and time stored only (a prepared statement: what a result page needs). A run
 * not stored or not done has no pages in the cache any more (it was deleted, or is being computed again).
 */
async function cachedRunHead(ctx: Ctx, id: string): Promise<RunHead> {
  const head = await runHead(ctx.store.db, id);
  if (head?.status !== 'done') ctx.pages.invalidate(id);
  return mustBeDone(id, head);
}

export const runRoutes: FastifyPluginAsyncZod<Ctx> = async (app, ctx) => {
  const { runs, store, config } = ctx;

  app.post(
    '/runs',
    {
      config: { auth: 'key' },
      schema: {
        summary: 'account a dataset under a model; 201 when it finishes within a few seconds, else 202 and poll GET /runs/:id',
        body: RunRequest,
      },
    },
    async (req, reply) => {
      const { id, created, done, row: stored } = await runs.submit(req.body);
      req.auditSubject = id;
      const finished = await runs.settled(done, config.syncWaitMs);
      const row = stored ?? (await getRun(store.db, id))!; // a stored run found done is answered as submit read it
      reply.header('location', `/runs/${id}`);
      if (!finished) return reply.code(202).send(runView(row));
      // a run refused by what it was given (say, dual control without its base year) answers as the refusal it is
      const refusal = row.status === 'failed' && row.error ? storedProblem(row.error) : undefined;
      if (refusal && refusal.status < 500) throw refusal;
      return reply.code(created ? 201 : 200).send(runView(row));
    },
  );

  app.get(
    '/runs',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'runs, newest first',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
    },
    async (req) => ({
      items: (await listRuns(store.db, req.query.limit, req.query.offset)).map(runView),
      limit: req.query.limit,
      offset: req.query.offset,
    }),
  );

  app.get(
    '/runs/:id',
    { config: { auth: 'read' }, schema: { summary: 'a run: status, identity, timings, links', params: z.object({ id: z.string() }) } },
    async (req) => {
      const r = await getRun(store.db, req.params.id);
      if (!r) throw notFound(`run "${req.params.id}"`, 'id');
      return runView(r);
    },
  );

  app.get(
    '/runs/:id/results',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'the long result rows (decimals as exact strings), filtered and paginated',
        params: z.object({ id: z.string() }),
        querystring: z
          .object({
            indicator: z.string().optional(),
            region: z.string().optional(),
            year: year.optional(),
            level: z.string().optional(),
            basis: z.enum(['current', 'constant']).optional(),
            limit: z.coerce.number().int().min(1).max(5000).default(100),
            offset: z.coerce.number().int().min(0).default(0),
          })
          .strict(),
      },
    },
    async (req, reply) => {
      const { limit, offset, ...filter } = req.query;
      // the page as the query asked for it, normalised (defaults filled in, fields in one order): equal asks share it
      const what = `results${JSON.stringify([...FILTER_FIELDS.map((k) => filter[k] ?? null), limit, offset])}`;
      const fresh = ctx.pages.fresh(req.params.id, what);
      if (fresh) return sendPage(req, reply, fresh, JSON_TYPE);
      const r = await cachedRunHead(ctx, req.params.id);
      const page = await ctx.pages.page(r, what, async () => {
        const { total, rows } = await queryResults(store.db, r.id, filter, limit, offset, r);
        const next =
          offset + rows.length < total
            ? `/runs/${r.id}/results?${new URLSearchParams({
                ...Object.fromEntries(
                  Object.entries(filter)
                    .filter(([, v]) => v !== undefined)
                    .map(([k, v]) => [k, String(v)]),
                ),
                limit: String(limit),
                offset: String(offset + limit),
              })}`
            : null;
        // the bytes Fastify's serializer made of this object (JSON.stringify: the route has no response schema)
        return JSON.stringify({ run: r.id, total, limit, offset, next, items: rows });
      });
      return sendPage(req, reply, page, JSON_TYPE);
    },
  );

  app.get(
    '/runs/:id/trace',
    {
      config: { auth: 'read' },
      schema: {
        summary: 'how one value was computed: the trace node, the nodes it reads (recursively) and the explanation as text',
        params: z.object({ id: z.string() }),
        querystring: z.object({ indicator: z.string().min(1), region: z.string().optional(), year: year.optional() }).strict(),
      },
    },
    async (req) => {
      const r = await doneRun(ctx, req.params.id);
      const params = JSON.parse(r.params) as RunParams;
      if (!params.trace) throw new Problem('trace_not_kept', `run ${r.id} was made without traces (trace: false)`);
      const region = req.query.region ?? (params.regions.length === 1 ? params.regions[0]! : undefined);
      const y = req.query.year ?? (params.years.length === 1 ? params.years[0]! : undefined);
      if (region === undefined) throw badField('region', `the run has several regions: give one of ${params.regions.join(', ')}`);
      if (y === undefined) throw badField('year', `the run has several years: give one of ${params.years.join(', ')}`);
      if (!params.regions.includes(region))
        throw badField('region', `region "${region}" is not in the run (${params.regions.join(', ')})`, 'not_found');
      const nodes = (await traceNodes(store.db, r.id, region, y)) as Map<string, TraceNode>;
      // a carbon run also has traces for the carbon years outside the GEP years
      if (!nodes.size) throw badField('year', `the run has no traces for ${y} (GEP years: ${params.years.join(', ')})`, 'not_found');
      const id = nodes.has(req.query.indicator) ? req.query.indicator : `${req.query.indicator}.money`;
      const node = nodes.get(id);
      if (!node)
        throw badField(
          'indicator',
          `no trace for "${req.query.indicator}" (services are traced as <service>.physical, <service>.money and their parts)`,
          'not_found',
        );
      const chain: Record<string, TraceNode> = {};
      const walk = (n: TraceNode) => {
        for (const read of n.reads) {
          const child = read.kind === 'indicator' ? nodes.get(read.name) : undefined;
          if (child && !chain[child.id]) {
            chain[child.id] = child;
            walk(child);
          }
        }
      };
      walk(node);
      return { run: r.id, region, year: y, price_basis: 'current', indicator: id, node, reads: chain, explain: explain(nodes, id) };
    },
  );
};
