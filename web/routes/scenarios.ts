import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import YAML from 'yaml';
import { IssuesError } from '../../engine/core/errors.ts';
import type { Scenario } from '../../engine/scenario/schema.ts';
import { listModels, modelVersions } from '../../models/load.ts';
import { DEFAULTS } from '../../models/defaults.ts';
import { compareStored } from '../../api/compare.ts';
import type { Ctx } from '../../api/context.ts';
import { Problem, toProblem } from '../../api/problem.ts';
import { RunRequest } from '../../api/runs.ts';
import { checkScenario, saveScenario } from '../../api/scenario-save.ts';
import { getRun } from '../../api/store/runs.ts';
import { listDatasets } from '../../api/store/datasets.ts';
import { getScenario, listScenarios } from '../../api/store/scenarios.ts';
import { datasetName } from '../views/dataset-list.ts';
import { runNames } from './runs-list.ts';
import type { Label } from '../../reports/labels.ts';
import { scenarioName } from '../../reports/names.ts';
import { esc } from '../html.ts';
import { type Lang, langOf, sayer } from '../i18n.ts';
import { page } from '../layout.ts';
import { SCENARIO_LABELS } from '../labels/scenario.ts';
import { problemBox } from '../problems.ts';
import { deltaLines, deltaTable } from '../views/scenario-delta.ts';
import {
  blankRow,
  builderHtml,
  type FormBase,
  type FormState,
  formOf,
  formState,
  problemSummary,
  type RowProblem,
  rowHtml,
  rowProblems,
  SECTIONS,
  type Section,
  scenarioOf,
} from '../views/scenario-form.ts';

/** The workbench's routes answer HTML for people: left out of the API's OpenAPI document (schema.hide). */
const html = (reply: FastifyReply, body: string, code = 200) => reply.code(code).type('text/html; charset=utf-8').send(body);

/** The stored datasets by manifest id (the newest of each), with their names: what a scenario's base.dataset names. */
async function storedDatasets(ctx: Ctx): Promise<{ name: string; label: Label }[]> {
  const rows = await ctx.store.db.selectFrom('datasets').select(['name', 'manifest']).orderBy('created_at', 'desc').orderBy('id').execute();
  const seen = new Map<string, Label>();
  for (const r of rows) {
    if (seen.has(r.name)) continue;
    const m = JSON.parse(r.manifest) as { name?: Label };
    seen.set(r.name, m.name ?? { zh: r.name, en: r.name });
  }
  return [...seen].map(([name, label]) => ({ name, label }));
}

/** The model and dataset a form is built on, with the choices of both and the dataset's regions by name. */
async function formBase(ctx: Ctx, modelRef: string, datasetName: string): Promise<FormBase> {
  const model = ctx.catalogue.model(modelRef || DEFAULTS.gep.model);
  const refs = listModels().flatMap((id) => [ctx.catalogue.model(id).ref, ...modelVersions(id).map((v) => `${id}@${v}`)]);
  const models = [...new Set(refs)].map((ref) => ({ ref, title: ctx.catalogue.model(ref).title }));
  const datasets = await storedDatasets(ctx);
  const name = datasetName || datasets.find((d) => d.name === DEFAULTS.gep.dataset)?.name || datasets[0]?.name || '';
  let regions: FormBase['regions'] = [];
  try {
    const { dataset } = await ctx.catalogue.dataset(name, model);
    regions = dataset.manifest.regions.map((r) => ({ id: r.id, name: r.name }));
  } catch {
    regions = []; // a dataset this model cannot read: the save names the problem
  }
  return { model, models, datasets, regions };
}

/** A new form on the default model and dataset (or on a stored scenario, to make a new one from it). */
async function freshForm(ctx: Ctx, from?: string): Promise<FormState> {
  const stored = from ? await getScenario(ctx.store.db, from) : undefined;
  const f = formOf((stored?.scenario ?? {}) as Record<string, unknown>, { model: '', dataset: '' });
  if (!f.model) f.model = ctx.catalogue.model(DEFAULTS.gep.model).ref;
  return f;
}

