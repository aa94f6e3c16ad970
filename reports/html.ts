import { localCoefficientRows } from './local-coefficients.ts';
import { Dec, grouped } from '../engine/core/decimal.ts';
import type { CarbonRun } from '../lib/carbon-run.ts';
import type { DualRun } from '../lib/dual.ts';
import type { UncertaintyRun } from '../lib/uncertainty.ts';
import type { AccountRun } from '../lib/run.ts';
import { GIVEN_MARK, givenNotes, isGiven } from './given-notes.ts';
import { num, stackedBars, waterfall } from './charts.ts';
import type { FinanceRun } from '../lib/finance.ts';
import { financeLabel } from './finance-labels.ts';
import { type FinanceRow, financeRows, isNumber } from './finance.ts';
import { money, moneyLabel, moneyUnitFor, quantity, unitSymbol } from './format.ts';
import { indicatorLabel, keyLabel, serviceMethod, t, type Lang, type LabelKey } from './labels.ts';
import { anyKeyName, DIAGNOSTIC_NAMES, diagnosticText, isChinese, regionName as nameOfRegion } from './names.ts';

const YI = '100000000';
/** Marks a physical quantity that is absent (its service's money value is given): the footnote says why. */
const ABSENT_MARK = '¶';
export const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** 10⁸ CNY with two decimals, half-even (display); the exact value is in the files. */
export const yi = (d: Dec) => grouped(d.div(YI), 2);
/** A physical quantity for reading: thousands separators, places by magnitude. */
export function qty(d: Dec): string {
  const a = d.abs();
  return grouped(d, a.gte(1000) ? 0 : a.gte(1) ? 2 : 4);
}

/**
 * A name as the data gives it, in the report's language: a name given only in the other language (an entity or a
 * holder named only in English in a zh report) is shown as given, marked with its language (lang="en"), which
 * screen readers and the language tests read.
 */
export function named(text: string, lang: Lang): string {
  if (!/[A-Za-z\u3400-\u9fff]/.test(text) || isChinese(text) === (lang === 'zh')) return esc(text);
  return `<span lang="${isChinese(text) ? 'zh' : 'en'}">${esc(text)}</span>`;
}
/**
 * A note that may carry identifiers (id@version, a file name) and data names: the identifiers in <code>; a note
 * wholly in the other language is a name the data gives (marked by `named`).
 */
export function withIds(text: string, lang: Lang): string {
  const ID = /([a-z][a-z0-9_-]*@\d+\.\d+\.\d+|[\w-]+\.(?:csv|yaml|xlsx)|[a-z0-9-]+\/[a-z_]+)/g;
  return text
    .split(ID)
    .map((part, n) => (n % 2 ? `<code>${esc(part)}</code>` : named(part, lang)))
    .join('');
}
/** A source or citation: quoted as published (<cite>), in whatever language it was published in. */
export const cite = (text: string) => (text ? `<cite>${esc(text)}</cite>` : '');

export type Cell = string | { html: string } | { n: string };
/** A table; cells are text (escaped), numbers ({n}, right-aligned) or trusted HTML. */
export function table(head: string[], rows: Cell[][], caption?: string, cls?: string): string {
  const td = (c: Cell) =>
    typeof c === 'string' ? `<td>${esc(c)}</td>` : 'n' in c ? `<td class="n">${esc(c.n)}</td>` : `<td>${c.html}</td>`;
  return `<table${cls ? ` class="${cls}"` : ''}>${caption ? `<caption>${esc(caption)}</caption>` : ''}<thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('')}</tbody></table>`;
}
/** A money column's header and cells: the unit chosen by the column's largest value (亿元, 万元 or 元), stated in the header. */
export function moneyColumn(values: Dec[], lang: Lang) {
  const unit = moneyUnitFor(values);
  return { unit: moneyLabel(unit, lang), cell: (v: Dec) => money(v, unit) };
}
export const section = (id: string, title: string, body: string) => `<section id="${id}"><h2>${esc(title)}</h2>${body}</section>`;

