import { Dec, grouped, str } from '../engine/core/decimal.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import type { EodRun } from '../lib/eod.ts';
import { te, type EodLabelKey } from './eod-labels.ts';
import { type Cell, esc, section, table } from './html.ts';
import { indicatorLabel, type Lang } from './labels.ts';
import type { ExtraSheet } from './xlsx.ts';
import type { Cell as XCell } from './xlsx-sheet.ts';
import { moneyLabel, moneyUnitFor, unitSymbol } from './format.ts';

const WAN = '10000';
/** 10⁴ CNY (万元), whole, for reading; the exact CNY values are in the files and the sheet. */
const wan = (d: Dec | undefined) => (d === undefined ? '–' : grouped(d.div(WAN), 0));
const pct = (d: Dec | undefined) => (d === undefined ? '–' : `${grouped(d.mul(100), 2)}%`);
const num = (d: Dec | undefined, places: number) => (d === undefined ? '–' : grouped(d, places));

/** A measure of a link as read: money in 10⁴ CNY, a ratio to 4 places, an area in ha. */
function measureText(value: Dec | undefined, unit: string): [string, string] {
  if (unit.startsWith('CNY')) return [wan(value), unit === 'CNY/a' ? '10⁴ CNY/a' : '10⁴ CNY'];
  return [num(value, unit === '1' ? 4 : 2), unit];
}

/** The key figures, as label, shown value, unit, exact value. */
function metrics(r: EodRun, lang: Lang): [string, string, string, string][] {
  const a = r.appraisal;
  const L = (k: EodLabelKey) => te(k, lang);
  const y = L('years_unit');
  const out: [string, string, string, string][] = [
    [L('discount_rate'), pct(a.rate), '', str(a.rate)],
    [L('npv'), wan(a.npv), L('wan_cny'), str(a.npv)],
    [L('irr'), a.irr ? pct(a.irr) : `– (${a.irrNote})`, '', a.irr ? str(a.irr) : ''],
    [L('payback'), num(a.payback, 2), y, a.payback ? str(a.payback) : ''],
    [L('discounted_payback'), num(a.discountedPayback, 2), y, a.discountedPayback ? str(a.discountedPayback) : ''],
    [L('self_balance'), num(a.selfBalance, 4), '', a.selfBalance ? str(a.selfBalance) : ''],
    [L('self_balance_simple'), num(a.selfBalanceSimple, 4), '', a.selfBalanceSimple ? str(a.selfBalanceSimple) : ''],
    [L('pv_investment'), wan(a.pvInvestment), L('wan_cny'), str(a.pvInvestment)],
    [L('pv_revenue'), wan(a.pvRevenue), L('wan_cny'), str(a.pvRevenue)],
    [L('pv_operating'), wan(a.pvOperating), L('wan_cny'), str(a.pvOperating)],
  ];
  const b = r.band;
  out.push(
    b
      ? [
          `${L('npv_band')}, ${b.draws}${L('draws')}, ${L('seed')} ${b.seed}`,
          `${wan(b.p5)} / ${wan(b.p50)} / ${wan(b.p95)}`,
          L('wan_cny'),
          `${str(b.p5)} / ${str(b.p50)} / ${str(b.p95)}`,
        ]
      : [L('npv_band'), L('none'), '', ''],
  );
  if (b) out.push([L('npv_negative'), pct(b.negative), '', str(b.negative)]);
  return out;
}

/** The inputs the Monte Carlo draws (the discount rate, the lines' multipliers), with their ranges and sources. */
function bandInputs(r: EodRun, lang: Lang): string {
  const L = (k: EodLabelKey) => te(k, lang);
  const p = r.project;
  type R = NonNullable<typeof p.discount_rate.range>;
  const row = (name: string, g: R, source: string | undefined): Cell[] => [
    name,
    g.distribution,
    { n: g.low },
    { n: g.mode ?? '–' },
    { n: g.high },
    source ?? '',
  ];
  const rows: Cell[][] = [];
  if (p.discount_rate.range) rows.push(row(L('discount_rate'), p.discount_rate.range, p.discount_rate.range.source));
  for (const l of p.lines) if (l.range) rows.push(row(l.label[lang], l.range, l.range.source));
  return table([L('input'), L('distribution'), L('low'), L('mode'), L('high'), L('source')], rows);
}

const lineLabel = (r: EodRun, id: string, lang: Lang) => r.project.lines.find((l) => l.id === id)!.label[lang];

