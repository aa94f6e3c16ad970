import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deltaRows } from '../../lib/compare.ts';
import { compareStored } from '../compare.ts';
import { renderCompare } from '../../reports/compare-report.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../problem.ts';
import { getScenario } from '../store/scenarios.ts';
import { saveScenario } from '../scenario-save.ts';
import { REPORT_TYPES } from './reports.ts';

/**
 * POST /scenarios stores a scenario (engine/scenario/schema.ts) after checking it against its model and a
 * stored dataset (base.dataset is a dataset's manifest id, e.g. tianfu-sample); POST /runs then runs it by
 * id. POST /compare gives the Δ of every indicator of stored runs against the first.
 */
export const scenarioRoutes: FastifyPluginAsyncZod<Ctx> = async (app, ctx) => {
  const { store, catalogue } = ctx;

  app.post(
    '/scenarios',
    {
      config: { auth: 'key' },
      schema: {
        summary: 'store a scenario (base model@version and dataset, overrides, uncertainty); checked against its model and dataset',
        body: z.record(z.string(), z.unknown()),
      },
    },
    async (req, reply) => {
      const { id, created, stored } = await saveScenario(ctx, req.body);
      req.auditSubject = id;
      return reply
        .code(created ? 201 : 200)
        .header('location', `/scenarios/${id}`)
        .send(stored);
    },
  );

  app.get(
    '/scenarios/:id',
    {
      config: { auth: 'read' },
      schema: { summary: 'a stored scenario (by id, or the latest with that scenario id)', params: z.object({ id: z.string() }) },
    },
    async (req) => {
      const s = await getScenario(store.db, req.params.id);
      if (!s) throw notFound(`scenario "${req.params.id}"`, 'id');
      return s;
    },
  );

  app.post(
    '/compare',
    {
      config: { auth: 'key' },
      schema: {
        summary: 'Δ of every indicator (physical and money) of two or more stored runs against the first; json, csv, html or xlsx',
        body: z
          .object({
            runs: z.array(z.string().min(1)).min(2),
            format: z.enum(['json', 'csv', 'html', 'xlsx']).default('json'),
            lang: z.enum(['zh', 'en']).default('en'),
          })
          .strict(),
      },
    },
    async (req, reply) => {
      const { sets, labels, lines } = await compareStored(store.db, req.body.runs);
      const label = (n: number) => labels[n]!;
      const rows = deltaRows(lines);
      req.auditSubject = req.body.runs.join(',');
      const { format, lang } = req.body;
      if (format === 'json')
        return {
          reference: { run: sets[0]!.run.id, scenario: label(0) },
          runs: sets.map((s, n) => ({ run: s.run.id, scenario: label(n) })),
          total: rows.length,
          items: rows,
        };
      const body = await renderCompare(format, catalogue.model(sets[0]!.run.model), lines, lang);
      return reply
        .type(REPORT_TYPES[format])
        .header('content-disposition', `attachment; filename="gep-compare-${lang}.${format}"`)
        .send(body);
    },
  );
};
