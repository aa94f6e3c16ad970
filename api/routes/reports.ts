import { z } from 'zod';
import { htmlReport } from '../../reports/html.ts';
import { resultJson } from '../../reports/result-json.ts';
import { rowsCsv } from '../../reports/results-csv.ts';
import { xlsxReport } from '../../reports/xlsx.ts';
import type { Ctx, ZApp } from '../app.ts';
import { allResults } from '../store/runs.ts';
import { doneRun } from './runs.ts';

const TYPES = {
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const;

/** GET /runs/:id/report.{html,xlsx,csv,json}?lang=zh|en — the CSV comes from the stored rows, the others from the run. */
export function registerReportRoutes(app: ZApp, ctx: Ctx): void {
  app.get('/runs/:id/report.:format', {
    schema: {
      summary: 'a run\'s report: html (charts, tables, appendix), xlsx (summary, detail, coefficients, provenance, finance), csv (long rows), json',
      params: z.object({ id: z.string(), format: z.enum(['html', 'xlsx', 'csv', 'json']) }),
      querystring: z.object({ lang: z.enum(['zh', 'en']).default('en') }).strict(),
    },
  }, async (req, reply) => {
    const r = await doneRun(ctx, req.params.id);
    const { format } = req.params;
    let body: string | Buffer;
    if (format === 'csv') body = rowsCsv(await allResults(ctx.store.db, r.id));
    else {
      const run = await ctx.runs.accountRun(r.id);
      body = format === 'json' ? resultJson(run) : format === 'html' ? htmlReport(run, req.query.lang) : await xlsxReport(run, req.query.lang);
    }
    return reply.type(TYPES[format]).header('content-disposition', `attachment; filename="gep-${r.id}-${req.query.lang}.${format}"`).send(body);
  });
}