/** Problems of a save as the form shows them: the one validation's issues, or a request problem's fields. */
function problemsOf(e: unknown, log: FastifyRequest['log']): RowProblem[] | undefined {
  if (e instanceof IssuesError) return rowProblems(e.issues);
  const p = e instanceof Problem ? e : undefined;
  if (p && p.status < 500)
    return p.errors.length
      ? rowProblems(p.errors.map((x) => ({ path: x.field, message: x.message, code: x.code })))
      : [{ field: '', message: p.detail }];
  void log;
  return undefined;
}

/**
 * When the schema refuses some rows, the checks against the model and the data (unknown coefficient, key or type,
 * a year outside the dataset) still run on the other rows, so that a save lists every problem at once. The
 * scenario is checked without the refused rows; the problems found are placed back on their rows.
 */
async function overlayProblems(ctx: Ctx, scenario: Record<string, unknown>, found: RowProblem[]): Promise<RowProblem[]> {
  if (found.some((p) => p.section === undefined)) return []; // the base or the name is wrong: nothing to check against
  const kept = {} as Record<Section, number[]>;
  const o = scenario.overrides as Record<string, unknown[]>;
  const without = { ...scenario, overrides: { ...o } as Record<string, unknown[]> };
  for (const s of SECTIONS) {
    const rows = (s === 'uncertainty' ? (scenario.uncertainty as unknown[]) : o[s]) ?? [];
    kept[s] = rows.map((_, n) => n).filter((n) => !found.some((p) => p.section === s && p.row === n));
    const left = kept[s].map((n) => rows[n]);
    if (s === 'uncertainty') (without as Record<string, unknown>).uncertainty = left;
    else without.overrides[s] = left;
  }
  try {
    await checkScenario(ctx, without);
    return [];
  } catch (e) {
    if (!(e instanceof IssuesError)) return [];
    return rowProblems(e.issues)
      .filter((p) => p.section !== undefined)
      .map((p) => ({ ...p, row: kept[p.section!][p.row!] }));
  }
}

/** What a saved scenario looks like after a save: its name, the file as stored (YAML), and the button that runs it. */
function savedPanel(stored: { id: string; scenario: unknown }, created: boolean, lang: Lang): string {
  const L = sayer(SCENARIO_LABELS, lang);
  const s = stored.scenario as Scenario;
  const name = scenarioName(s, lang);
  return `<section class="saved" data-scenario="${esc(stored.id)}"><p role="status">${esc(L(created ? 'saved' : 'saved_again', { name }))} <code>${esc(stored.id)}</code></p>
<p><button type="button" class="primary" hx-post="/ui/scenarios/${encodeURIComponent(stored.id)}/run?lang=${lang}" hx-target="#scenario-result" hx-swap="innerHTML">${esc(L('run'))}</button></p>
<details><summary>${esc(L('as_stored'))}</summary><pre class="yaml">${esc(YAML.stringify(stored.scenario))}</pre></details></section>`;
}

/** The run of a scenario beside its baseline: progress while they compute, then ΔGEP with its effects. */
async function runPanel(ctx: Ctx, scenarioId: string, runId: string, baseId: string, lang: Lang): Promise<string> {
  const L = sayer(SCENARIO_LABELS, lang);
  const [run, base] = [await getRun(ctx.store.db, runId), await getRun(ctx.store.db, baseId)];
  const failed = [run, base].find((r) => r?.status === 'failed' || r?.status === 'interrupted');
  if (failed) {
    const e = JSON.parse(failed.error ?? '{}') as { detail?: string };
    return `<div class="problem" role="alert"><p>${esc(L('run_failed', { detail: e.detail ?? failed.status }))}</p></div>`;
  }
  if (run?.status !== 'done' || base?.status !== 'done') {
    const q = new URLSearchParams({ run: runId, base: baseId, lang });
    return `<div class="progress" hx-get="/ui/scenarios/${encodeURIComponent(scenarioId)}/run/status?${esc(q.toString())}" hx-trigger="every 1s" hx-swap="outerHTML"><p role="status" class="loading">${esc(L('running'))}</p><progress aria-label="${esc(L('running'))}"></progress></div>`;
  }
  const { lines } = await compareStored(ctx.store.db, [baseId, runId]);
  const stored = await getScenario(ctx.store.db, scenarioId);
  const manifest = (await ctx.store.db.selectFrom('datasets').select('manifest').where('id', '=', run.dataset_id).executeTakeFirst())
    ?.manifest;
  const regions = new Map(
    ((manifest ? JSON.parse(manifest) : {}) as { regions?: { id: string; name: Label }[] }).regions?.map((r) => [r.id, r.name[lang]]) ?? [],
  );
  const name = stored ? scenarioName(stored.scenario as Scenario, lang) : run.scenario;
  return `<section class="scenario-run" data-run="${esc(runId)}" data-baseline="${esc(baseId)}"><h2>${esc(name)} · ${esc(L('delta_title'))}</h2>
${deltaTable(deltaLines(lines), lang, (id) => regions.get(id) ?? id)}
<p><a href="/ui/runs/${encodeURIComponent(runId)}">${esc(L('open_run'))}</a> · <a href="/ui/runs/${encodeURIComponent(baseId)}">${esc(L('open_baseline'))}</a> · <a href="/ui/compare?base=${encodeURIComponent(baseId)}&amp;runs=${encodeURIComponent(runId)}">${esc(L('compare_with'))}</a></p></section>`;
}