/** The EOD section of the HTML report: key figures, the five links, ΔGEP by service, the cash flows by year. */
export function eodSection(r: EodRun, model: CompiledModel, lang: Lang): string {
  const a = r.appraisal;
  const L = (k: EodLabelKey) => te(k, lang);
  const p = r.project;
  const body: string[] = [
    `<p><strong>${esc(p.label[lang])}</strong> — ${esc(p.region)}, ${p.start}–${p.end}, ${esc(r.meta.scenario.scenario)} vs ${esc(r.meta.reference.scenario)}</p>`,
  ];
  if (p.illustrative) body.push(`<p class="note"><strong>${esc(L('eod_illustrative'))}</strong></p>`);
  body.push(`<p class="note">${esc(L('eod_note'))}</p>`);
  body.push(
    `<h3>${esc(L('eod_metrics'))}</h3>`,
    table(
      [L('item'), L('value'), L('unit')],
      metrics(r, lang).map(([k, v, u]) => [k, { n: v }, u]),
    ),
  );
  if (r.band) body.push(`<h3>${esc(L('npv_band_inputs'))}</h3>`, `<p class="note">${esc(L('npv_band_note'))}</p>`, bandInputs(r, lang));
  body.push(
    `<h3>${esc(L('eod_links'))}</h3>`,
    table(
      [L('link'), L('measure'), L('value'), L('unit')],
      a.links.flatMap((k) =>
        k.measures.map((m, i): Cell[] => {
          const [v, u] = measureText(m.value, m.unit);
          return [i === 0 ? L(`link_${k.id}`) : '', L(`m_${m.id}` as EodLabelKey), { n: v }, u];
        }),
      ),
    ),
  );
  const accountYears = r.account.account.years;
  const idx = accountYears.map((y) => a.years.indexOf(y)).filter((t) => t >= 0);
  const changed = a.deltas.filter((d) => !d.pv.isZero());
  body.push(
    `<h3>${esc(L('eod_delta'))}</h3>`,
    table(
      [L('service'), ...idx.map((t) => `${a.years[t]} (${L('wan_cny')})`), L('share'), `${L('pv')} ΔGEP`, `${L('pv')} ${L('share')}`],
      changed.map((d) => [
        indicatorLabel(model, d.service, lang),
        ...idx.map((t): Cell => ({ n: wan(d.delta[t]) })),
        { n: `${num(d.share, 2)}${d.shareFrom === 'default' ? '*' : ''}` },
        { n: wan(d.pv) },
        { n: wan(d.pvMonetisable) },
      ]),
    ),
  );
  body.push(
    `<h3>${esc(L('eod_flows'))} (${esc(L('wan_cny'))})</h3>`,
    table(
      [
        L('year'),
        ...a.lines.map((l) => `${lineLabel(r, l.id, lang)}${l.sign < 0 ? ' (−)' : ''}`),
        L('net'),
        L('cumulative'),
        L('discounted_net'),
        L('cumulative_discounted'),
      ],
      a.years.map((y, t) => [
        String(y),
        ...a.lines.map((l): Cell => ({ n: wan(l.amounts[t]) })),
        { n: wan(a.net[t]) },
        { n: wan(a.cumulative[t]) },
        { n: wan(a.discountedNet[t]) },
        { n: wan(a.cumulativeDiscounted[t]) },
      ]),
    ),
  );
  return section('eod', L('eod'), body.join(''));
}

/** The EOD sheet: every figure exact (text), labelled in the report's language. */
export function eodSheet(r: EodRun, lang: Lang): ExtraSheet {
  const a = r.appraisal;
  const L = (k: EodLabelKey) => te(k, lang);
  const rows: XCell[][] = [];
  // a CNY amount in 亿元/万元 by its size, the unit column saying which; other figures as numbers in their unit
  const value = (v: string, unit: string): [XCell, string] => {
    if (unit !== 'CNY' || !/^-?\d+(\.\d+)?$/.test(v)) return [v, unit ? unitSymbol(unit, lang) : ''];
    const cny = new Dec(v);
    const u = moneyUnitFor([cny]);
    return [{ cny, unit: u }, moneyLabel(u, lang)];
  };
  for (const [k, , u, exact] of metrics(r, lang)) rows.push([L('eod_metrics'), k, '', ...value(exact, u === L('wan_cny') ? 'CNY' : u), '']);
  for (const k of a.links)
    for (const m of k.measures)
      rows.push([L(`link_${k.id}`), L(`m_${m.id}` as EodLabelKey), '', ...value(m.value ? str(m.value) : '', m.unit), '']);
  for (const d of a.deltas)
    for (const [t, y] of a.years.entries())
      rows.push([
        L('eod_delta'),
        indicatorLabel(r.account.model, d.service, lang),
        y,
        ...value(str(d.delta[t]!), 'CNY'),
        `${L('share')} ${str(d.share)}: ${str(d.monetisable[t]!)}`,
      ]);
  for (const l of a.lines)
    for (const [t, y] of a.years.entries())
      rows.push([L('eod_flows'), lineLabel(r, l.id, lang), y, ...value(str(l.amounts[t]!), 'CNY'), L(`k_${l.kind}`)]);
  for (const [t, y] of a.years.entries()) rows.push([L('eod_flows'), L('net'), y, ...value(str(a.net[t]!), 'CNY'), '']);
  return {
    name: L('eod_sheet'),
    columns: [
      { head: L('eod') },
      { head: L('item') },
      { head: L('year'), kind: 'year' },
      { head: L('value'), kind: 'quantity' },
      { head: L('unit') },
      { head: L('note'), free: true },
    ],
    rows,
  };
}
