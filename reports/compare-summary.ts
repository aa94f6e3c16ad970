import { Dec, grouped } from '../engine/core/decimal.ts';
import { type CompareLine, isZeroLine } from '../lib/compare.ts';
import { markdown, type Table, yi } from './summary.ts';

/** Tables of a scenario comparison for the terminal and summary.md: reference, scenario, Δ and Δ % side by side. */

const DUAL_SHOWN = ['dual.gep_gdp_ratio', 'dual.realisation_rate', 'dual.geep'];
/** Δ % as read: two places and a sign, or – where there is none (a reference of 0). */
export const pctText = (p: string) =>
  p === '' ? '–' : `${p.startsWith('-') || new Dec(p).isZero() ? '' : '+'}${grouped(new Dec(p), 2)} %`;

/** GEP (current and constant prices) by scenario and year, and the dual indicators when present. */
export function compareTable(lines: CompareLine[]): Table {
  const pick = ({ row: r }: CompareLine) =>
    (r.level === 'total' && r.indicator === 'gep') ||
    (r.level === 'dual' && DUAL_SHOWN.includes(r.indicator) && r.price_basis !== 'constant');
  return {
    head: ['scenario', 'region', 'year', 'indicator', 'basis', 'unit', 'reference', 'scenario value', 'Δ', 'Δ %'],
    align: ['l', 'l', 'l', 'l', 'l', 'l', 'r', 'r', 'r', 'r'],
    rows: lines.filter(pick).map((l) => {
      const money = l.row.money_value !== '' || l.money.delta !== '';
      const v = money ? l.money : l.physical;
      const f = (x: string) => (x === '' ? '–' : money ? yi(new Dec(x)) : grouped(new Dec(x), 6));
      return [
        l.scenario,
        l.row.region,
        l.row.year,
        l.row.indicator,
        l.row.price_basis || '–',
        money ? '10⁸ CNY' : l.row.physical_unit,
        f(v.reference),
        f(v.scenario),
        f(v.delta),
        pctText(v.pct),
      ];
    }),
  };
}

/** The services whose physical or money value changed in one year, at current prices. */
export function changedServicesTable(lines: CompareLine[], scenario: string, year: string): Table {
  const changed = lines.filter(
    (l) => l.scenario === scenario && l.row.year === year && l.row.level === 'service' && l.row.price_basis === 'current' && !isZeroLine(l),
  );
  const q = (x: string) => (x === '' ? '' : grouped(new Dec(x), 2));
  return {
    head: ['service', 'unit', 'reference', 'scenario', 'Δ physical', 'Δ %', 'money ref. 10⁸ CNY', 'money scen.', 'Δ money', 'Δ % money'],
    align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    rows: changed.map((l) => [
      l.row.indicator,
      l.row.physical_unit,
      q(l.physical.reference),
      q(l.physical.scenario),
      q(l.physical.delta),
      pctText(l.physical.pct),
      yi(new Dec(l.money.reference || '0')),
      yi(new Dec(l.money.scenario || '0')),
      yi(new Dec(l.money.delta || '0')),
      pctText(l.money.pct),
    ]),
  };
}

export function compareSummaryMarkdown(lines: CompareLine[], scenarios: string[], reference: string): string {
  const out = [`# Scenario comparison — against ${reference}`, '', markdown(compareTable(lines)), ''];
  const lastYear = lines.reduce((a, l) => (l.row.year > a ? l.row.year : a), '');
  for (const s of scenarios)
    out.push(`## ${s}: services that changed in ${lastYear} (current prices)`, '', markdown(changedServicesTable(lines, s, lastYear)), '');
  out.push(
    'Every indicator (physical and money, current and constant prices) is in comparison.csv with the reference, the scenario, Δ and Δ %; results.csv holds the runs’ own rows and the Δ rows.',
    '',
  );
  return out.join('\n');
}
