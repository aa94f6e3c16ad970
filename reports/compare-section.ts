import { Dec, grouped } from '../engine/core/decimal.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { overrideRows } from './scenario-rows.ts';
import { isZeroDelta } from '../lib/compare.ts';
import { hbars, num } from './charts.ts';
import { esc, qty, section, table, yi } from './html.ts';
import { indicatorLabel, t, type Lang } from './labels.ts';
import { RESULT_COLUMNS, type ResultRow, rowCells } from './results-csv.ts';
import type { ExtraSheet } from './xlsx.ts';

const YI = '100000000';

/**
 * The scenario comparison (rows from lib/compare.ts: Δ of every indicator, scenario minus reference):
 * Δ GEP and categories by region and year, and the services that changed in the last year, with a chart.
 */
export function comparisonSection(model: CompiledModel, rows: ResultRow[], lang: Lang, scenario?: Scenario): string {
  const L = (k: Parameters<typeof t>[0]) => t(k, lang);
  const ind = (id: string) => indicatorLabel(model, id, lang);
  const money = (r: ResultRow) => (r.money_value === '' ? '–' : yi(new Dec(r.money_value)));
  const totals = rows.filter((r) => r.level === 'delta_total' || (r.level === 'delta_category' && !isZeroDelta(r)));
  const lastYear = rows.reduce((m, r) => (r.year > m ? r.year : m), '');
  const services = rows.filter(
    (r) => r.level === 'delta_service' && r.year === lastYear && r.price_basis === 'constant' && !isZeroDelta(r),
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
      [L('scenario'), L('region'), L('year'), L('item'), L('price_year'), `${L('delta_money')} (${L('yi_cny')})`],
      totals.map((r) => [
        r.scenario,
        r.region,
        r.year,
        ind(r.indicator),
        `${r.price_year} (${r.price_basis === 'current' ? L('current_prices') : L('constant_prices')})`,
        { n: money(r) },
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
          L('delta_physical'),
          L('unit'),
          `${L('delta_money')} (${L('cny')}, ${L('price_year')} ${services[0]!.price_year})`,
        ],
        services.map((r) => [
          r.scenario,
          r.region,
          r.year,
          ind(r.indicator),
          { n: r.physical_value === '' ? '–' : qty(new Dec(r.physical_value)) },
          r.physical_unit,
          { n: r.money_value === '' ? '–' : grouped(new Dec(r.money_value), 2) },
        ]),
      ),
    );
    body.push(
      `<figure>${hbars(
        'cmp',
        `${L('delta_money')} ${lastYear} (${L('constant_prices')})`,
        services.map((r) => ({
          name: `${ind(r.indicator)}${new Set(services.map((x) => x.scenario)).size > 1 ? ` · ${r.scenario}` : ''}`,
          value: num(new Dec(r.money_value || '0'), YI),
        })),
        L('yi_cny'),
      )}</figure>`,
    );
  }
  return section('comparison', L('comparison'), body.join(''));
}

export function comparisonSheet(rows: ResultRow[], lang: Lang): ExtraSheet {
  return {
    name: `${t('comparison', lang)}`.slice(0, 31),
    head: [...RESULT_COLUMNS],
    rows: rows.map((r) => rowCells(r)),
  };
}
