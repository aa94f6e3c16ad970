import { Dec } from '../../engine/core/decimal.ts';
import type { Decomposition } from '../../engine/gep/account.ts';
import { num } from '../../reports/charts.ts';
import { MONEY_UNITS, type MoneyUnit, money, moneyLabel, moneyUnitFor, percent, quantity } from '../../reports/format.ts';
import { indicatorLabel } from '../../reports/labels.ts';
import type { ReportDoc } from '../../reports/render.ts';
import { esc } from '../html.ts';
import { sayer } from '../i18n.ts';
import { RESULTS_LABELS } from '../labels/results.ts';
import { chart, fig, PALETTE, type ResultsCtx, unitText } from './results-common.ts';

type L = ReturnType<typeof sayer<typeof RESULTS_LABELS>>;

/** The run block: what an analyst must see to trust the figures (model, dataset and hash, engine, scenario, methods). */
export function runBlock(c: ResultsCtx, doc: ReportDoc, row: { kind: string; params: { factors?: string } }): string {
  const L = sayer(RESULTS_LABELS, c.lang);
  const { meta, model, dataset } = doc.account;
  const kind = ({ gep: 'kind_gep', dual: 'kind_dual', carbon: 'kind_carbon' } as const)[row.kind as 'gep'] ?? 'kind_other';
  const method = meta.method;
  const choices: string[] = [];
  for (const [svc, variant] of Object.entries(method?.variants ?? {})) {
    const v = model.variants.get(svc)?.find((x) => x.id === variant);
    if (v && !v.default) choices.push(`${indicatorLabel(model, svc, c.lang)}: ${v.label[c.lang]}`);
  }
  for (const [svc, keys] of Object.entries(method?.covers ?? {}))
    choices.push(
      `${indicatorLabel(model, svc, c.lang)} — ${L('covers')}: ${keys.map((k) => model.dims.get('ecosystem_type')?.keyLabels.get(k)?.[c.lang] ?? k).join(c.lang === 'zh' ? '、' : ', ')}`,
    );
  const dd = (k: keyof typeof RESULTS_LABELS, v: string) => `<dt>${esc(L(k))}</dt><dd>${v}</dd>`;
  return `<section id="run-block" aria-labelledby="run-block-h"><h2 id="run-block-h">${esc(L('run_block'))}</h2>
${dataset.manifest.illustrative ? `<p class="warn">${esc(L('illustrative'))}</p>` : ''}
<dl class="run-block">
${dd('run_id', `<code>${esc(c.runId)}</code>`)}
${dd('kind', esc(L(kind)))}
${dd('model', `${esc(model.title[c.lang])} <code>${esc(meta.model)}</code>`)}
${dd('dataset', `${esc(dataset.manifest.name[c.lang])} <code>${esc(meta.dataset.id)}</code>`)}
${dd('dataset_hash', `<code title="${esc(meta.dataset.hash)}">${esc(meta.dataset.hash.slice(0, 16))}…</code>`)}
${dd('engine', `<code>${esc(meta.engine_version)}</code>`)}
${dd('scenario', esc(meta.scenario === 'baseline' ? L('baseline') : meta.scenario))}
${dd('base_year', String(meta.base_year))}
${dd('regions', esc(meta.regions.map(c.regionName).join(c.lang === 'zh' ? '、' : ', ')))}
${dd('years', esc(meta.years.join(c.lang === 'zh' ? '、' : ', ')))}
${dd('method', esc(choices.length ? choices.join(c.lang === 'zh' ? '；' : '; ') : L('method_default')))}
${row.params.factors ? dd('factors', `<code>${esc(row.params.factors)}</code>`) : ''}
</dl></section>`;
}

