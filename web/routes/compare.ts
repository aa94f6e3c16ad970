import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Scenario } from '../../engine/scenario/schema.ts';
import { compareStored } from '../../api/compare.ts';
import type { Ctx } from '../../api/context.ts';
import type { RunParams } from '../../api/runs.ts';
import { Problem } from '../../api/problem.ts';
import { listRuns } from '../../api/store/runs.ts';
import type { RunTable } from '../../api/store/schema.ts';
import { getScenario } from '../../api/store/scenarios.ts';
import type { Label } from '../../reports/labels.ts';
import { scenarioName } from '../../reports/names.ts';
import { attrs, esc } from '../html.ts';
import { type Lang, langOf, sayer } from '../i18n.ts';
import { page } from '../layout.ts';
import { SCENARIO_LABELS } from '../labels/scenario.ts';
import { compareItems, compareTable, type Side } from '../views/compare-view.ts';

/** The workbench's routes answer HTML for people: left out of the API's OpenAPI document (schema.hide). */
const html = (reply: FastifyReply, body: string, code = 200) => reply.code(code).type('text/html; charset=utf-8').send(body);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? v.split(',') : []);
const one = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');

/** A run's name for people: its scenario's name (or 基准 / Baseline), the model and the years. */
async function runName(ctx: Ctx, r: RunTable, lang: Lang): Promise<string> {
  const L = sayer(SCENARIO_LABELS, lang);
  const params = JSON.parse(r.params) as RunParams;
  const stored = params.scenario ? await getScenario(ctx.store.db, params.scenario) : undefined;
  const sc = stored?.scenario as Scenario | undefined;
  const name = !params.scenario ? L('baseline') : sc ? scenarioName(sc, lang) : r.scenario;
  const years = params.years.length > 1 ? `${params.years[0]}–${params.years.at(-1)}` : String(params.years[0] ?? '');
  return L('run_option', { name, model: r.model, years });
}

/**
 * GET /ui/compare: a baseline and one or more runs side by side — GEP, each category and each service that
 * changed, Δ and Δ % against the baseline, with a chart. The figures are the comparison POST /compare gives
 * (api/compare.ts over the stored runs), shown by the display rules of reports/format.ts.
 */
