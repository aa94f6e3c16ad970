import { str, ZERO } from '../engine/core/decimal.ts';
import type { Band } from '../engine/finance/rights-band.ts';
import type { FinanceRun } from '../lib/finance.ts';
import { type FinanceLabelKey, financeLabel } from './finance-labels.ts';
import type { LabelKey, Lang } from './labels.ts';
import { quantity, unitSymbol } from './format.ts';
import { ecosystemTypeName } from './names.ts';

/** A line of the finance sheet (reports/finance.ts FinanceRow has this shape; declared here so the two files do not import each other). */
export interface GreenRow {
  item: LabelKey | FinanceLabelKey;
  region: string;
  year: string;
  value: string;
  unit: string;
  price_year: string;
  note: string;
}

/** A band as the finance sheet writes it (like the Monte Carlo row): "low / central / high". */
export const bandText = (b: Band) => `${str(b.low)} / ${str(b.central)} / ${str(b.high)}`;

/**
 * The finance sheet's rows of a finance run for one region: rights by holder and in total (never added to GEP),
 * each GEP service beside the rights of the same flow (two rows, no sum), the credit band at the lender's ratio,
 * the book's financed emissions and quality, projects' ΔtCO2e, and the extent change by ecosystem type.
 */
export function greenFinanceRows(run: FinanceRun, region: string, lang: Lang): GreenRow[] {
  const rows: GreenRow[] = [];
  const L = (k: Parameters<typeof financeLabel>[0]) => financeLabel(k, lang);
  const ref = `${run.prices.id}@${run.prices.version}`;
  const add = (item: GreenRow['item'], year: number | string, value: string, unit: string, priceYear: number | string, note: string) =>
    rows.push({ item, region, year: String(year), value, unit, price_year: String(priceYear), note });
  const illustrative = run.valued.some((v) => v.price && !v.price.verified) || run.valued.some((v) => v.method === 'income');
  const byYear = new Map<number, Band[]>();
  for (const t of run.byType.filter((t) => t.region === region)) byYear.set(t.year, [...(byYear.get(t.year) ?? []), t.value]);
  for (const t of run.byHolder.filter((t) => t.region === region)) {
    const v = run.valued.find((x) => `${x.row.holderKind}:${x.row.holder}` === t.key)!;
    add(
      'fin_rights_holder',
      t.year,
      bandText(t.value),
      'CNY',
      t.year,
      `${v.row.holderName}, ${t.rows} × ${ref}; ${L('low')} / ${L('central')} / ${L('high')}`,
    );
  }
  for (const [year, bands] of byYear) {
    const sum = (k: keyof Band) => bands.reduce((a, b) => a.plus(b[k]), ZERO);
    const total = { low: sum('low'), central: sum('central'), high: sum('high') };
    add(
      'fin_rights_total',
      year,
      bandText(total),
      'CNY',
      year,
      `${ref}. ${L('fin_note_rights_apart')}${illustrative ? ` ${L('fin_illustrative_price')}` : ''}`,
    );
  }
  for (const p of run.sameFlows.filter((p) => p.region === region)) {
    const service = run.gep.model.services.find((s) => s.id === p.service);
    const name = service ? service.label[lang] : p.service;
    if (p.gep)
      add(
        'fin_same_flow_gep',
        p.year,
        str(p.gep.money),
        'CNY',
        p.year,
        `${name}${p.gep.physical ? `: ${quantity(p.gep.physical)} ${unitSymbol(p.gep.physicalUnit, lang)}` : ''}`,
      );
    for (const r of p.rights)
      add(
        'fin_same_flow_rights',
        p.year,
        bandText(r.value),
        'CNY',
        p.year,
        `${name} ← ${run.prices.types[r.type as keyof typeof run.prices.types]?.label[lang] ?? r.type} ${quantity(r.quantity)} ${unitSymbol(r.unit, lang)}. ${L('fin_note_not_summed')}`,
      );
  }
  for (const c of run.credit.filter((c) => c.region === region))
    add(
      c.basis === 'gep' ? 'fin_credit_gep' : 'fin_credit_marketable',
      c.year,
      bandText(c.band),
      'CNY',
      c.year,
      `${str(c.ratio)} × ${bandText(c.basisBand)} (${c.fromMonteCarlo ? 'P5 / P50 / P95' : lang === 'zh' ? '点估计' : 'point'}). ${L('fin_note_lender_ratio')}`,
    );
  for (const b of run.book.filter((b) => b.region === region)) {
    add(
      'fin_financed',
      b.year,
      str(b.total),
      'tCO2e',
      '',
      lang === 'zh'
        ? `${b.exposures}笔敞口，余额 ${str(b.outstanding)} 元；PCAF 2022 A部分 §5.1–5.3`
        : `${b.exposures} exposures, outstanding ${str(b.outstanding)} CNY; PCAF 2022 Part A §5.1–5.3`,
    );
    add(
      'fin_book_quality',
      b.year,
      str(b.quality),
      '1',
      '',
      lang === 'zh' ? 'Σ(余额 × 评分) / Σ余额' : 'Σ(outstanding × score) / Σ outstanding',
    );
  }
  for (const d of run.deltas.filter((d) => d.exposure.region === region))
    add(
      'fin_project_delta',
      d.exposure.year,
      str(d.delta),
      'tCO2e/a',
      '',
      `${d.exposure.borrowerName}${d.exposure.catalogue ? `, ${d.exposure.catalogue}` : ''}`,
    );
  for (const x of run.extent.filter((x) => x.region === region)) {
    for (const r of x.rows)
      add(
        'fin_extent_change',
        `${x.fromYear}→${x.toYear}`,
        str(r.change),
        'km2',
        '',
        `${ecosystemTypeName(run.gep.model, r.type, lang)}: ${quantity(r.opening)} → ${quantity(r.closing)} km²${r.changePct ? ` (${r.changePct.toDecimalPlaces(2).toString()} %)` : ''}`,
      );
    for (const c of x.conversions)
      add(
        'fin_extent_conversion',
        `${x.fromYear}→${x.toYear}`,
        str(c.area),
        'km2',
        '',
        `${ecosystemTypeName(run.gep.model, c.from, lang)} → ${ecosystemTypeName(run.gep.model, c.to, lang)}`,
      );
  }
  return rows;
}