/** GEP by region and year (current and constant prices) and by category, with a chart per region. */
export function gepSummary(c: ResultsCtx, doc: ReportDoc): string {
  const L = sayer(RESULTS_LABELS, c.lang);
  const { account, model } = doc.account;
  const cats = model.categories;
  const unit = moneyUnitFor(account.regionYears.flatMap((ry) => [ry.gep.current, ry.gep.constant]));
  const u = moneyLabel(unit, c.lang);
  const gepName = indicatorLabel(model, 'gep', c.lang);
  const rows = account.regionYears
    .map((ry) => {
      const where = `${c.regionName(ry.region)} ${ry.year}`;
      return `<tr><th scope="row">${esc(c.regionName(ry.region))}</th><td class="n">${ry.year}</td><td class="n">${fig(c, ry.region, ry.year, 'gep', money(ry.gep.current, unit), `${where} ${gepName}`)}</td><td class="n">${esc(money(ry.gep.constant, unit))}</td>${cats
        .map((cat) => {
          const v = ry.categories.get(cat.id)?.current ?? new Dec(0);
          return `<td class="n">${fig(c, ry.region, ry.year, cat.id, money(v, unit), `${where} ${cat.label[c.lang]}`)}</td>`;
        })
        .join('')}</tr>`;
    })
    .join('');
  const table = `<table class="gep-summary"><caption>${esc(L('gep_title'))} (${esc(u)})</caption><thead><tr><th scope="col">${esc(L('region'))}</th><th scope="col">${esc(L('year'))}</th><th scope="col">${esc(L('gep_current'))}</th><th scope="col">${esc(L('gep_constant', { year: account.baseYear }))}</th>${cats.map((cat) => `<th scope="col">${esc(cat.label[c.lang])}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
  const charts = account.regions
    .map((region) => {
      const rys = account.regionYears.filter((r) => r.region === region);
      const div = MONEY_UNITS[unit].div;
      return chart(L('by_category_chart', { region: c.regionName(region), unit: u }), {
        animation: false,
        color: PALETTE,
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 60, right: 24, top: 40, bottom: 32 },
        xAxis: { type: 'category', data: rys.map((r) => String(r.year)) },
        yAxis: { type: 'value', name: u },
        series: cats.map((cat) => ({
          name: cat.label[c.lang],
          type: 'bar',
          stack: 'gep',
          label: { show: true, color: '#fff', formatter: '{c}' },
          data: rys.map((r) => num(r.categories.get(cat.id)?.current ?? new Dec(0), div)),
        })),
      });
    })
    .join('');
  return `<section id="gep" aria-labelledby="gep-h"><h2 id="gep-h">${esc(L('gep_title'))}</h2>
<p class="note">${esc(L('money_unit_note', { unit: u }))}</p>${table}
<h3>${esc(L('by_category'))}</h3>${charts}</section>`;
}

/** Every service of every region-year: physical quantity with its unit, money (current and constant), share of GEP. */
export function serviceTables(c: ResultsCtx, doc: ReportDoc): string {
  const L = sayer(RESULTS_LABELS, c.lang);
  const { account, model } = doc.account;
  const last = account.regionYears.at(-1);
  const blocks = account.regionYears.map((ry) => {
    const unit = moneyUnitFor(ry.services.flatMap((s) => [s.money, s.moneyConstant]));
    const u = moneyLabel(unit, c.lang);
    const where = `${c.regionName(ry.region)} ${ry.year}`;
    const body = ry.services
      .map((s) => {
        const name = indicatorLabel(model, s.id, c.lang);
        const cat = model.categories.find((x) => x.id === s.category)?.label[c.lang] ?? s.category;
        const phys = s.physical
          ? fig(c, ry.region, ry.year, `${s.id}.physical`, quantity(s.physical), `${where} ${name} ${L('physical')}`)
          : esc(L('absent'));
        return `<tr data-service="${esc(s.id)}"><th scope="row">${esc(name)}</th><td>${esc(cat)}</td><td class="n">${phys}</td><td>${esc(unitText(s.physicalUnit, c.lang))}</td><td class="n">${fig(c, ry.region, ry.year, `${s.id}.money`, money(s.money, unit), `${where} ${name} ${L('money_current', { unit: u })}`)}</td><td class="n">${esc(money(s.moneyConstant, unit))}</td><td class="n">${ry.gep.current.isZero() ? '–' : esc(percent(s.money.div(ry.gep.current)))}</td></tr>`;
      })
      .join('');
    const total = `<tr class="total"><th scope="row">${esc(L('total'))}</th><td></td><td></td><td></td><td class="n">${fig(c, ry.region, ry.year, 'gep', money(ry.gep.current, unit), `${where} ${indicatorLabel(model, 'gep', c.lang)}`)}</td><td class="n">${esc(money(ry.gep.constant, unit))}</td><td class="n">${ry.gep.current.isZero() ? '–' : '100.0%'}</td></tr>`;
    const head = `<tr><th scope="col">${esc(L('service'))}</th><th scope="col">${esc(L('category'))}</th><th scope="col">${esc(L('physical'))}</th><th scope="col">${esc(L('unit'))}</th><th scope="col">${esc(L('money_current', { unit: u }))}</th><th scope="col">${esc(L('money_constant', { year: account.baseYear, unit: u }))}</th><th scope="col">${esc(L('share'))}</th></tr>`;
    return `<details class="services" data-region="${esc(ry.region)}" data-year="${ry.year}"${ry === last ? ' open' : ''}><summary>${esc(L('services_of', { region: c.regionName(ry.region), year: ry.year }))}</summary><table><thead>${head}</thead><tbody>${body}${total}</tbody></table></details>`;
  });
  return `<section id="services" aria-labelledby="services-h"><h2 id="services-h">${esc(L('services'))}</h2>${blocks.join('')}<p class="note">${esc(L('constant_note'))}</p></section>`;
}

