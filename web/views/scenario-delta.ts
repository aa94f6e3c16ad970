import { type Dec, dec, str, ZERO } from '../../engine/core/decimal.ts';
import type { CompareLine } from '../../lib/compare.ts';
import { pctText } from '../../reports/compare-summary.ts';
import { type MoneyUnit, money, moneyLabel, moneyUnitFor } from '../../reports/format.ts';
import { esc } from '../html.ts';
import { type Lang, sayer } from '../i18n.ts';
import { SCENARIO_LABELS } from '../labels/scenario.ts';

/** ΔGEP of one region-year and price basis against the baseline, split into quantity and price effects. */
export interface DeltaLine {
  region: string;
  year: string;
  basis: string;
  priceYear: string;
  baseline: Dec;
  scenario: Dec;
  delta: Dec;
  /** '' when the baseline is zero */
  pct: string;
  quantity: Dec;
  price: Dec;
}

/**
 * The scenario's ΔGEP against its baseline for every region, year and price basis, from the comparison lines of
 * the two stored runs (api/compare.ts: the totals are the runs' own). Each service's Δ is split as ΔGEP is split
 * between years: quantity effect = (Q₁ − Q₀) × M₀/Q₀ (the change in quantity at the baseline's unit value), price
 * effect = Δ − quantity effect (= Q₁ × (M₁/Q₁ − M₀/Q₀)). A service with no baseline quantity (none, or not given)
 * counts its whole Δ as quantity effect when it has a scenario quantity, as price effect otherwise. The effects of
 * the services add up to the Δ of the total exactly (price effect is the remainder).
 */
export function deltaLines(lines: CompareLine[]): DeltaLine[] {
  const key = (l: CompareLine) => [l.row.region, l.row.year, l.row.price_basis].join('\u0000');
  const quantity = new Map<string, Dec>();
  for (const l of lines) {
    if (l.row.level !== 'service' || l.money.delta === '') continue;
    const d = dec(l.money.delta);
    const q0 = l.physical.reference === '' ? undefined : dec(l.physical.reference);
    const q1 = l.physical.scenario === '' ? undefined : dec(l.physical.scenario);
    let qe: Dec;
    if (q0 && !q0.isZero() && q1)
      qe = q1
        .minus(q0)
        .times(dec(l.money.reference || '0'))
        .div(q0);
    else qe = q1 && !q1.isZero() ? d : ZERO;
    quantity.set(key(l), (quantity.get(key(l)) ?? ZERO).plus(qe));
  }
  return lines
    .filter((l) => l.row.level === 'total' && l.money.delta !== '')
    .map((l) => {
      const delta = dec(l.money.delta);
      const qe = quantity.get(key(l)) ?? ZERO;
      return {
        region: l.row.region,
        year: l.row.year,
        basis: l.row.price_basis,
        priceYear: l.row.price_year,
        baseline: dec(l.money.reference),
        scenario: dec(l.money.scenario),
        delta,
        pct: l.money.pct,
        quantity: qe,
        price: delta.minus(qe),
      };
    });
}

/** A money cell: the figure in the column's unit, the exact CNY amount in data-exact (and the title). */
export const moneyCell = (v: Dec, unit: MoneyUnit) =>
  `<td class="n" data-exact="${esc(str(v))}" title="${esc(str(v))} CNY">${esc(money(v, unit))}</td>`;

/** The table of ΔGEP against the baseline, with its quantity and price effects. */
export function deltaTable(d: DeltaLine[], lang: Lang, regionName: (id: string) => string): string {
  const L = sayer(SCENARIO_LABELS, lang);
  const levels = moneyUnitFor(d.flatMap((x) => [x.baseline, x.scenario]));
  const changes = moneyUnitFor(d.flatMap((x) => [x.delta, x.quantity, x.price]));
  const u = (m: MoneyUnit) => `（${moneyLabel(m, lang)}）`;
  const head = [
    L('region'),
    L('col_year'),
    L('col_basis'),
    `${L('col_baseline')}${u(levels)}`,
    `${L('col_scenario')}${u(levels)}`,
    `${L('col_delta')}${u(changes)}`,
    L('col_pct'),
    `${L('col_quantity')}${u(changes)}`,
    `${L('col_price')}${u(changes)}`,
  ];
  const rows = d
    .map(
      (x) =>
        `<tr data-year="${esc(x.year)}" data-basis="${esc(x.basis)}"><th scope="row">${esc(regionName(x.region))}</th><td class="n">${esc(x.year)}</td><td>${esc(
          x.basis === 'current' ? L('current_prices') : L('constant_prices', { year: x.priceYear }),
        )}</td>${moneyCell(x.baseline, levels)}${moneyCell(x.scenario, levels)}<td class="n delta" data-exact="${esc(str(x.delta))}" title="${esc(str(x.delta))} CNY">${esc(
          money(x.delta, changes),
        )}</td><td class="n">${esc(pctText(x.pct))}</td>${moneyCell(x.quantity, changes)}${moneyCell(x.price, changes)}</tr>`,
    )
    .join('');
  return `<table class="delta" data-unit="${changes}"><caption>${esc(L('delta_title'))}</caption><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table><p class="note">${esc(L('delta_note'))}</p>`;
}
