import { Dec, grouped } from '../engine/core/decimal.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { type CompareLine, compareCells, isZeroLine } from '../lib/compare.ts';
import { hbars, num } from './charts.ts';
import { pctText } from './compare-summary.ts';
import { esc, qty, section, table, yi } from './html.ts';
import { indicatorLabel, t, type Lang } from './labels.ts';
import { overrideRows } from './scenario-rows.ts';
import type { ExtraSheet } from './xlsx.ts';
import { type XlsxLabelKey, xl } from './xlsx-labels.ts';
import { unitName } from './xlsx-names.ts';

const YI = '100000000';

/**
 * The scenario comparison (lines from lib/compare.ts): GEP and categories by region and year, reference beside
 * scenario with Δ and Δ %, and the services that changed in the last year, with a chart of their Δ.
 */
export function comparisonSection(model: CompiledModel, lines: CompareLine[], lang: Lang, scenario?: Scenario): string {
  const L = (k: Parameters<typeof t>[0]) => t(k, lang);
  const ind = (id: string) => indicatorLabel(model, id, lang);
  const money = (v: string) => ({ n: v === '' ? '–' : yi(new Dec(v)) });
  const phys = (v: string) => ({ n: v === '' ? '–' : qty(new Dec(v)) });
  const pct = (v: string) => ({ n: pctText(v) });
  const totals = lines.filter((l) => l.row.level === 'total' || (l.row.level === 'category' && !isZeroLine(l)));
  const lastYear = lines.reduce((m, l) => (l.row.year > m ? l.row.year : m), '');
  const services = lines.filter(
    (l) => l.row.level === 'service' && l.row.year === lastYear && l.row.price_basis === 'constant' && !isZeroLine(l),
  );
  const body = [
    `<p class="note">${esc(L('comparison_note'))}</p>`,
    ...(scenario
      ? [
          `<h3>${esc(typeof scenario.label === 'string' ? scenario.label : scenario.label[lang])} (<code>${esc(scenario.id)}</code>)</h3>${scenario.description ? `<p>${esc(scenario.description)}</p>` : ''}`,
          table([L('item'), 'target', L('region'), L('year'), L('value'), L('source')], overrideRows(scenario)),
        ]
      : []),
    table(
      [
        L('scenario'),
        L('region'),
        L('year'),
        L('item'),
        L('price_year'),
        `${L('reference_value')} (${L('yi_cny')})`,
        `${L('scenario_value')} (${L('yi_cny')})`,
        `${L('delta_money')} (${L('yi_cny')})`,
        L('delta_pct'),
      ],
      totals.map((l) => [
        l.scenario,
        l.row.region,
        l.row.year,
        ind(l.row.indicator),
        `${l.row.price_year} (${l.row.price_basis === 'current' ? L('current_prices') : L('constant_prices')})`,
        money(l.money.reference),
        money(l.money.scenario),
        money(l.money.delta),
        pct(l.money.pct),
      ]),
    ),
  ];
  if (services.length) {
    body.push(
      table(
        [
          L('scenario'),
          L('region'),
          L('year'),
          L('service'),
          L('unit'),
          L('reference_value'),
          L('scenario_value'),
          L('delta_physical'),
          `${L('delta_money')} (${L('cny')}, ${L('price_year')} ${services[0]!.row.price_year})`,
          L('delta_pct'),
        ],
        services.map((l) => [
          l.scenario,
          l.row.region,
          l.row.year,
          ind(l.row.indicator),
          l.row.physical_unit,
          phys(l.physical.reference),
          phys(l.physical.scenario),
          phys(l.physical.delta),
          { n: l.money.delta === '' ? '–' : grouped(new Dec(l.money.delta), 2) },
          pct(l.money.pct),
        ]),
      ),
    );
    body.push(
      `<figure>${hbars(
        'cmp',
        `${L('delta_money')} ${lastYear} (${L('constant_prices')})`,
        services.map((l) => ({
          name: `${ind(l.row.indicator)}${new Set(services.map((x) => x.scenario)).size > 1 ? ` · ${l.scenario}` : ''}`,
          value: num(new Dec(l.money.delta || '0'), YI),
        })),
        L('yi_cny'),
      )}</figure>`,
    );
  }
  return section('comparison', L('comparison'), body.join(''));
}

/** The comparison as a workbook sheet: one line per indicator and scenario, reference, scenario, Δ and Δ %. */
export function comparisonSheet(lines: CompareLine[], lang: Lang): ExtraSheet {
  const X = (k: XlsxLabelKey) => xl(k, lang);
  const side = (k: 'c_reference' | 'c_scenario' | 'c_delta' | 'c_delta_pct', what: 'physical' | 'money') =>
    `${X(what)}${lang === 'zh' ? '：' : ', '}${X(k)}`;
  return {
    name: t('comparison', lang).slice(0, 31),
    build: (names) => ({
      name: t('comparison', lang).slice(0, 31),
      columns: [
        { head: X('indicator') },
        { head: X('indicator_id'), kind: 'id' },
        { head: X('level') },
        { head: X('category') },
        { head: X('region') },
        { head: X('region_id'), kind: 'id' },
        { head: X('year'), kind: 'year' },
        { head: X('key') },
        { head: X('key_id'), kind: 'id' },
        { head: X('price_basis') },
        { head: X('price_year'), kind: 'year' },
        { head: X('c_reference') },
        { head: X('c_scenario') },
        { head: X('physical_unit') },
        { head: side('c_reference', 'physical'), kind: 'quantity' },
        { head: side('c_scenario', 'physical'), kind: 'quantity' },
        { head: side('c_delta', 'physical'), kind: 'quantity' },
        { head: side('c_delta_pct', 'physical'), kind: 'quantity' },
        { head: side('c_reference', 'money'), kind: 'money' },
        { head: side('c_scenario', 'money'), kind: 'money' },
        { head: side('c_delta', 'money'), kind: 'money' },
        { head: side('c_delta_pct', 'money'), kind: 'quantity' },
        { head: X('model'), free: true },
      ],
      rows: lines.map((l) => {
        const c = compareCells(l);
        const basis = c.price_basis === 'current' ? X('current') : c.price_basis === 'constant' ? X('constant') : c.price_basis;
        return [
          names.indicator(c.indicator),
          c.indicator,
          names.level(c.level),
          c.category ? names.category(c.category) : '',
          names.region(c.region),
          c.region,
          c.year,
          c.key ? names.key(c.key) : '',
          c.key,
          basis,
          c.price_year,
          names.scenario(c.reference),
          names.scenario(c.scenario),
          c.physical_unit ? unitName(c.physical_unit, lang) : '',
          c.physical_reference,
          c.physical_scenario,
          c.physical_delta,
          c.physical_delta_pct,
          c.money_reference,
          c.money_scenario,
          c.money_delta,
          c.money_delta_pct,
          c.model,
        ];
      }),
    }),
  };
}
