import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { renderReport, type ReportDoc } from '../../reports/render.ts';
import { rowsCsv } from '../../reports/results-csv.ts';
import type { Ctx } from '../context.ts';
import { sendPage } from '../page-cache.ts';
import type { RunService, RunParams } from '../runs.ts';
import { allResults } from '../store/runs.ts';
import type { Db } from '../store/db.ts';
import { doneRun } from './runs.ts';

export const REPORT_TYPES = {
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const;

/** A stored run's report (RunService.report: its runs' parts, and a scenario run's comparison with its baseline). */
export async function reportParts(runs: RunService, _db: Db, id: string, params: RunParams): Promise<ReportDoc> {
  return runs.report(id, params);
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
      const { id, format } = req.params;
      // on the report only: a refusal (unknown run, not done) is a problem to read, not a file to save
      const attachment = () => reply.header('content-disposition', `attachment; filename="gep-${id}-${req.query.lang}.${format}"`);
      // the CSV is the stored rows: its bytes are fixed, served from the page cache with the result pages
      const fresh = format === 'csv' ? ctx.pages.fresh(id, 'report.csv') : undefined;
      if (fresh) return sendPage(req, attachment(), fresh, REPORT_TYPES.csv);
      const r = await doneRun(ctx, id);
      if (format === 'csv') {
        const page = await ctx.pages.page(r, 'report.csv', async () => rowsCsv(await allResults(ctx.store.db, r.id)));
        return sendPage(req, attachment(), page, REPORT_TYPES.csv);
      }
      const body = await renderReport(
        format,
        await reportParts(ctx.runs, ctx.store.db, r.id, JSON.parse(r.params) as RunParams),
        req.query.lang,
      );
      return attachment().type(REPORT_TYPES[format]).send(body);
    },
  );
};