export const comparePages: FastifyPluginAsync<Ctx> = async (app, ctx) => {
  app.get<{ Querystring: Record<string, unknown> }>(
    '/ui/compare',
    { config: { auth: 'open' }, schema: { hide: true } },
    async (req, reply) => {
      const lang = langOf(req);
      const L = sayer(SCENARIO_LABELS, lang);
      const q = new URLSearchParams();
      for (const k of ['base', 'runs', 'year', 'basis']) if (one(req.query[k])) q.set(k, list(req.query[k]).join(','));
      q.set('lang', lang); // the fragments speak the page's language, also when it came from ?lang=
      const body = `<p>${esc(L('compare_intro'))}</p>
<div id="compare-form" hx-get="/ui/compare/form?${esc(q.toString())}" hx-trigger="load" hx-swap="outerHTML"><p class="loading" role="status">…</p></div>
<div id="compare-result" aria-live="polite"></div>`;
      return html(reply, page({ lang, title: L('compare_title'), active: 'compare', body, path: req.url.replace(/[?&]lang=[^&]*/, '') }));
    },
  );

  app.get<{ Querystring: Record<string, unknown> }>(
    '/ui/compare/form',
    { config: { auth: 'read' }, schema: { hide: true } },
    async (req, reply) => {
      const lang = langOf(req);
      const L = sayer(SCENARIO_LABELS, lang);
      const runs = (await listRuns(ctx.store.db, 200, 0)).filter((r) => r.status === 'done' && ['gep', 'dual', 'carbon'].includes(r.kind));
      if (!runs.length) return html(reply, `<p id="compare-form">${esc(L('compare_none'))}</p>`);
      const names = await Promise.all(runs.map((r) => runName(ctx, r, lang)));
      const base = one(req.query.base) || runs.find((r) => r.scenario === 'baseline')?.id || runs[0]!.id;
      const chosen = new Set(list(req.query.runs));
      const years = [...new Set(runs.flatMap((r) => (JSON.parse(r.params) as RunParams).years))].sort((a, b) => a - b);
      const year = one(req.query.year) || String(years.at(-1) ?? '');
      const basis = one(req.query.basis) || 'current';
      const options = runs.map((r, n) => `<option${attrs({ value: r.id, selected: r.id === base })}>${esc(names[n]!)}</option>`).join('');
      const boxes = runs
        .map(
          (r, n) =>
            `<div><input${attrs({ type: 'checkbox', id: `cmp-${r.id}`, name: 'runs', value: r.id, checked: chosen.has(r.id) })}> <label for="cmp-${esc(r.id)}">${esc(names[n]!)} <small><code>${esc(r.id.slice(0, 12))}</code></small></label></div>`,
        )
        .join('');
      const auto = chosen.size ? ' hx-trigger="submit, load"' : '';
      return html(
        reply,
        `<form id="compare-form" class="compare-form" hx-get="/ui/compare/table?lang=${lang}" hx-target="#compare-result" hx-swap="innerHTML"${auto}>
<div class="field"><label for="cmp-base">${esc(L('compare_base'))}</label> <select id="cmp-base" name="base">${options}</select></div>
<fieldset><legend>${esc(L('compare_runs'))}</legend><div class="choices">${boxes}</div></fieldset>
<div class="field"><label for="cmp-year">${esc(L('compare_year'))}</label> <select id="cmp-year" name="year">${years.map((y) => `<option${attrs({ value: y, selected: String(y) === year })}>${y}</option>`).join('')}</select>
<label for="cmp-basis">${esc(L('compare_basis'))}</label> <select id="cmp-basis" name="basis"><option${attrs({ value: 'current', selected: basis === 'current' })}>${esc(L('current_prices'))}</option><option${attrs({ value: 'constant', selected: basis === 'constant' })}>${esc(L('constant_prices_plain'))}</option></select></div>
<p><button type="submit" class="primary">${esc(L('compare_submit'))}</button></p></form>`,
      );
    },
  );

  app.get<{ Querystring: Record<string, unknown> }>(
    '/ui/compare/table',
    { config: { auth: 'read' }, schema: { hide: true } },
    async (req, reply) => {
      const lang = langOf(req);
      const L = sayer(SCENARIO_LABELS, lang);
      const base = one(req.query.base);
      const others = list(req.query.runs).filter((id) => id !== base);
      if (!base || !others.length)
        throw new Problem('request_invalid', L('compare_pick'), [{ field: 'runs', message: L('compare_pick'), code: 'request_invalid' }]);
      const ids = [base, ...new Set(others)];
      const { sets, labels, lines } = await compareStored(ctx.store.db, ids);
      const sides: Side[] = await Promise.all(
        sets.map(async (s, n) => ({ label: labels[n]!, run: s.run.id, name: (await runName(ctx, s.run, lang)).split(' · ')[0]! })),
      );
      const model = ctx.catalogue.model(sets[0]!.run.model);
      const params = JSON.parse(sets[0]!.run.params) as RunParams;
      const year = one(req.query.year) || String(params.years.at(-1));
      const basis = one(req.query.basis) === 'constant' ? 'constant' : 'current';
      const priceYear = basis === 'current' ? year : String(params.base_year);
      const manifest = (
        await ctx.store.db.selectFrom('datasets').select('manifest').where('id', '=', sets[0]!.run.dataset_id).executeTakeFirst()
      )?.manifest;
      const regionNames = new Map(
        ((manifest ? JSON.parse(manifest) : {}) as { regions?: { id: string; name: Label }[] }).regions?.map((r) => [r.id, r.name[lang]]) ??
          [],
      );
      const tables = params.regions.map((region) => {
        const items = compareItems(lines, sides, model, { region, year, basis }, lang);
        const prices = basis === 'current' ? L('current_prices') : L('constant_prices', { year: priceYear });
        return compareTable(items, sides, `${regionNames.get(region) ?? region} · ${year} · ${prices}`, lang);
      });
      return html(reply, `<section class="comparison" data-year="${esc(year)}" data-basis="${basis}">${tables.join('')}</section>`);
    },
  );
};
