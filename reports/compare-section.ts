import { Dec } from '../engine/core/decimal.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { type CompareLine, compareCells, isZeroLine } from '../lib/compare.ts';
import { hbars, num } from './charts.ts';
import { pctText } from './compare-summary.ts';
import { esc, moneyColumn, section, table } from './html.ts';
import { quantity, unitSymbol } from './format.ts';
import { indicatorLabel, keyLabel, type Label, t, type Lang } from './labels.ts';
import { anyKeyName, OVERRIDE_KINDS, regionName, scenarioName, scenarioText } from './names.ts';
import type { ExtraSheet } from './xlsx.ts';
import { type XlsxLabelKey, xl } from './xlsx-labels.ts';
import { unitName } from './xlsx-names.ts';

const YI = '100000000';

/**
 * The scenario comparison (lines from lib/compare.ts): GEP and categories by region and year, reference beside
 * scenario with Δ and Δ %, and the services that changed in the last year, with a chart of their Δ.
 */
export function comparisonSection(
  model: CompiledModel,
  lines: CompareLine[],
  lang: Lang,
  scenario?: Scenario,
  regions: readonly { id: string; name: Label }[] = [],
): string {
  const L = (k: Parameters<typeof t>[0]) => t(k, lang);
  const ind = (id: string) => indicatorLabel(model, id, lang);
  const region = (id: string) => regionName(regions, id, lang);
  const name = (id: string) => (id === 'baseline' ? L('baseline') : scenario && id === scenario.id ? scenarioName(scenario, lang) : id);
  const phys = (v: string) => ({ n: v === '' ? '–' : quantity(new Dec(v)) });
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
          `<h3>${esc(scenarioName(scenario, lang))} (<code>${esc(scenario.id)}</code>)</h3>${scenario.description ? `<p>${esc(scenarioText(scenario.description, lang))}</p>` : ''}`,
          table(
            [L('override_kind'), L('override_target'), L('region'), L('year'), L('override_change'), L('note')],
            overrideCells(scenario, model, lang, region),
          ),
        ]
      : []),
    (() => {
      const mc = moneyColumn(
        totals.flatMap((l) => [l.money.reference, l.money.scenario].filter((v) => v !== '').map((v) => new Dec(v))),
        lang,
      );
      const money = (v: string) => ({ n: v === '' ? '–' : mc.cell(new Dec(v)) });
      return table(
        [
          L('scenario'),
          L('region'),
          L('year'),
          L('item'),
          L('price_year'),
          `${L('reference_value')} (${mc.unit})`,
          `${L('scenario_value')} (${mc.unit})`,
          `${L('delta_money')} (${mc.unit})`,
          L('delta_pct'),
        ],
        totals.map((l) => [
          name(l.scenario),
          region(l.row.region),
          l.row.year,
          ind(l.row.indicator),
          `${l.row.price_year} (${l.row.price_basis === 'current' ? L('current_prices') : L('constant_prices')})`,
          money(l.money.reference),
          money(l.money.scenario),
          money(l.money.delta),
          pct(l.money.pct),
        ]),
      );
    })(),
  ];
  if (services.length) {
    const dm = moneyColumn(
      services.filter((l) => l.money.delta !== '').map((l) => new Dec(l.money.delta)),
      lang,
    );
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
          `${L('delta_money')} (${dm.unit}, ${L('price_year')} ${services[0]!.row.price_year})`,
          L('delta_pct'),
        ],
        services.map((l) => [
          name(l.scenario),
          region(l.row.region),
          l.row.year,
          ind(l.row.indicator),
          unitSymbol(l.row.physical_unit, lang),
          phys(l.physical.reference),
          phys(l.physical.scenario),
          phys(l.physical.delta),
          { n: l.money.delta === '' ? '–' : dm.cell(new Dec(l.money.delta)) },
          pct(l.money.pct),
        ]),
      ),
    );
    const deltaDiv = { 亿元: YI, '10⁸ CNY': YI, 万元: '10000', '10⁴ CNY': '10000' }[dm.unit] ?? '1';
    body.push(
      `<figure>${hbars(
        'cmp',
        `${L('delta_money')} ${lastYear} (${L('constant_prices')})`,
        services.map((l) => ({
          name: `${ind(l.row.indicator)}${new Set(services.map((x) => x.scenario)).size > 1 ? ` · ${name(l.scenario)}` : ''}`,
          value: num(new Dec(l.money.delta || '0'), deltaDiv),
        })),
        dm.unit,
      )}</figure>`,
    );
  }
  return section('comparison', L('comparison'), body.join(''));
}

/**
 * A scenario's overrides as the report's rows, in words: the kind, what it changes (an input, coefficient or
 * ecosystem type by its name), where, from when, the change (× 1.08, 250 ha, +2 %/a) and its note (the scenario's
 * text in the report's language, or a note that it gives it only in the other).
 */
function overrideCells(s: Scenario, model: CompiledModel, lang: Lang, region: (id: string) => string): string[][] {
  const o = s.overrides;
  const zh = lang === 'zh';
  const all = zh ? '全部区域' : 'all regions';
  const inputName = (id: string) =>
    model.inputs.get(id)?.label[lang] ?? (model.indicatorById.has(id) ? indicatorLabel(model, id, lang) : id);
  const keyed = (what: string, key: string, indicator?: string) =>
    key
      ? `${what}${zh ? '（' : ' ('}${key
          .split('|')
          .map((k) => anyKeyName(model, k, lang, indicator))
          .join(' · ')}${zh ? '）' : ')'}`
      : what;
  const note = (text: string | undefined) => scenarioText(text, lang, true);
  const perYear = zh ? '/年' : ' a year';
  return [
    ...o.coefficients.map((c) => [
      OVERRIDE_KINDS.coefficient[lang],
      model.coefficients.get(c.coefficient)?.label[lang] ?? c.coefficient,
      all,
      `${c.from}${c.until !== undefined ? `–${c.until}` : ''}`,
      c.value ?? (c.scale ? `× ${c.scale}` : zh ? '按表替换' : 'table replaced'),
      note(c.source),
    ]),
    ...o.inputs.map((i) => [
      OVERRIDE_KINDS.input[lang],
      keyed(inputName(i.input), i.key),
      i.region ? region(i.region) : all,
      `${i.from}${i.to ? `–${i.to}` : ''}`,
      i.value !== undefined ? `${i.value} ${unitSymbol(i.unit ?? '', lang)}`.trim() : `× ${i.scale}`,
      note(i.source),
    ]),
    ...o.conversions.map((c) => [
      OVERRIDE_KINDS.conversion[lang],
      `${keyLabel(model, 'ecosystem_type', c.from_type, lang)} → ${keyLabel(model, 'ecosystem_type', c.to_type, lang)}`,
      c.region ? region(c.region) : all,
      String(c.from),
      `${c.area_ha} ${zh ? '公顷' : 'ha'}`,
      note(c.source),
    ]),
    ...o.growth.map((g) => [
      OVERRIDE_KINDS.growth[lang],
      keyed(inputName(g.input), g.key),
      g.region ? region(g.region) : all,
      String(g.base_year),
      `${g.rate}${perYear}`,
      note(g.source),
    ]),
  ];
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
