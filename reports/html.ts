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
import { financeRows, isNumber } from './finance.ts';
import { indicatorLabel, keyLabel, serviceMethod, t, type Lang, type LabelKey } from './labels.ts';

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

export type Cell = string | { html: string } | { n: string };
/** A table; cells are text (escaped), numbers ({n}, right-aligned) or trusted HTML. */
export function table(head: string[], rows: Cell[][], caption?: string): string {
  const td = (c: Cell) =>
    typeof c === 'string' ? `<td>${esc(c)}</td>` : 'n' in c ? `<td class="n">${esc(c.n)}</td>` : `<td>${c.html}</td>`;
  return `<table>${caption ? `<caption>${esc(caption)}</caption>` : ''}<thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('')}</tbody></table>`;
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
  const regionName = (r: string) => dataset.manifest.regions.find((x) => x.id === r)?.name[lang] ?? r;
  const cats = model.categories;
  const B = account.baseYear;
  const parts: string[] = [];
  const mark = (region: string, year: number, id: string) => (isGiven(run, region, year, id) ? ` ${GIVEN_MARK}` : '');

  parts.push(`<header><h1>${esc(title)}</h1><p class="sub">${esc(dataset.manifest.name[lang])} · ${esc(meta.years.join(', '))}</p>${dataset.manifest.illustrative ? `<p class="warn">${esc(L('illustrative'))}</p>` : ''}
<dl><dt>${esc(L('model'))}</dt><dd>${esc(model.title[lang])} — <code>${esc(meta.model)}</code></dd><dt>${esc(L('dataset'))}</dt><dd><code>${esc(meta.dataset.id)}</code> sha256 <code>${esc(meta.dataset.hash.slice(0, 16))}…</code></dd>
<dt>${esc(L('run'))}</dt><dd><code>${esc(meta.id)}</code> · ${esc(L('engine'))} ${esc(meta.engine_version)} · ${esc(L('scenario'))} ${esc(meta.scenario === 'baseline' ? L('baseline') : meta.scenario)}</dd><dt>${esc(L('base_year'))}</dt><dd>${B}</dd>${(meta.not_accounted ?? []).map((n) => `<dt>${esc(L('not_accounted'))}</dt><dd><code>${esc(n.service)}</code> ${esc(indicatorLabel(model, n.service, lang))}: ${esc(n.reason)}</dd>`).join('')}</dl><p class="note">${esc(L('exact_note'))}</p></header>`);

  // summary: GEP and categories by region and year
  const gepName = indicatorLabel(model, 'gep', lang);
  parts.push(
    section(
      'summary',
      L('summary'),
      table(
        [
          L('region'),
          L('year'),
          `${gepName} (${L('current_prices')}, ${L('yi_cny')})`,
          `${gepName} (${B} ${L('constant_prices')}, ${L('yi_cny')})`,
          ...cats.map((c) => `${c.label[lang]} (${L('yi_cny')})`),
        ],
        account.regionYears.map((ry) => [
          regionName(ry.region),
          String(ry.year),
          { n: yi(ry.gep.current) },
          { n: yi(ry.gep.constant) },
          ...cats.map((c) => ({ n: yi(ry.categories.get(c.id)!.current) })),
        ]),
      ),
    ),
  );

  // value by category: stacked bars per region
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
            cats.map((c) => ({ name: c.label[lang], values: rys.map((r) => num(r.categories.get(c.id)!.current, YI)) })),
            L('yi_cny'),
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
        .map((ry) =>
          table(
            [
              L('service'),
              L('category'),
              L('physical'),
              L('unit'),
              `${L('money_current')} (${L('cny')}, ${L('price_year')} ${ry.year})`,
              `${L('money_constant')} (${L('cny')}, ${L('price_year')} ${B})`,
              L('share'),
            ],
            ry.services.map((s) => [
              indicatorLabel(model, s.id, lang),
              cats.find((c) => c.id === s.category)?.label[lang] ?? s.category,
              { n: s.physical ? qty(s.physical) + mark(ry.region, ry.year, `${s.id}.physical`) : `— ${ABSENT_MARK}` },
              s.physicalUnit,
              { n: grouped(s.money, 2) + mark(ry.region, ry.year, `${s.id}.money`) },
              { n: grouped(s.moneyConstant, 2) + mark(ry.region, ry.year, `${s.id}.money`) },
              { n: ry.gep.current.isZero() ? '–' : `${grouped(s.money.div(ry.gep.current).mul(100), 1)}%` },
            ]),
            `${regionName(ry.region)} ${ry.year}`,
          ),
        )
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
              `${L('from_value')} (${L('yi_cny')})`,
              `${L('to_value')} (${L('yi_cny')})`,
              `${L('quantity_effect')} (${L('yi_cny')})`,
              `${L('price_effect')} (${L('yi_cny')})`,
              `${L('delta')} (${L('yi_cny')})`,
            ],
            account.decompositions.map((d) => [
              regionName(d.region),
              `${d.fromYear} → ${d.toYear}`,
              { n: yi(d.total.v0) },
              { n: yi(d.total.v1) },
              { n: yi(d.total.quantity) },
              { n: yi(d.total.price) },
              { n: yi(d.total.delta) },
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
                  { name: String(d.fromYear), value: num(d.total.v0, YI) },
                  [
                    ...d.categories.map((c) => ({
                      name: `${cats.find((x) => x.id === c.id)?.label[lang] ?? c.id} ${L('quantity_effect')}`,
                      value: num(c.quantity, YI),
                    })),
                    { name: L('price_effect'), value: num(d.total.price, YI) },
                  ],
                  { name: String(d.toYear), value: num(d.total.v1, YI) },
                  L('yi_cny'),
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
              [L('ecosystem_type'), ...e.years.map((y) => `${y} (${e.unit})`)],
              [
                ...e.types.map((ty) => [
                  keyLabel(model, 'ecosystem_type', ty, lang),
                  ...e.years.map((y) => ({ n: qty(e.area.get(y)!.get(ty) ?? new Dec(0)) })),
                ]),
                [L('total'), ...e.years.map((y) => ({ n: qty(e.total.get(y)!) }))],
              ],
              regionName(e.region),
            ),
          )
          .join(''),
      ),
    );
  }

  // finance sheet
  parts.push(
    section(
      'finance',
      L('finance'),
      table(
        [L('item'), L('region'), L('year'), L('value'), L('unit'), L('price_year'), L('note')],
        financeRows(run, lang, dual, carbon, uncertainty, rights).map((r) => [
          financeLabel(r.item, lang),
          regionName(r.region),
          r.year,
          isNumber(r.value) ? { n: r.unit === 'CNY' ? grouped(new Dec(r.value), 2) : qty(new Dec(r.value)) } : r.value,
          r.unit,
          r.price_year,
          r.note,
        ]),
      ),
    ),
  );

  for (const s of extra) parts.push(s(lang));

  // appendix: methods and formulas, coefficients with every entry and its source, diagnostics
  const coefRows: Cell[][] = [];
  for (const c of model.coefficients.values()) {
    for (const e of c.entries) {
      const value = e.scalar ? e.scalar.value.toString() : [...(e.table ?? [])].map(([k, v]) => `${k}=${v.value}`).join('; ');
      coefRows.push([
        c.label[lang],
        { html: `<code>${esc(c.name)}</code>` },
        value,
        c.unit.text,
        String(e.from),
        c.currency ? String(e.priceYear) : '',
        e.source,
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
      ) +
        table([L('coefficient'), 'id', L('value'), L('unit'), L('valid_from'), L('price_year'), L('source')], coefRows) +
        (meta.local_coefficients
          ? table(
              ['id', L('region'), L('key'), L('valid_from'), L('value'), L('price_year'), L('source'), L('written_at')],
              localCoefficientRows(meta),
              L('local_coefficients'),
            )
          : '') +
        `<h3>${esc(L('diagnostics'))}</h3>` +
        (account.diagnostics.length
          ? `<ul>${account.diagnostics.map((d) => `<li>${esc(`${d.region} ${d.year} ${d.indicator}: ${d.message}`)}</li>`).join('')}</ul>`
          : `<p>${esc(L('none'))}</p>`) +
        `<h3>${esc(L('source'))}</h3><ul>${[...model.sources, ...dataset.manifest.sources].map((s) => `<li>${esc(s.citation)}${s.url ? ` — ${esc(s.url)}` : ''}</li>`).join('')}</ul>`,
    ),
  );

  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — ${esc(meta.id)}</title>
<style>${CSS}</style></head>
<body>${parts.join('\n')}</body></html>
`;
}

const CSS = `body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Source Han Sans SC","Microsoft YaHei","PingFang SC",system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222;line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:2px solid #4e79a7;padding-bottom:.2rem;margin-top:2rem}h3{font-size:1.05rem}
.sub{color:#555;margin-top:0}.warn{background:#fff3cd;border:1px solid #e0c060;padding:.5rem .8rem}.note{color:#555;font-size:.9rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;font-size:.92rem}dt{font-weight:600}dd{margin:0}
table{border-collapse:collapse;margin:1rem 0;font-size:.88rem;width:100%}caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #ccd;padding:.25rem .45rem;vertical-align:top}th{background:#eef2f7;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
figure{margin:1rem 0}code{font-size:.85em}@media print{section{break-inside:avoid-page}}`;

/** Under the services table: what the mark means and the row behind each given value (nothing when none is given). */
function givenFootnote(run: AccountRun, lang: Lang): string {
  const notes = givenNotes(run);
  if (!notes.length) return '';
  const items = notes.map((n) => `<li>${esc(`${n.region} ${n.year} ${n.indicator}${n.key ? ` [${n.key}]` : ''}: ${n.where}`)}</li>`);
  return `<p class="note">${GIVEN_MARK} ${esc(t('given_note', lang))}</p><ul class="note">${items.join('')}</ul>`;
}
