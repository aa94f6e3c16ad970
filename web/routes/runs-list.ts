import type { FastifyPluginAsync } from 'fastify';
import type { Ctx } from '../../api/context.ts';
import { notFound } from '../../api/problem.ts';
import { listDatasets } from '../../api/store/datasets.ts';
import { getRun, listRuns } from '../../api/store/runs.ts';
import { listScenarios } from '../../api/store/scenarios.ts';
import { scenarioName } from '../../reports/names.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';
import { esc } from '../html.ts';
import { type Lang, langOf, sayer } from '../i18n.ts';
import { page } from '../layout.ts';
import { DATA_LABELS } from '../labels/data.ts';
import { datasetName } from '../views/dataset-list.ts';
import { keyedLoad, statusText } from '../views/run-common.ts';
import { downloadLinks, type RunNames, runsTable } from '../views/run-list.ts';

/** Names for a list of runs: datasets by their manifest's name, models by their title, scenarios by their label. */
export async function runNames(ctx: Ctx, lang: Lang): Promise<RunNames> {
  const datasets = new Map((await listDatasets(ctx.store.db, 1000)).map((d) => [d.id, datasetName(d, lang)]));
  // a run names its scenario by the scenario's own id; the newest stored under that id gives its label
  const scenarios = new Map<string, string>();
  for (const s of await listScenarios(ctx.store.db, 1000))
    if (!scenarios.has(s.name)) scenarios.set(s.name, scenarioName(s.scenario as Scenario, lang));
  return {
    dataset: (id) => datasets.get(id) ?? id,
    scenario: (id) => scenarios.get(id) ?? id,
    model: (ref) => {
      try {
        return `${ctx.catalogue.model(ref).title[lang]} ${ref.split('@')[1] ?? ''}`.trim();
      } catch {
        return ref;
      }
    },
  };
}

/** GET /ui/runs (the page), GET /ui/runs/list (the stored runs, newest first), GET /ui/runs/:id/downloads. */
export const runsListPages: FastifyPluginAsync<Ctx> = async (app, ctx) => {
  app.get('/ui/runs', { config: { auth: 'open' } }, async (req, reply) => {
    const lang = langOf(req);
    const L = sayer(DATA_LABELS, lang);
    return reply
      .type('text/html; charset=utf-8')
      .send(page({ lang, title: L('runs_title'), active: 'runs', body: keyedLoad('/ui/runs/list', lang, 'run-list'), path: '/ui/runs' }));
  });

  app.get<{ Querystring: { limit?: string } }>('/ui/runs/list', { config: { auth: 'read' } }, async (req, reply) => {
    const lang = langOf(req);
    const limit = Math.min(Math.max(Number.parseInt(req.query.limit ?? '', 10) || 100, 1), 500);
    const rows = await listRuns(ctx.store.db, limit, 0);
    return reply.type('text/html; charset=utf-8').send(runsTable(rows, await runNames(ctx, lang), lang));
  });

  app.get<{ Params: { id: string } }>('/ui/runs/:id/downloads', { config: { auth: 'read' } }, async (req, reply) => {
    const lang = langOf(req);
    const r = await getRun(ctx.store.db, req.params.id);
    if (!r) throw notFound(`run "${req.params.id}"`, 'id');
    const html =
      r.status === 'done'
        ? downloadLinks(r.id, lang)
        : `<section class="downloads"><h2>${esc(DATA_LABELS.downloads_title[lang])}</h2><p>${statusText(r.status, lang)}</p></section>`;
    return reply.type('text/html; charset=utf-8').send(html);
  });
};
