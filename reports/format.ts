import { Dec, grouped } from '../engine/core/decimal.ts';
import type { Label, Lang } from './labels.ts';

/**
 * How a report shows a number to a person (HTML, XLSX display formats, the workbench). One set of rules,
 * so that a table never mixes 2,611,885,000.00 with 26.12, or 662.84 with 2,836:
 * - money: one unit per table or column, chosen by its largest magnitude (money unit), always 2 decimals in it;
 * - physical quantities, energy and emissions: 4 significant figures, never fewer than 0 decimals, grouped;
 * - shares and rates: percent with 1 decimal;
 * - unit symbols with superscripts and subscripts (m³, km², tCO₂e, 10⁴ t).
 * Display only: every file still carries the exact decimal text beside the rounded figure.
 */

export type MoneyUnit = 'yi' | 'wan' | 'yuan';
export const MONEY_UNITS: Record<MoneyUnit, { div: string; label: Label }> = {
  yi: { div: '100000000', label: { zh: '亿元', en: '10⁸ CNY' } },
  wan: { div: '10000', label: { zh: '万元', en: '10⁴ CNY' } },
  yuan: { div: '1', label: { zh: '元', en: 'CNY' } },
};

/** The unit a set of CNY amounts is shown in: 亿元 when the largest is at least 10⁸ CNY, 万元 from 10⁴, else 元. */
export function moneyUnitFor(values: Iterable<Dec>): MoneyUnit {
  let max = new Dec(0);
  for (const v of values) if (v.abs().gt(max)) max = v.abs();
  return max.gte(MONEY_UNITS.yi.div) ? 'yi' : max.gte(MONEY_UNITS.wan.div) ? 'wan' : 'yuan';
}
/** A CNY amount in a money unit, 2 decimals, grouped: 26.12 (亿元). */
export const money = (cny: Dec, unit: MoneyUnit): string => grouped(cny.div(MONEY_UNITS[unit].div), 2);
/** The money unit's name: 亿元 / 10⁸ CNY. */
export const moneyLabel = (unit: MoneyUnit, lang: Lang): string => MONEY_UNITS[unit].label[lang];

/** Decimals that show 4 significant figures of x (0 from 1,000 up; at most 6). */
export function sigPlaces(x: Dec, figures = 4): number {
  if (x.isZero()) return 0;
  const exponent = x.abs().e; // floor(log10|x|)
  return Math.min(6, Math.max(0, figures - 1 - exponent));
}
/** A physical quantity, energy or emission figure: 4 significant figures, grouped (662.8, 2,836, 0.01234). */
export const quantity = (x: Dec): string => grouped(x, sigPlaces(x));
/** A share or rate given as a ratio (0.1234 → 12.3%). */
export const percent = (ratio: Dec): string => `${grouped(ratio.times(100), 1)}%`;

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};
const SUBSCRIPT: Record<string, string> = { '2': '₂', '4': '₄', x: 'ₓ' };
const sup = (digits: string) => [...digits].map((c) => SUPERSCRIPT[c] ?? c).join('');

/**
 * A unit as printed for people: 10^4 t → 10⁴ t, m3 → m³, km2 → km², tCO2e → tCO₂e, kgCO2/kWh → kgCO₂/kWh,
 * SO2 → SO₂, CH4 → CH₄, N2O → N₂O; `CNY` → 元 in Chinese. The engine's notation stays in data files.
 */
export function unitSymbol(unit: string, lang: Lang = 'en'): string {
  let s = unit
    .replace(/10\^(-?\d+)/g, (_, d: string) => `10${sup(d)}`)
    .replace(/\b(k?m|hm|cm|mm|dm)([23])\b/g, (_, u: string, d: string) => `${u}${sup(d)}`)
    .replace(/\bm([23])(?=\/|\b)/g, (_, d: string) => `m${sup(d)}`)
    .replace(/(CO|SO|NO|N)2/g, (_, u: string) => `${u}₂`)
    .replace(/CH4/g, 'CH₄')
    .replace(/N₂O/g, 'N₂O');
  if (lang === 'zh')
    s = s
      .replace(/\bCNY\b/g, '元')
      .replace(/\bvisits?\b/g, '人次')
      .replace(/\bpersons?\b/g, '人');
  return s.replace(/\b([A-Z]{2,})([24x])\b/g, (m, u: string, d: string) => (SUBSCRIPT[d] && u !== 'CNY' ? `${u}${SUBSCRIPT[d]}` : m));
}
