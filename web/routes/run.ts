import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Ctx } from '../../api/context.ts';
import { isIssueCode } from '../../engine/core/issue-codes.ts';
import type { CompiledModel } from '../../engine/model/types.ts';
import { type FieldError, notFound, Problem } from '../../api/problem.ts';
import { RunRequest } from '../../api/runs.ts';
import { getDataset, listDatasets } from '../../api/store/datasets.ts';
import { getRun } from '../../api/store/runs.ts';
import { DEFAULTS } from '../../models/defaults.ts';
import { esc } from '../html.ts';
import { type Lang, langOf, sayer } from '../i18n.ts';
import { page } from '../layout.ts';
import { DATA_LABELS } from '../labels/data.ts';
import { problemBox } from '../problems.ts';
import { keyedLoad } from '../views/run-common.ts';
import { modelChoices, runForm, runRequestOf } from '../views/run-form.ts';
import { runProgress } from '../views/run-list.ts';

type Form = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** How far a run's Monte Carlo chunks are (api/jobs/store.ts), when it is split in chunks. */
async function chunkProgress(ctx: Ctx, group: string | null): Promise<{ done: number; total: number } | undefined> {
  if (group === null) return undefined;
  const jobs = await ctx.store.db.selectFrom('jobs').select(['state']).where('job_group', '=', group).where('role', '=', 'chunk').execute();
  return jobs.length ? { done: jobs.filter((j) => j.state === 'done').length, total: jobs.length } : undefined;
}

/**
 * GET /ui/run (the form's page), GET /ui/run/form (the form for a dataset and model), POST /ui/runs (run it:
 * to its page at once, or a progress box that polls), GET /ui/runs/:id/progress.
 */
export const runPages: FastifyPluginAsync<Ctx> = async (app, ctx) => {
  const modelOr = (ref: string): CompiledModel | undefined => {
    try {
      return ctx.catalogue.model(ref);
    } catch {
      return undefined;
    }
  };

  app.get<{ Querystring: Form }>('/ui/run', { config: { auth: 'open' } }, async (req, reply) => {
    const lang = langOf(req);
    const L = sayer(DATA_LABELS, lang);
    const ds = text(req.query.dataset);
    const q = ds ? `?dataset=${encodeURIComponent(ds)}` : '';
    const body = `${keyedLoad(`/ui/run/form${q}`, lang, 'run-form')}
<div id="run-result" aria-live="polite"></div>`;
    return reply.type('text/html; charset=utf-8').send(page({ lang, title: L('run_title'), active: 'run', body, path: `/ui/run${q}` }));
  });

  app.get<{ Querystring: Form }>('/ui/run/form', { config: { auth: 'read' } }, async (req, reply) => {
    const lang = langOf(req);
    const q = req.query;
    const datasets = await listDatasets(ctx.store.db);
    const wanted = text(q.dataset) || DEFAULTS.gep.dataset;
    const byName = await getDataset(ctx.store.db, wanted);
    const dataset = datasets.find((d) => d.id === byName?.id) ?? datasets[0];
    if (!dataset) throw notFound(`dataset "${wanted}"`, 'dataset');
    const model = modelOr(text(q.model)) ?? ctx.catalogue.model(DEFAULTS.gep.model);
    const method: Record<string, string> = {};
    for (const [k, v] of Object.entries(q)) if (k.startsWith('method.') && typeof v === 'string') method[k.slice(7)] = v;
    const form = runForm(
      {
        dataset,
        datasets,
        model,
        models: modelChoices(ctx.catalogue, lang),
        kind: text(q.kind) || 'gep',
        method,
        draws: text(q.draws),
        seed: text(q.seed) || '1',
      },
      lang,
    );
    return reply.type('text/html; charset=utf-8').send(form);
  });

  /** Where a settled run sends the browser: its page when done, its problem when it failed. */
  async function outcome(reply: FastifyReply, id: string, lang: Lang) {
    const row = (await getRun(ctx.store.db, id))!;
    if (row.status === 'done')
      return reply
        .header('hx-redirect', `/ui/runs/${encodeURIComponent(id)}`)
        .type('text/html; charset=utf-8')
        .send('');
    if (row.status === 'queued' || row.status === 'running')
      return reply.type('text/html; charset=utf-8').send(runProgress(id, row.status, await chunkProgress(ctx, row.job_group), lang));
    const e = (row.error ? JSON.parse(row.error) : {}) as { code?: string; detail?: string; errors?: FieldError[] };
    const p = new Problem(e.code && isIssueCode(e.code) ? e.code : 'internal', e.detail ?? row.status, e.errors ?? []);
    // the run was taken and failed: the answer to this request is still an answer (a 5xx would be an error of htmx's)
    return reply
      .code(p.status < 500 ? p.status : 200)
      .type('text/html; charset=utf-8')
      .send(`<h2>${esc(DATA_LABELS.run_failed[lang])}</h2>${problemBox(p, lang)}`);
  }

  app.post<{ Body: Form }>('/ui/runs', { config: { auth: 'key' } }, async (req, reply) => {
    const lang = langOf(req);
    const body = (req.body ?? {}) as Form;
    const parsed = RunRequest.safeParse(runRequestOf(body, modelOr(text(body.model) || DEFAULTS.gep.model)));
    if (!parsed.success)
      throw new Problem(
        'request_invalid',
        'the form is not valid',
        parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'form', message: i.message, code: 'request_invalid' })),
      );
    const { id, done } = await ctx.runs.submit(parsed.data);
    req.auditSubject = id;
    await ctx.runs.settled(done, ctx.config.syncWaitMs);
    return outcome(reply, id, lang);
  });

  app.get<{ Params: { id: string } }>('/ui/runs/:id/progress', { config: { auth: 'read' } }, async (req, reply) => {
    const row = await getRun(ctx.store.db, req.params.id);
    if (!row) throw notFound(`run "${req.params.id}"`, 'id');
    return outcome(reply, row.id, langOf(req));
  });
};
