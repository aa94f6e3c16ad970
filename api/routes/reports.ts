import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { compareRuns } from '../../lib/compare.ts';
import { renderReport, type ReportParts } from '../../reports/render.ts';
import { rowsCsv } from '../../reports/results-csv.ts';
import type { Ctx } from '../context.ts';
import type { RunService, RunParams } from '../runs.ts';
import { allResults } from '../store/runs.ts';
import { getScenario } from '../store/scenarios.ts';
import type { Db } from '../store/db.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';
import { doneRun } from './runs.ts';

export const REPORT_TYPES = {
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const;

/** A stored run's report parts; a scenario run is compared with its baseline (same model, dataset, years). */
export async function reportParts(runs: RunService, db: Db, id: string, params: RunParams): Promise<ReportParts> {
  const c = await runs.computed(id);
  const parts: ReportParts = {
    gep: c.gep,
    ...(c.dual ? { dual: c.dual } : {}),
    ...(c.carbon ? { carbon: c.carbon } : {}),
    ...(c.uncertainty ? { uncertainty: c.uncertainty } : {}),
  };
  if (params.scenario) {
    const { scenario: _s, ...base } = params;
    const baseline = await runs.compute({ ...base, kind: 'gep', trace: false });
    parts.comparison = compareRuns([baseline.gep, c.gep]);
    const stored = await getScenario(db, params.scenario);
    if (stored) parts.scenario = stored.scenario as Scenario;
  }
  return parts;
}

/** GET /runs/:id/report.{html,xlsx,csv,json}?lang=zh|en — the CSV is the stored rows; the others render the run. */
export const reportRoutes: FastifyPluginAsyncZod<Ctx> = async (app, ctx) => {
  app.get(
    '/runs/:id/report.:format',
    {
      config: { auth: 'read' },
      schema: {
        summary:
          "a run's report: html (charts, tables, appendix), xlsx (summary, detail, coefficients, provenance, scenarios, finance), csv (long rows), json",
        params: z.object({ id: z.string(), format: z.enum(['html', 'xlsx', 'csv', 'json']) }),
        querystring: z.object({ lang: z.enum(['zh', 'en']).default('en') }).strict(),
      },
    },
    async (req, reply) => {
      const r = await doneRun(ctx, req.params.id);
      const { format } = req.params;
      const body =
        format === 'csv'
          ? rowsCsv(await allResults(ctx.store.db, r.id))
          : await renderReport(format, await reportParts(ctx.runs, ctx.store.db, r.id, JSON.parse(r.params) as RunParams), req.query.lang);
      return reply
        .type(REPORT_TYPES[format])
        .header('content-disposition', `attachment; filename="gep-${r.id}-${req.query.lang}.${format}"`)
        .send(body);
    },
  );
};
