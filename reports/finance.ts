import { Dec, str } from '../engine/core/decimal.ts';
import type { CarbonRun } from '../lib/carbon-run.ts';
import type { DualRun } from '../lib/dual.ts';
import type { FinanceRun } from '../lib/finance.ts';
import type { UncertaintyRun } from '../lib/uncertainty.ts';
import type { AccountRun } from '../lib/run.ts';
import { t, type Lang, type LabelKey } from './labels.ts';
import type { FinanceLabelKey } from './finance-labels.ts';
import { greenFinanceRows } from './finance-green.ts';

/** One line of the finance sheet; `value` is an exact decimal string, or text for descriptive items. */
export interface FinanceRow {
  item: LabelKey | FinanceLabelKey;
  region: string;
  year: string;
  value: string;
  unit: string;
  price_year: string;
  note: string;
}

/**
 * What a bank reads (METHODS.md §4): boundary, year, method and model version; GEP level and its change
 * against the base year at constant prices; the marketable share; the carbon sink kept apart; data
 * quality and the low/central/high band when uncertainty was run. No credit ratio is built in.
 */
export function financeRows(
  run: AccountRun,
  lang: Lang,
  dual?: DualRun,
  carbon?: CarbonRun,
  uncertainty?: UncertaintyRun,
  rights?: FinanceRun,
): FinanceRow[] {
  const { account, model, dataset, meta } = run;
  const rows: FinanceRow[] = [];
  const B = account.baseYear;
  for (const region of account.regions) {
    const info = dataset.manifest.regions.find((r) => r.id === region);
    const rys = account.regionYears.filter((r) => r.region === region);
    const last = rys.at(-1)!;
    const add = (item: LabelKey, year: string | number, value: string, unit = '', priceYear: string | number = '', note = '') =>
      rows.push({ item, region, year: String(year), value, unit, price_year: String(priceYear), note });
    add('fin_boundary', rys.map((r) => r.year).join(', '), info?.name[lang] ?? region);
    if (info?.area_km2) add('fin_area', '', info.area_km2, 'km2');
    add('fin_method', '', `${model.title[lang]} (${meta.model})`, '', '', `${t('engine', lang)} ${meta.engine_version}`);
    for (const ry of rys) add('fin_gep_current', ry.year, str(ry.gep.current), 'CNY', ry.year);
    for (const ry of rys) add('fin_gep_constant', ry.year, str(ry.gep.constant), 'CNY', B);
    const base = rys.find((r) => r.year === B);
    if (base && last.year !== B) {
      const d = last.gep.constant.minus(base.gep.constant);
      add('fin_gep_change', `${B}→${last.year}`, str(d), 'CNY', B);
      if (!base.gep.constant.isZero()) add('fin_gep_change_pct', `${B}→${last.year}`, str(d.div(base.gep.constant).mul(100)), '%', B);
    }
    const prov = last.categories.get('provisioning');
    if (prov && !last.gep.current.isZero())
      add('fin_marketable', last.year, str(prov.current.div(last.gep.current).mul(100)), '%', last.year, t('fin_note_marketable', lang));
    const d = dual?.dual.rows.find((r) => r.region === region && r.year === last.year);
    if (d) {
      add('fin_gdp', last.year, str(d.gdp), 'CNY', last.year, 'economy.csv');
      add('fin_gep_gdp', last.year, str(d.ratio), '1', last.year, dual!.meta.dual_spec);
      if (d.realisationRate) add('fin_realisation', last.year, str(d.realisationRate.mul(100)), '%', last.year, dual!.meta.dual_spec);
    }
    // carbon by scope with intensities, sinks kept apart (the last inventory year)
    const inv = carbon?.inventory.filter((e) => e.region === region).at(-1);
    if (inv) {
      const m = carbon!.meta.model,
        y = inv.year;
      add('fin_carbon_scope1', y, str(inv.inventory.scope1), 'tCO2e', '', m);
      add(
        'fin_carbon_scope2',
        y,
        str(inv.inventory.scope2),
        'tCO2e',
        '',
        `${m}; ${t('grid_factor', lang)} ${carbon!.meta.grid.geography}/${carbon!.meta.grid.kind}`,
      );
      add('fin_carbon_gross', y, str(inv.inventory.gross), 'tCO2e', '', lang === 'zh' ? '范围一 + 范围二' : 'scope 1 + scope 2');
      add('fin_carbon_sinks', y, str(inv.inventory.sinks), 'tCO2', '', lang === 'zh' ? '不从总排放中扣除' : 'not netted');
      if (inv.intensities.co2PerGdp) add('fin_carbon_gdp', y, str(inv.intensities.co2PerGdp), 'tCO2e/10^4 CNY', carbon!.meta.price_year);
      if (inv.intensities.co2PerCapita) add('fin_carbon_capita', y, str(inv.intensities.co2PerCapita), 'tCO2e/person');
      if (inv.intensities.co2PerKm2) add('fin_carbon_km2', y, str(inv.intensities.co2PerKm2), 'tCO2e/km2');
    }
    const sink = last.services.find((s) => s.id === 'carbon_sequestration');
    if (sink?.physical) add('fin_sink', last.year, str(sink.physical), sink.physicalUnit, '', '');
    add('fin_quality', '', t(dataset.manifest.illustrative ? 'fin_quality_illustrative' : 'fin_quality_unscored', lang));
    const mc =
      uncertainty?.meta.region === region
        ? uncertainty.summaries[uncertainty.measured.findIndex((m) => m.id === 'gep|current')]
        : undefined;
    if (mc)
      add(
        'fin_uncertainty',
        uncertainty!.meta.year,
        `${str(mc.p5)} / ${str(mc.p50)} / ${str(mc.p95)}`,
        'CNY',
        uncertainty!.meta.year,
        `GEP P5 / P50 / P95, Monte Carlo ${uncertainty!.meta.draws} draws, seed ${uncertainty!.meta.seed}. ${t('fin_note_ratio', lang)}`,
      );
    else add('fin_uncertainty', '', t('fin_uncertainty_none', lang), '', '', t('fin_note_ratio', lang));
    if (rights) rows.push(...greenFinanceRows(rights, region, lang));
  }
  return rows;
}

/** True when a finance value is a number (so renderers can format it), not descriptive text. */
export const isNumber = (v: string) => /^-?\d+(\.\d+)?$/.test(v);
export const dec = (v: string) => new Dec(v);