/** ΔGEP between years with its quantity and price effects (the account's decompositions), a table and a waterfall. */
export function changeSection(c: ResultsCtx, doc: ReportDoc): string {
  const L = sayer(RESULTS_LABELS, c.lang);
  const { account, model } = doc.account;
  if (!account.decompositions.length) return '';
  const unit = moneyUnitFor(account.decompositions.flatMap((d) => [d.total.v0, d.total.v1]));
  const u = moneyLabel(unit, c.lang);
  const signed = (d: Dec) => `${d.gt(0) ? '+' : ''}${money(d, unit)}`;
  const rows = account.decompositions
    .map(
      (d) =>
        `<tr><th scope="row">${esc(c.regionName(d.region))}</th><td>${d.fromYear} → ${d.toYear}</td><td class="n">${esc(money(d.total.v0, unit))}</td><td class="n">${esc(money(d.total.v1, unit))}</td><td class="n">${esc(signed(d.total.quantity))}</td><td class="n">${esc(signed(d.total.price))}</td><td class="n">${esc(signed(d.total.delta))}</td></tr>`,
    )
    .join('');
  const table = `<table class="change"><caption>${esc(L('change_title'))} (${esc(u)})</caption><thead><tr><th scope="col">${esc(L('region'))}</th><th scope="col">${esc(L('change'))}</th><th scope="col">${esc(L('from_value'))}</th><th scope="col">${esc(L('to_value'))}</th><th scope="col">${esc(L('quantity_effect'))}</th><th scope="col">${esc(L('price_effect'))}</th><th scope="col">${esc(L('delta'))}</th></tr></thead><tbody>${rows}</tbody></table>`;
  // the widest span of each region: first year to last
  const widest = account.regions.flatMap((r) => {
    const ds = account.decompositions.filter((d) => d.region === r);
    return ds.length ? [ds.reduce((a, b) => (b.toYear - b.fromYear > a.toYear - a.fromYear ? b : a))] : [];
  });
  const byCategory = widest.map((d) => categoryTable(c, L, d, unit, model.categories)).join('');
  const charts = widest.map((d) => waterfallChart(c, L, d, unit, model.categories)).join('');
  return `<section id="change" aria-labelledby="change-h"><h2 id="change-h">${esc(L('change_title'))}</h2><p class="note">${esc(L('change_note'))}</p>${table}${byCategory}${charts}</section>`;
}

