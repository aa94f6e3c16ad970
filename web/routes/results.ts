import type { FastifyPluginAsync } from 'fastify';
import type { Ctx } from '../../api/context.ts';
import { notFound } from '../../api/problem.ts';
import type { RunParams } from '../../api/runs.ts';
import { regionName } from '../../reports/names.ts';
import { getRun } from '../../api/store/runs.ts';
import { esc } from '../html.ts';
import { type Lang, langOf, sayer } from '../i18n.ts';
import { loadInto, page } from '../layout.ts';
import { RESULTS_LABELS } from '../labels/results.ts';
import { explainNote } from '../views/explain-panel.ts';
import type { ResultsCtx } from '../views/results-common.ts';
import { changeSection, gepSummary, runBlock, serviceTables, uncertaintySection } from '../views/results-gep.ts';
import { carbonFigures, reportParts } from '../views/results-parts.ts';

/** How often a page of a run still computing asks again. */
const POLL = '2s';
const RUN_ID = /^[A-Za-z0-9_-]{1,128}$/;
const runPath = (id: string, rest = '') => `/ui/runs/${encodeURIComponent(id)}${rest}`;

/**
 * GET /ui/runs/:id — the results of one run: an open shell whose figures come in a fragment read with the
 * session's key (GET /ui/runs/:id/results, auth read). The fragment of a done run shows the run block, GEP by
 * region, year and category (chart), every service (physical and money), ΔGEP with its quantity and price
 * effects (table and waterfall), the uncertainty band, and the report's sections of the run's other parts
 * (dual accounting and scorecard, carbon inventory, dual-control lights, peak status, projections); every GEP,
 * category and service figure opens its explanation in the panel beside it (web/routes/explain.ts).
 * The download links (HTML, XLSX, CSV reports in the page's language) come in their own fragment once the run is done
 * (loaded by the done results fragment, so that a page opened while the run computes gets them when it ends).
 * A run still computing says so and asks again every two seconds.
 */
export const resultsRoutes: FastifyPluginAsync<Ctx> = async (app, ctx) => {
  app.get<{ Params: { id: string } }>('/ui/runs/:id', { config: { auth: 'open' } }, async (req, reply) => {
    const lang = langOf(req);
    const L = sayer(RESULTS_LABELS, lang);
    const id = req.params.id;
    if (!RUN_ID.test(id)) throw notFound(`run "${id}"`, 'id');
    const body = `<div class="results-layout">
<div class="results-main">${loadInto(runPath(id, `/results?lang=${lang}`), lang, 'results')}</div>
<aside id="explain" class="explain" aria-live="polite" aria-labelledby="explain-h">${explainNote(lang, L('explain_hint'))}</aside>
</div>`;
    return reply
      .type('text/html; charset=utf-8')
      .send(page({ lang, title: `${L('page_title')} · ${id}`, active: 'runs', body, path: runPath(id) }));
  });

  app.get<{ Params: { id: string } }>('/ui/runs/:id/results', { config: { auth: 'read' } }, async (req, reply) => {
    const lang = langOf(req);
    const row = await getRun(ctx.store.db, req.params.id);
    if (!row) throw notFound(`run "${req.params.id}"`, 'id');
    reply.type('text/html; charset=utf-8');
    if (row.status !== 'done') return status(lang, row.id, row.status, row.error);
    const params = JSON.parse(row.params) as RunParams;
    const doc = await ctx.runs.report(row.id, params);
    const manifest = doc.account.dataset.manifest;
    const c: ResultsCtx = {
      runId: row.id,
      lang,
      regionName: (r) => regionName(manifest.regions, r, lang),
    };
    return `<div id="results" class="results" data-run="${esc(row.id)}" data-kind="${esc(row.kind)}">
${runBlock(c, doc, { kind: row.kind, params })}
${loadInto(runPath(row.id, `/downloads?lang=${lang}`), lang)}
${gepSummary(c, doc)}
${serviceTables(c, doc)}
${changeSection(c, doc)}
${uncertaintySection(c, doc)}
${carbonFigures(c, doc)}
${reportParts(c, doc)}
</div>`;
  });
};

/** A run not done: queued or running asks again in a while (the fragment replaces itself); failed says why. */
function status(lang: Lang, id: string, s: string, error: string | null): string {
  const L = sayer(RESULTS_LABELS, lang);
  const word = L(
    s === 'queued' ? 'status_queued' : s === 'running' ? 'status_running' : s === 'interrupted' ? 'status_interrupted' : 'status_failed',
  );
  if (s === 'queued' || s === 'running')
    return `<div id="results" class="results-pending" hx-get="${esc(runPath(id, `/results?lang=${lang}`))}" hx-trigger="load delay:${POLL}" hx-swap="outerHTML"><p role="status" data-status="${esc(s)}">${esc(L('run_status', { status: word }))} — ${esc(L('computing'))}</p></div>`;
  const detail = error ? ((JSON.parse(error) as { detail?: string }).detail ?? '') : '';
  return `<div id="results" class="problem" role="alert" data-status="${esc(s)}"><p><strong>${esc(L('run_status', { status: word }))}</strong>${detail ? `: ${esc(detail)}` : ''}</p></div>`;
}
