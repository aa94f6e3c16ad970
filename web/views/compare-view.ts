import { type Dec, dec, str } from '../../engine/core/decimal.ts';
import type { CompiledModel } from '../../engine/model/types.ts';
import { type CompareLine, isZeroLine } from '../../lib/compare.ts';
import { pctText } from '../../reports/compare-summary.ts';
import { MONEY_UNITS, type MoneyUnit, money, moneyLabel, moneyUnitFor } from '../../reports/format.ts';
import { esc } from '../html.ts';
import { type Lang, sayer } from '../i18n.ts';
import { SCENARIO_LABELS } from '../labels/scenario.ts';

/** One compared run as the page names it: the label lib/compare.ts gave its lines, and its name for people. */
export interface Side {
  label: string;
  name: string;
  run: string;
}

/** What one item (GEP, a category, a service) is in the baseline and in each scenario: value, Δ and Δ %. */
interface Item {
  id: string;
  level: 'total' | 'category' | 'service';
  name: string;
  baseline: Dec;
  sides: { value: Dec; delta: Dec; pct: string }[];
}

/**
 * The items of a comparison for one region, year and price basis: GEP, each category, and each service that
 * changed in at least one scenario. Every figure is a comparison line's own (api/compare.ts), none recomputed.
 */
export function compareItems(
  lines: CompareLine[],
  sides: Side[],
  model: CompiledModel,
  at: { region: string; year: string; basis: string },
  lang: Lang,
): Item[] {
  const L = sayer(SCENARIO_LABELS, lang);
  const here = lines.filter(
    (l) =>
      l.row.region === at.region &&
      l.row.year === at.year &&
      l.row.price_basis === at.basis &&
      (l.row.level === 'total' || l.row.level === 'category' || l.row.level === 'service'),
  );
  const ids: { id: string; level: Item['level'] }[] = [];
  for (const l of here) {
    const level = l.row.level as Item['level'];
    if (ids.some((x) => x.id === l.row.indicator && x.level === level)) continue;
    if (level === 'service' && here.filter((x) => x.row.indicator === l.row.indicator && x.row.level === 'service').every(isZeroLine))
      continue;
    ids.push({ id: l.row.indicator, level });
  }
  const order = (x: { level: string }) => (x.level === 'total' ? 0 : x.level === 'category' ? 1 : 2);
  ids.sort((a, b) => order(a) - order(b));
  const nameOf = (id: string, level: Item['level']) =>
    level === 'total'
      ? L('compare_total')
      : level === 'category'
        ? (model.categories.find((c) => c.id === id)?.label[lang] ?? id)
        : (model.services.find((s) => s.id === id)?.label[lang] ?? id);
  return ids.map(({ id, level }) => {
    const mine = here.filter((l) => l.row.indicator === id && l.row.level === level);
    const sidesOf = sides.slice(1).map((s) => {
      const l = mine.find((x) => x.scenario === s.label);
      return l
        ? { value: dec(l.money.scenario || '0'), delta: dec(l.money.delta || '0'), pct: l.money.pct }
        : { value: dec('0'), delta: dec('0'), pct: '' };
    });
    return { id, level, name: nameOf(id, level), baseline: dec(mine[0]?.money.reference || '0'), sides: sidesOf };
  });
}

const cell = (v: Dec, unit: MoneyUnit, cls = 'n') =>
  `<td class="${cls}" data-exact="${esc(str(v))}" title="${esc(str(v))} CNY">${esc(money(v, unit))}</td>`;

/** The side-by-side table and the chart of Δ by item and scenario. */
export function compareTable(items: Item[], sides: Side[], caption: string, lang: Lang): string {
  const L = sayer(SCENARIO_LABELS, lang);
  const levels = moneyUnitFor(items.flatMap((i) => [i.baseline, ...i.sides.map((s) => s.value)]));
  const changes = moneyUnitFor(items.flatMap((i) => i.sides.map((s) => s.delta)));
  const lu = moneyLabel(levels, lang);
  const cu = moneyLabel(changes, lang);
  const scen = sides.slice(1);
  const head = `<tr><th scope="col" rowspan="2">${esc(L('compare_item'))}</th><th scope="col" rowspan="2" data-run="${esc(sides[0]!.run)}">${esc(sides[0]!.name)}<br><small>${esc(lu)}</small></th>${scen
    .map((s) => `<th scope="colgroup" colspan="3" data-run="${esc(s.run)}">${esc(s.name)}</th>`)
    .join('')}</tr><tr>${scen
    .map(
      () =>
        `<th scope="col">${esc(L('compare_value'))}<br><small>${esc(lu)}</small></th><th scope="col">Δ<br><small>${esc(cu)}</small></th><th scope="col">${esc(L('col_pct'))}</th>`,
    )
    .join('')}</tr>`;
  const body = items
    .map(
      (i) =>
        `<tr data-item="${esc(i.id)}" data-level="${i.level}" class="${i.level}"><th scope="row">${esc(i.name)}</th>${cell(i.baseline, levels)}${i.sides
          .map(
            (s, n) =>
              `${cell(s.value, levels)}${cell(s.delta, changes, `n delta s${n}`).replace('<td ', `<td data-run="${esc(scen[n]!.run)}" `)}<td class="n">${esc(pctText(s.pct))}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('');
  const div = MONEY_UNITS[changes].div;
  const option = {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: scen.map((s) => s.name) },
    grid: { left: 8, right: 48, top: 32, bottom: 24, containLabel: true },
    xAxis: { type: 'value', name: cu },
    yAxis: { type: 'category', inverse: true, data: items.map((i) => i.name) },
    series: scen.map((s, n) => ({
      name: s.name,
      type: 'bar',
      label: { show: true, position: 'right' },
      // display only: the table above holds the exact figures
      data: items.map((i) => Number(i.sides[n]!.delta.div(div).toFixed(2))),
    })),
  };
  const height = Math.max(200, 40 + items.length * 28 * Math.max(1, scen.length));
  const chartLabel = L('compare_chart', { unit: cu });
  return `<table class="compare" data-unit-level="${levels}" data-unit-change="${changes}"><caption>${esc(caption)}</caption><thead>${head}</thead><tbody>${body}</tbody></table>
<figure class="chart"><figcaption>${esc(chartLabel)}</figcaption><div class="chart-box" role="img" aria-label="${esc(chartLabel)}" style="height:${height}px"></div><script type="application/json" class="chart-option">${JSON.stringify(option).replace(/</g, '\\u003c')}</script></figure>`;
}