function categoryTable(c: ResultsCtx, L: L, d: Decomposition, unit: MoneyUnit, cats: { id: string; label: { zh: string; en: string } }[]) {
  const signed = (x: Dec) => `${x.gt(0) ? '+' : ''}${money(x, unit)}`;
  const name = (id: string) => cats.find((x) => x.id === id)?.label[c.lang] ?? id;
  const rows = [...d.categories.map((r) => ({ ...r, label: name(r.id) })), { ...d.total, label: L('total') }]
    .map(
      (r) =>
        `<tr><th scope="row">${esc(r.label)}</th><td class="n">${esc(money(r.v0, unit))}</td><td class="n">${esc(money(r.v1, unit))}</td><td class="n">${esc(signed(r.quantity))}</td><td class="n">${esc(signed(r.price))}</td><td class="n">${esc(signed(r.delta))}</td></tr>`,
    )
    .join('');
  return `<table class="change-categories"><caption>${esc(`${c.regionName(d.region)} ${d.fromYear} → ${d.toYear}`)} (${esc(moneyLabel(unit, c.lang))})</caption><thead><tr><th scope="col">${esc(L('category'))}</th><th scope="col">${d.fromYear}</th><th scope="col">${d.toYear}</th><th scope="col">${esc(L('quantity_effect'))}</th><th scope="col">${esc(L('price_effect'))}</th><th scope="col">${esc(L('delta'))}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * A waterfall: the opening GEP, the quantity effect of each category, the price effect, the closing GEP. Drawn as a
 * stacked bar whose lower series is invisible (it holds each step up to where the previous one ended); every step
 * carries its signed value as a label, and small steps keep a minimum height so that they never vanish.
 */
function waterfallChart(c: ResultsCtx, L: L, d: Decomposition, unit: MoneyUnit, cats: { id: string; label: { zh: string; en: string } }[]) {
  const div = MONEY_UNITS[unit].div;
  const u = moneyLabel(unit, c.lang);
  const steps = [
    ...d.categories.map((x) => ({
      name: `${cats.find((k) => k.id === x.id)?.label[c.lang] ?? x.id}·${L('quantity_effect')}`,
      v: x.quantity,
    })),
    { name: L('price_effect'), v: d.total.price },
  ];
  const names = [String(d.fromYear), ...steps.map((s) => s.name), String(d.toYear)];
  const base: (number | string)[] = [];
  const bars: object[] = [];
  base.push(0);
  bars.push({ value: num(d.total.v0, div), itemStyle: { color: '#1f5fa8' }, label: { formatter: money(d.total.v0, unit) } });
  let level = d.total.v0;
  for (const s of steps) {
    const next = level.plus(s.v);
    base.push(num(Dec.min(level, next), div));
    bars.push({
      value: Math.abs(num(s.v, div)),
      itemStyle: { color: s.v.gte(0) ? '#2e7d32' : '#b3261e' },
      label: { formatter: `${s.v.gt(0) ? '+' : ''}${money(s.v, unit)}` },
    });
    level = next;
  }
  base.push(0);
  bars.push({ value: num(d.total.v1, div), itemStyle: { color: '#1f5fa8' }, label: { formatter: money(d.total.v1, unit) } });
  const label = L('waterfall', { region: c.regionName(d.region), from: d.fromYear, to: d.toYear, unit: u });
  return chart(label, {
    animation: false,
    grid: { left: 60, right: 24, top: 24, bottom: 80 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: 20 } },
    yAxis: { type: 'value', name: u, scale: true },
    series: [
      { type: 'bar', stack: 'wf', silent: true, itemStyle: { color: 'transparent' }, data: base, tooltip: { show: false } },
      { type: 'bar', stack: 'wf', barMinHeight: 4, label: { show: true, position: 'top', color: '#1d2433' }, data: bars },
    ],
  });
}

/** The Monte Carlo band of the run, when it has one: p5/p50/p95 beside the deterministic figure, and the path. */
export function uncertaintySection(c: ResultsCtx, doc: ReportDoc): string {
  const u = doc.finance.uncertainty;
  if (!u) return '';
  const L = sayer(RESULTS_LABELS, c.lang);
  const model = doc.account.model;
  const measured = new Map(u.measured.map((m) => [m.id, m]));
  const moneyVals = u.summaries.filter((s) => measured.get(s.id)?.money).flatMap((s) => [s.p5, s.p95, s.deterministic]);
  const unit = moneyUnitFor(moneyVals);
  const rows = u.summaries
    .map((s) => {
      const m = measured.get(s.id);
      const show = (x: Dec) => (m?.money ? money(x, unit) : quantity(x));
      const shownUnit = m?.money ? moneyLabel(unit, c.lang) : unitText(m?.unit ?? '', c.lang);
      const name = `${indicatorLabel(model, m?.indicator ?? s.id, c.lang)}${m?.key ? ` (${m.key})` : ''}${m?.basis === 'constant' ? ` · ${L('gep_constant', { year: u.meta.base_year })}` : ''}`;
      return `<tr><th scope="row">${esc(name)}</th><td>${esc(shownUnit)}</td><td class="n">${esc(show(s.deterministic))}</td><td class="n">${esc(show(s.p5))}</td><td class="n">${esc(show(s.p50))}</td><td class="n">${esc(show(s.p95))}</td></tr>`;
    })
    .join('');
  const meta = u.meta as typeof u.meta & { draws?: number; seed?: number };
  return `<section id="uncertainty" aria-labelledby="uncertainty-h"><h2 id="uncertainty-h">${esc(L('uncertainty'))}</h2><p class="note">${esc(
    L('uncertainty_note', {
      region: c.regionName(u.meta.region),
      year: u.meta.year,
      draws: meta.draws ?? '',
      seed: meta.seed ?? '',
      path: L(u.meta.path === 'exact' ? 'path_exact' : 'path_float'),
    }),
  )}</p><table><thead><tr><th scope="col">${esc(L('indicator'))}</th><th scope="col">${esc(L('unit'))}</th><th scope="col">${esc(L('deterministic'))}</th><th scope="col">${esc(L('p5'))}</th><th scope="col">${esc(L('p50'))}</th><th scope="col">${esc(L('p95'))}</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}
