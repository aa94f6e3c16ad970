import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Ctx } from '../../api/context.ts';
import { badField } from '../../api/problem.ts';
import { doneRun } from '../../api/routes/runs.ts';
import type { RunParams } from '../../api/runs.ts';
import { traceNodes } from '../../api/store/runs.ts';
import type { TraceNode } from '../../engine/eval/trace.ts';
import { regionName as nameOf } from '../../reports/names.ts';
import { langOf, sayer } from '../i18n.ts';
import { RESULTS_LABELS } from '../labels/results.ts';
import { type ExplainCtx, explainNote, explainPanel, withTotals } from '../views/explain-panel.ts';

const Query = z.object({
  region: z.string().min(1).max(200).optional(),
  year: z.coerce.number().int().min(1900).max(2200).optional(),
  indicator: z.string().min(1).max(200),
  /** the indicators drilled through to get here, comma-separated: the panel's breadcrumb back */
  trail: z.string().max(2000).optional(),
  lang: z.enum(['zh', 'en']).optional(),
});

/**
 * GET /ui/runs/:id/explain?region=&year=&indicator=[&trail=] (auth read) — the explanation panel of one figure,
 * from the run's stored trace (as GET /runs/:id/trace reads it): formula, value and unit, inputs, coefficients
 * with their sources, and the indicators it reads as buttons that drill down. The GEP total and the category
 * subtotals are explained as the sums of what they add up; carbon figures from the carbon trace of their year.
 */
export const explainRoutes: FastifyPluginAsync<Ctx> = async (app, ctx) => {
  app.get<{ Params: { id: string } }>('/ui/runs/:id/explain', { config: { auth: 'read' } }, async (req, reply) => {
    const lang = langOf(req);
    const L = sayer(RESULTS_LABELS, lang);
    const parsed = Query.safeParse(req.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw badField(String(issue.path[0] ?? 'query'), issue.message);
    }
    const q = parsed.data;
    reply.type('text/html; charset=utf-8');
    const row = await doneRun(ctx, req.params.id);
    const params = JSON.parse(row.params) as RunParams;
    if (!params.trace) return explainNote(lang, L('no_trace'), true);
    const region = q.region ?? (params.regions.length === 1 ? params.regions[0] : undefined);
    if (region === undefined || !params.regions.includes(region))
      throw badField('region', `give one of the run's regions: ${params.regions.join(', ')}`);
    const year = q.year ?? params.years.at(-1)!;
    const model = ctx.catalogue.model(params.model);
    const { dataset } = await ctx.catalogue.dataset(params.dataset, model);
    const regionName = nameOf(dataset.manifest.regions, region, lang);
    const nodes = withTotals((await traceNodes(ctx.store.db, row.id, region, year)) as Map<string, TraceNode>, model, lang);
    const id = nodes.has(q.indicator) ? q.indicator : nodes.has(`${q.indicator}.money`) ? `${q.indicator}.money` : undefined;
    if (!id) return explainNote(lang, L('no_node', { indicator: q.indicator, region: regionName, year }), true);
    const trail = (q.trail ?? '')
      .split(',')
      .filter((t) => t && nodes.has(t))
      .slice(-12);
    const c: ExplainCtx = {
      runId: row.id,
      lang,
      region,
      year,
      regionName,
      model,
      files: dataset.manifest.files as Record<string, string | undefined>,
    };
    return explainPanel(c, nodes, id, trail);
  });
};