/**
 * The scenario pages: GET /ui/scenarios (the stored scenarios, the builder, an upload), and the fragments and
 * posts behind them. Saving goes through api/scenario-save.ts (what POST /scenarios runs): every problem is
 * placed on its row and field. Running goes through ctx.runs.submit, the scenario and its baseline both, and the
 * ΔGEP shown is the comparison of the two stored runs (api/compare.ts, as POST /compare).
 */
export const scenarioPages: FastifyPluginAsync<Ctx> = async (app, ctx) => {
  app.get<{ Querystring: { from?: string } }>('/ui/scenarios', { config: { auth: 'open' }, schema: { hide: true } }, async (req, reply) => {
    const lang = langOf(req);
    const L = sayer(SCENARIO_LABELS, lang);
    const from = typeof req.query.from === 'string' ? `&from=${encodeURIComponent(req.query.from)}` : '';
    const body = `<p>${esc(L('intro'))}</p>
<section aria-labelledby="h-stored"><h2 id="h-stored">${esc(L('stored'))}</h2>
<div id="scenario-list" hx-get="/ui/scenarios/list?lang=${lang}" hx-trigger="load, scenario-saved from:body" hx-swap="innerHTML"><p class="loading" role="status">…</p></div></section>
<div id="scenario-result" aria-live="polite"></div>
<section aria-labelledby="h-builder"><h2 id="h-builder">${esc(L('builder'))}</h2>
<div id="builder" hx-get="/ui/scenarios/form?lang=${lang}${from}" hx-trigger="load" hx-swap="outerHTML"><p class="loading" role="status">…</p></div></section>
<section aria-labelledby="h-upload"><h2 id="h-upload">${esc(L('upload'))}</h2>
<form id="upload" hx-post="/ui/scenarios/upload?lang=${lang}" hx-encoding="multipart/form-data" hx-target="#scenario-result" hx-swap="innerHTML">
<label for="scenario-file">${esc(L('upload_file'))}</label> <input id="scenario-file" name="file" type="file" accept=".yaml,.yml,.json,application/json,application/yaml">
<button type="submit">${esc(L('upload_submit'))}</button></form></section>`;
    return html(reply, page({ lang, title: L('title'), active: 'scenarios', body, path: req.url.replace(/[?&]lang=[^&]*/, '') }));
  });

  app.get('/ui/scenarios/list', { config: { auth: 'read' }, schema: { hide: true } }, async (req, reply) => {
    const lang = langOf(req);
    const L = sayer(SCENARIO_LABELS, lang);
    const items = await listScenarios(ctx.store.db, 100);
    if (!items.length) return html(reply, `<p>${esc(L('none_stored'))}</p>`);
    // the base model and dataset by name (the model's title, the dataset's manifest name), their ids in <code>
    const names = await runNames(ctx, lang);
    const datasets = new Map<string, string>();
    for (const d of await listDatasets(ctx.store.db, 1000)) if (!datasets.has(d.name)) datasets.set(d.name, datasetName(d, lang));
    const rows = items
      .map((s) => {
        const sc = s.scenario as Scenario;
        const n = (k: Section) => (k === 'uncertainty' ? sc.uncertainty.length : (sc.overrides[k] ?? []).length);
        const changes = SECTIONS.filter((k) => n(k) > 0)
          .map((k) => `${L(k)} ${n(k)}`)
          .join('，');
        return `<tr data-scenario="${esc(s.id)}"><th scope="row">${esc(scenarioName(sc, lang))}<br><small><code>${esc(s.id)}</code></small></th><td>${esc(names.model(sc.base.model))} <small><code>${esc(sc.base.model)}</code></small><br>${esc(datasets.get(sc.base.dataset) ?? sc.base.dataset)} <small><code>${esc(sc.base.dataset)}</code></small></td><td>${esc(changes)}</td><td><button type="button" hx-post="/ui/scenarios/${encodeURIComponent(s.id)}/run?lang=${lang}" hx-target="#scenario-result" hx-swap="innerHTML">${esc(L('run'))}</button> <a href="/ui/scenarios?from=${encodeURIComponent(s.id)}">${esc(L('edit_from'))}</a></td></tr>`;
      })
      .join('');
    return html(
      reply,
      `<table class="scenarios"><thead><tr><th scope="col">${esc(L('general'))}</th><th scope="col">${esc(L('model'))} / ${esc(L('dataset'))}</th><th scope="col">${esc(L('changes'))}</th><th scope="col"><span class="vh">${esc(L('run'))}</span></th></tr></thead><tbody>${rows}</tbody></table>`,
    );
  });

  // the builder: a fresh one, one from a stored scenario (?from=), or the same form on another model (fields kept)
  app.get<{ Querystring: Record<string, unknown> }>(
    '/ui/scenarios/form',
    { config: { auth: 'read' }, schema: { hide: true } },
    async (req, reply) => {
      const lang = langOf(req);
      const q = req.query;
      const f = typeof q.model === 'string' ? formState(q) : await freshForm(ctx, typeof q.from === 'string' ? q.from : undefined);
      const base = await formBase(ctx, f.model, f.dataset);
      f.model = base.model.ref;
      f.dataset ||= base.datasets.find((d) => d.name === DEFAULTS.gep.dataset)?.name ?? base.datasets[0]?.name ?? '';
      return html(reply, builderHtml(f, base, lang));
    },
  );

  // one row: blank (add a row) or redrawn with what it holds (a coefficient chosen: its keys and its value now)
  app.get<{ Params: { section: string }; Querystring: Record<string, unknown> }>(
    '/ui/scenarios/row/:section',
    { config: { auth: 'read' }, schema: { hide: true } },
    async (req, reply) => {
      const section = req.params.section as Section;
      if (!SECTIONS.includes(section)) throw new Problem('not_found', `no row kind "${req.params.section}"`);
      const lang = langOf(req);
      const base = await formBase(ctx, typeof req.query.model === 'string' ? req.query.model : '', '');
      const row = formState(req.query).rows[section][0] ?? blankRow(section, base);
      return html(reply, rowHtml(section, row, base, lang));
    },
  );

  // the target of "remove this row" (hx-swap="delete" removes the row whatever the answer)
  app.get('/ui/scenarios/none', { config: { auth: 'open' }, schema: { hide: true } }, async (_req, reply) => html(reply, ''));

  app.post<{ Body: Record<string, unknown> }>('/ui/scenarios', { config: { auth: 'key' }, schema: { hide: true } }, async (req, reply) => {
    const lang = langOf(req);
    const f = formState(req.body ?? {});
    const base = await formBase(ctx, f.model, f.dataset);
    const { scenario, problems } = scenarioOf(f);
    let saved: Awaited<ReturnType<typeof saveScenario>> | undefined;
    let found: RowProblem[] = problems;
    try {
      if (!problems.length) saved = await saveScenario(ctx, scenario);
    } catch (e) {
      const p = problemsOf(e, req.log);
      if (!p) throw e;
      found = [...p, ...(await overlayProblems(ctx, scenario, p))];
    }
    if (!saved) return html(reply, builderHtml(f, base, lang, found), 422);
    req.auditSubject = saved.id;
    reply.header('hx-trigger', 'scenario-saved');
    return html(
      reply,
      `${builderHtml(f, base, lang)}<div id="scenario-result" aria-live="polite" hx-swap-oob="true">${savedPanel(saved.stored, saved.created, lang)}</div>`,
    );
  });

  app.post('/ui/scenarios/upload', { config: { auth: 'key' }, schema: { hide: true } }, async (req, reply) => {
    const lang = langOf(req);
    const L = sayer(SCENARIO_LABELS, lang);
    const file = req.isMultipart() ? await req.file() : undefined;
    const bytes = file ? await file.toBuffer() : undefined;
    if (!file || !bytes?.length) return html(reply, `<div class="problem" role="alert"><p>${esc(L('upload_empty'))}</p></div>`, 422);
    let body: unknown;
    try {
      const doc = YAML.parseDocument(bytes.toString('utf8'), { prettyErrors: false });
      if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join('; '));
      body = doc.toJS();
    } catch (e) {
      const message = String((e as Error).message ?? e);
      return html(
        reply,
        `<div class="problem" role="alert"><p>${esc(L('upload_unreadable', { message: `${file.filename}: ${message}` }))}</p></div>`,
        422,
      );
    }
    try {
      const saved = await saveScenario(ctx, body);
      req.auditSubject = saved.id;
      reply.header('hx-trigger', 'scenario-saved');
      return html(reply, savedPanel(saved.stored, saved.created, lang));
    } catch (e) {
      const found = problemsOf(e, req.log);
      if (!found) throw e;
      // the upload goes into the builder with its problems on their rows, to be mended there
      const f = formOf((body ?? {}) as Record<string, unknown>, { model: '', dataset: '' });
      let builder = '';
      try {
        const base = await formBase(ctx, f.model, f.dataset);
        f.model = base.model.ref;
        builder = builderHtml(f, base, lang, found).replace('<form id="builder"', '<form id="builder" hx-swap-oob="true"');
      } catch {
        builder = ''; // a model this server does not have: the summary names it
      }
      return html(reply, `${problemSummary(found, lang)}${builder}`, 422);
    }
  });

  app.post<{ Params: { id: string } }>('/ui/scenarios/:id/run', { config: { auth: 'key' }, schema: { hide: true } }, async (req, reply) => {
    const lang = langOf(req);
    const stored = await getScenario(ctx.store.db, req.params.id);
    if (!stored)
      throw new Problem('not_found', `scenario "${req.params.id}" does not exist`, [
        { field: 'id', message: 'not stored', code: 'not_found' },
      ]);
    const s = stored.scenario as Scenario;
    try {
      // the scenario and its baseline: the same model, dataset, years and options but for the scenario
      const run = await ctx.runs.submit(RunRequest.parse({ scenario: stored.id }));
      // taken with the scenario run when the queue bound let that in: the page needs both, or neither is queued
      const base = await ctx.runs.submit(RunRequest.parse({ model: s.base.model, dataset: s.base.dataset }), { bounded: false });
      req.auditSubject = run.id;
      await ctx.runs.settled(run.done, ctx.config.syncWaitMs);
      await ctx.runs.settled(base.done, ctx.config.syncWaitMs);
      return html(reply, await runPanel(ctx, stored.id, run.id, base.id, lang));
    } catch (e) {
      const p = toProblem(e, req.log);
      for (const [k, v] of Object.entries(p.headers)) reply.header(k, v); // retry-after of a full queue
      return html(reply, problemBox(p, lang), p.status);
    }
  });

  app.get<{ Params: { id: string }; Querystring: { run?: string; base?: string } }>(
    '/ui/scenarios/:id/run/status',
    { config: { auth: 'read' }, schema: { hide: true } },
    async (req, reply) => {
      const lang = langOf(req);
      const { run, base } = req.query;
      if (!run || !base)
        throw new Problem('request_invalid', 'run and base are required', [{ field: 'run', message: 'required', code: 'request_invalid' }]);
      return html(reply, await runPanel(ctx, req.params.id, run, base, lang));
    },
  );
};