/** A report section added by another result kind (carbon, dual, scenario comparison) when present. */
export type ExtraSection = (lang: Lang) => string;

/**
 * The HTML report: one self-contained file (inline CSS and SVG charts, no script, no external resource),
 * in Chinese or English: summary, value by category (chart), services in physical and money terms with
 * units and price years, ΔGEP decomposition (waterfall), extent, finance sheet, any extra sections
 * (carbon, dual accounting, scenario comparison), and the appendix of methods and sourced coefficients.
 */
export function htmlReport(
  run: AccountRun,
  lang: Lang,
  extra: ExtraSection[] = [],
  dual?: DualRun,
  carbon?: CarbonRun,
  uncertainty?: UncertaintyRun,
  rights?: FinanceRun,
): string {
  const { meta, model, account, dataset } = run;
  const L = (k: LabelKey) => t(k, lang);
  const title = L(model.kind === 'esv' ? 'esv_report_title' : 'report_title');
  const regionName = (r: string) => nameOfRegion(dataset.manifest.regions, r, lang);
  const cats = model.categories;
  const B = account.baseYear;
  const parts: string[] = [];
  const mark = (region: string, year: number, id: string) => (isGiven(run, region, year, id) ? ` ${GIVEN_MARK}` : '');

  parts.push(`<header><h1>${esc(title)}</h1><p class="sub">${esc(dataset.manifest.name[lang])} · ${esc(meta.years.join(', '))}</p>${dataset.manifest.illustrative ? `<p class="warn">${esc(L('illustrative'))}</p>` : ''}
<dl class="provenance"><dt>${esc(L('model'))}</dt><dd>${esc(model.title[lang])} — <code>${esc(meta.model)}</code></dd><dt>${esc(L('dataset'))}</dt><dd><code>${esc(meta.dataset.id)}</code> sha256 <code>${esc(meta.dataset.hash.slice(0, 16))}…</code></dd>
<dt>${esc(L('run'))}</dt><dd><code>${esc(meta.id)}</code> · ${esc(L('engine'))} ${esc(meta.engine_version)} · ${esc(L('scenario'))} ${esc(meta.scenario === 'baseline' ? L('baseline') : meta.scenario)}</dd><dt>${esc(L('base_year'))}</dt><dd>${B}</dd>${(meta.not_accounted ?? []).map((n) => `<dt>${esc(L('not_accounted'))}</dt><dd><code>${esc(n.service)}</code> ${esc(indicatorLabel(model, n.service, lang))}: ${esc(n.reason)}</dd>`).join('')}</dl><p class="note">${esc(L('exact_note'))}</p></header>`);

  // summary: GEP and categories by region and year
  const gepName = indicatorLabel(model, 'gep', lang);
  const sm = moneyColumn(
    account.regionYears.flatMap((ry) => [ry.gep.current, ry.gep.constant]),
    lang,
  );
  parts.push(
    section(
      'summary',
      L('summary'),
      table(
        [
          L('region'),
          L('year'),
          `${gepName} (${L('current_prices')}, ${sm.unit})`,
          `${gepName} (${B} ${L('constant_prices')}, ${sm.unit})`,
          ...cats.map((c) => `${c.label[lang]} (${sm.unit})`),
        ],
        account.regionYears.map((ry) => [
          regionName(ry.region),
          String(ry.year),
          { n: sm.cell(ry.gep.current) },
          { n: sm.cell(ry.gep.constant) },
          ...cats.map((c) => ({ n: sm.cell(ry.categories.get(c.id)!.current) })),
        ]),
      ),
    ),
  );

  // value by category: stacked bars per region (in the summary's money unit)
  const chartDiv = { 亿元: YI, '10⁸ CNY': YI, 万元: '10000', '10⁴ CNY': '10000' }[sm.unit] ?? '1';
  const chartUnit = sm.unit;
  parts.push(
    section(
      'categories',
      L('by_category'),
      account.regions
        .map((region, n) => {
          const rys = account.regionYears.filter((r) => r.region === region);
          return `<figure>${stackedBars(
            `cat${n}`,
            `${regionName(region)} — ${L('by_category')} (${L('current_prices')})`,
            rys.map((r) => String(r.year)),
            cats.map((c) => ({ name: c.label[lang], values: rys.map((r) => num(r.categories.get(c.id)!.current, chartDiv)) })),
            chartUnit,
            true,
            rys.map((r) => num(r.gep.current, chartDiv)),
          )}</figure>`;
        })
        .join(''),
    ),
  );

  // services, physical and money, per region-year
  parts.push(
    section(
      'services',
      L('services'),
      account.regionYears
        .map((ry) => {
          const mc = moneyColumn(
            ry.services.flatMap((s) => [s.money, s.moneyConstant]),
            lang,
          );
          return table(
            [
              L('service'),
              L('category'),
              L('physical'),
              L('unit'),
              `${L('money_current')} (${mc.unit}, ${L('price_year')} ${ry.year})`,
              `${L('money_constant')} (${mc.unit}, ${L('price_year')} ${B})`,
              L('share'),
            ],
            ry.services.map((s) => [
              indicatorLabel(model, s.id, lang),
              cats.find((c) => c.id === s.category)?.label[lang] ?? s.category,
              { n: s.physical ? quantity(s.physical) + mark(ry.region, ry.year, `${s.id}.physical`) : `— ${ABSENT_MARK}` },
              unitSymbol(s.physicalUnit, lang),
              { n: mc.cell(s.money) + mark(ry.region, ry.year, `${s.id}.money`) },
              { n: mc.cell(s.moneyConstant) + mark(ry.region, ry.year, `${s.id}.money`) },
              { n: ry.gep.current.isZero() ? '–' : `${grouped(s.money.div(ry.gep.current).mul(100), 1)}%` },
            ]),
            `${regionName(ry.region)} ${ry.year}`,
          );
        })
        .join('') +
        givenFootnote(run, lang) +
        (account.regionYears.some((ry) => ry.services.some((s) => !s.physical))
          ? `<p class="note">${ABSENT_MARK} ${esc(L('physical_absent_note'))}</p>`
          : ''),
    ),
  );

  // ΔGEP decomposition: table and waterfall (opening, quantity effect by category, price effect, closing)
  if (account.decompositions.length) {
    parts.push(
      section(
        'decomposition',
        L('decomposition'),
        `<p class="note">${esc(L('decomposition_note'))}</p>` +
          table(
            [
              L('region'),
              L('change'),
              `${L('from_value')} (${sm.unit})`,
              `${L('to_value')} (${sm.unit})`,
              `${L('quantity_effect')} (${sm.unit})`,
              `${L('price_effect')} (${sm.unit})`,
              `${L('delta')} (${sm.unit})`,
            ],
            account.decompositions.map((d) => [
              regionName(d.region),
              `${d.fromYear} → ${d.toYear}`,
              { n: sm.cell(d.total.v0) },
              { n: sm.cell(d.total.v1) },
              { n: sm.cell(d.total.quantity) },
              { n: sm.cell(d.total.price) },
              { n: sm.cell(d.total.delta) },
            ]),
          ) +
          account.decompositions
            .filter(
              (d, _, all) =>
                d === all.filter((x) => x.region === d.region).reduce((a, b) => (b.toYear - b.fromYear > a.toYear - a.fromYear ? b : a)),
            )
            .map(
              (d, n) =>
                `<figure>${waterfall(
                  `wf${n}`,
                  `${regionName(d.region)} ${d.fromYear} → ${d.toYear}`,
                  { name: String(d.fromYear), value: num(d.total.v0, chartDiv) },
                  [
                    ...d.categories.map((c) => ({
                      name: `${cats.find((x) => x.id === c.id)?.label[lang] ?? c.id}${lang === 'zh' ? '' : ' '}${L('quantity_effect')}`,
                      value: num(c.quantity, chartDiv),
                    })),
                    { name: L('price_effect'), value: num(d.total.price, chartDiv) },
                  ],
                  { name: String(d.toYear), value: num(d.total.v1, chartDiv) },
                  chartUnit,
                )}</figure>`,
            )
            .join(''),
      ),
    );
  }

  // extent
  if (account.extent.length) {
    parts.push(
      section(
        'extent',
        L('extent'),
        account.extent
          .map((e) =>
            table(
              [L('ecosystem_type'), ...e.years.map((y) => `${y} (${unitSymbol(e.unit, lang)})`)],
              [
                ...e.types.map((ty) => [
                  keyLabel(model, 'ecosystem_type', ty, lang),
                  ...e.years.map((y) => ({ n: quantity(e.area.get(y)!.get(ty) ?? new Dec(0)) })),
                ]),
                [L('total'), ...e.years.map((y) => ({ n: quantity(e.total.get(y)!) }))],
              ],
              regionName(e.region),
            ),
          )
          .join(''),
      ),
    );
  }

  // finance sheet: one table per region (the region is its caption, not a column repeated on every row)
  const finRows = financeRows(run, lang, dual, carbon, uncertainty, rights);
  parts.push(
    section(
      'finance',
      L('finance'),
      account.regions
        .map((region) =>
          table(
            [L('item'), L('year'), L('value'), L('unit'), L('price_year'), L('note')],
            finRows.filter((r) => r.region === region).map((r) => financeCells(r, lang)),
            regionName(region),
          ),
        )
        .join(''),
    ),
  );

  for (const s of extra) parts.push(s(lang));

  // appendix: methods and formulas, coefficients with every entry and its source, diagnostics
  const coefRows: Cell[][] = [];
  for (const c of model.coefficients.values()) {
    for (const e of c.entries) {
      const keyName = (k: string) =>
        k === '*'
          ? L('default_row')
          : k
              .split('|')
              .map((part, n) => (c.dims[n] ? keyLabel(model, c.dims[n]!.name, part, lang) : part))
              .join(' · ');
      const value = e.scalar
        ? e.scalar.value.toString()
        : [...(e.table ?? [])].map(([k, v]) => `${keyName(k)} ${v.value}`).join(lang === 'zh' ? '；' : '; ');
      coefRows.push([
        c.label[lang],
        { html: `<code>${esc(c.name)}</code>` },
        value,
        unitSymbol(c.unit.text, lang),
        String(e.from),
        c.currency ? String(e.priceYear) : '',
        { html: cite(e.source) },
      ]);
    }
  }
  parts.push(
    section(
      'appendix',
      L('appendix'),
      table(
        [L('service'), L('method'), L('formula')],
        model.services.map((s) => [
          indicatorLabel(model, s.id, lang),
          serviceMethod(model, s, lang),
          {
            html: `<code>${esc(model.indicatorById.get(s.physical)!.formula)}</code><br><code>${esc(model.indicatorById.get(s.money)!.formula)}</code>`,
          },
        ]),
        undefined,
        'appendix',
      ) +
        table(
          [L('coefficient'), L('identifier'), L('value'), L('unit'), L('valid_from'), L('price_year'), L('source')],
          coefRows,
          undefined,
          'appendix',
        ) +
        (meta.local_coefficients
          ? table(
              [L('identifier'), L('region'), L('key'), L('valid_from'), L('value'), L('price_year'), L('source'), L('written_at')],
              localCoefficientRows(meta),
              L('local_coefficients'),
            )
          : '') +
        `<h3>${esc(L('diagnostics'))}</h3>` +
        (account.diagnostics.length
          ? table(
              [L('region'), L('year'), L('diagnostic'), L('note')],
              account.diagnostics.map((d) => [
                regionName(d.region),
                String(d.year),
                DIAGNOSTIC_NAMES[d.code][lang],
                diagnosticText(d, model, lang),
              ]),
              undefined,
              'appendix',
            )
          : `<p>${esc(L('none'))}</p>`) +
        `<h3>${esc(L('source'))}</h3><ul>${[...model.sources, ...dataset.manifest.sources].map((s) => `<li>${cite(s.citation)}${s.url ? ` — <code>${esc(s.url)}</code>` : ''}</li>`).join('')}</ul>`,
    ),
  );

  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — ${esc(meta.id)}</title>
<style>${CSS}</style></head>
<body>${parts.join('\n')}</body></html>
`;
}

/**
 * The report's style. The font stack names the common CJK fonts of each system (Noto Sans CJK SC / Source Han Sans SC
 * on Linux, Microsoft YaHei on Windows, PingFang SC on macOS, WenQuanYi Micro Hei as an older Linux fallback); without
 * one a zh report shows boxes (the CLI warns, cli/cjk-font.ts). Charts take the width of the text column.
 */
const CSS = `body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Noto Sans SC","Microsoft YaHei","PingFang SC","Hiragino Sans GB","WenQuanYi Micro Hei",system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222;line-height:1.5;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:2px solid #4e79a7;padding-bottom:.2rem;margin-top:2rem}h3{font-size:1.05rem}
.sub{color:#555;margin-top:0}.warn{background:#fff3cd;border:1px solid #e0c060;padding:.5rem .8rem}.note{color:#555;font-size:.9rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;font-size:.92rem}dt{font-weight:600}dd{margin:0}
table{border-collapse:collapse;margin:1rem 0;font-size:.88rem;width:100%}caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #ccd;padding:.25rem .45rem;vertical-align:top}th{background:#eef2f7;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.appendix td:first-child{min-width:8em}table.appendix td{overflow-wrap:anywhere}cite{font-style:normal;color:#444}
figure{margin:1rem 0;width:100%}svg.chart{display:block;width:100%;height:auto}code{font-size:.85em;overflow-wrap:anywhere}
@media print{section{break-inside:avoid-page}body{margin:0;max-width:none}}`;

/** A finance line: money in the unit its size asks for (bands too), other figures to 4 significant figures. */
function financeCells(r: FinanceRow, lang: Lang): Cell[] {
  const band = /^(-?\d+(?:\.\d+)?) \/ (-?\d+(?:\.\d+)?) \/ (-?\d+(?:\.\d+)?)$/.exec(r.value);
  let value: Cell = { html: withIds(r.value, lang) };
  let unit = unitSymbol(r.unit, lang);
  if (r.unit === 'CNY' && (isNumber(r.value) || band)) {
    const vs = band ? band.slice(1, 4).map((v) => new Dec(v)) : [new Dec(r.value)];
    const mc = moneyColumn(vs, lang);
    value = { n: vs.map(mc.cell).join(' / ') };
    unit = mc.unit;
  } else if (isNumber(r.value)) value = { n: r.unit === '%' ? grouped(new Dec(r.value), 1) : quantity(new Dec(r.value)) };
  else if (band)
    value = {
      n: band
        .slice(1, 4)
        .map((v) => quantity(new Dec(v)))
        .join(' / '),
    };
  return [financeLabel(r.item, lang), r.year, value, unit === '1' ? '' : unit, r.price_year, { html: withIds(r.note, lang) }];
}

/** Under the services table: what the mark means and the row behind each given value (nothing when none is given). */
function givenFootnote(run: AccountRun, lang: Lang): string {
  const notes = givenNotes(run);
  if (!notes.length) return '';
  const { model, dataset } = run;
  const items = notes.map(
    (n) =>
      `<li>${esc(
        `${nameOfRegion(dataset.manifest.regions, n.region, lang)} ${n.year} ${indicatorLabel(model, n.indicator, lang)}${
          n.key
            ? ` · ${n.key
                .split('|')
                .map((k) => anyKeyName(model, k, lang, n.indicator))
                .join(' · ')}`
            : ''
        }`,
      )}: <code>${esc(n.where)}</code></li>`,
  );
  return `<p class="note">${GIVEN_MARK} ${esc(t('given_note', lang))}</p><ul class="note">${items.join('')}</ul>`;
}
