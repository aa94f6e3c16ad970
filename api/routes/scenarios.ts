import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IssuesError } from '../../engine/core/errors.ts';
import { compareLines, deltaRows } from '../../lib/compare.ts';
import { loadScenario, prepareScenario, scenarioHash } from '../../lib/scenario.ts';
import { renderCompare } from '../../reports/compare-report.ts';
import type { Ctx } from '../context.ts';
import { notFound, Problem } from '../problem.ts';
import { getScenario, insertScenario } from '../store/scenarios.ts';
import { allResults, getRun } from '../store/runs.ts';
import { REPORT_TYPES } from './reports.ts';
import type { RunTable } from '../store/schema.ts';
import type { ResultRow } from '../../reports/results-csv.ts';

/**
 * POST /scenarios stores a scenario (engine/scenario/schema.ts) after checking it against its model and a
 * stored dataset (base.dataset is a dataset's manifest id, e.g. tianfu-sample); POST /runs then runs it by
 * id. POST /compare gives the Δ of every indicator of stored runs against the first.
 */
export const scenarioRoutes: FastifyPluginAsyncZod<Ctx> = async (app, ctx) => {
  const { store, catalogue, now } = ctx;

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
      const scenario = loadScenario(req.body); // every schema problem at once, with its path
      const model = catalogue.model(scenario.base.model);
      const { dataset } = await catalogue.dataset(scenario.base.dataset, model).catch((e) => {
        if (e instanceof Problem && e.code === 'not_found')
          throw new IssuesError('scenario', [
            {
              code: 'dataset_unknown',
              path: 'base.dataset',
              message: `no stored dataset "${scenario.base.dataset}" (upload it with POST /datasets)`,
            },
          ]);
        throw e;
      });
      prepareScenario(scenario, { loaded: { model, dataset } }); // the overrides must apply to the model and the data
      const hash = scenarioHash(scenario);
      const id = `${scenario.id}-${hash.slice(0, 12)}`;
      const { created } = await insertScenario(store.db, { id, hash, name: scenario.id, body: scenario }, now());
      req.auditSubject = id;
      return reply
        .code(created ? 201 : 200)
        .header('location', `/scenarios/${id}`)
        .send(await getScenario(store.db, id));
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
      const sets: { run: RunTable; rows: ResultRow[] }[] = [];
      for (const [n, id] of req.body.runs.entries()) {
        const r = await getRun(store.db, id);
        if (!r)
          throw new Problem('not_found', `run "${id}" does not exist`, [{ field: `runs.${n}`, message: 'no such run', code: 'not_found' }]);
        if (r.status !== 'done')
          throw new Problem('run_not_done', `run ${id} is ${r.status}`, [{ field: `runs.${n}`, message: r.status, code: 'run_not_done' }]);
        sets.push({ run: r, rows: await allResults(store.db, id) });
      }
      // Runs of one scenario (say, two baselines over different years) are told apart by their run id.
      const names = sets.map((s) => s.run.scenario);
      const label = (n: number) => (names.filter((x) => x === names[n]).length > 1 ? `${names[n]}@${sets[n]!.run.id}` : names[n]!);
      const lines = compareLines(sets.map((s, n) => ({ scenario: label(n), rows: s.rows.filter((r) => !r.level.startsWith('delta_')) })));
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
