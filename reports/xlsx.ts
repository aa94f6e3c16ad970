import { localCoefficientRows } from './local-coefficients.ts';
import ExcelJS from 'exceljs';
import { Dec } from '../engine/core/decimal.ts';
import type { CarbonRun } from '../lib/carbon-run.ts';
import type { DualRun } from '../lib/dual.ts';
import type { UncertaintyRun } from '../lib/uncertainty.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { overrideRows } from './scenario-rows.ts';
import type { AccountRun } from '../lib/run.ts';
import type { FinanceRun } from '../lib/finance.ts';
import { financeLabel } from './finance-labels.ts';
import { financeRows } from './finance.ts';
import { keyLabel, t, type Lang, type LabelKey } from './labels.ts';
import { moneyLabel, moneyUnitFor } from './format.ts';
import { type XlsxLabelKey, xl } from './xlsx-labels.ts';
import { unitName, xlsxNames } from './xlsx-names.ts';
import { longSheet } from './xlsx-rows.ts';
import { addTableSheet, type Cell, type Column } from './xlsx-sheet.ts';
import { givenNotes } from './given-notes.ts';
import { resultRows } from './results-csv.ts';

export type { ExtraSheet } from './xlsx-sheet.ts';
import type { ExtraSheet } from './xlsx-sheet.ts';

const FIXED_DATE = new Date(Date.UTC(2000, 0, 1)); // no clock in a report: the same run gives the same workbook content
const DECIMAL = /^-?\d+(\.\d+)?$/;
/** A finance-sheet value: CNY amounts in 亿元/万元 by their size (the unit column says which), other decimals as numbers, text as text. */
const financeValue = (value: string, unit: string): { cell: Cell; unit: string } =>
  DECIMAL.test(value) && unit === 'CNY'
    ? { cell: { cny: new Dec(value), unit: moneyUnitFor([new Dec(value)]) }, unit: '' }
    : { cell: value, unit };

/**
 * The workbook for Excel users: summary, detail (the long rows), coefficients, provenance, scenarios, the finance
 * sheet, then each part's sheet. Numbers are numbers (money in 亿元/万元 with the unit in the header, quantities to 4
 * significant figures), each beside a hidden column with the exact decimal text of the result files; years are
 * numbers; names stand where ids were (the ids in hidden columns for VLOOKUP); header rows frozen, widths fitted.
 */
export async function xlsxReport(
  run: AccountRun,
  lang: Lang,
  extra: ExtraSheet[] = [],
  dual?: DualRun,
  carbon?: CarbonRun,
  uncertainty?: UncertaintyRun,
  scenario?: Scenario,
  rights?: FinanceRun,
): Promise<Buffer> {
  const { meta, model, account, dataset } = run;
  const L = (k: LabelKey) => t(k, lang);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'gep-ledger';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;

  const names = xlsxNames(run, lang, carbon?.factors, carbon?.data.entities);
  const X = (k: XlsxLabelKey, fill?: Record<string, string | number>) => xl(k, lang, fill);
  const sheet = (name: string, columns: Column[], rows: Cell[][]) => addTableSheet(wb, { name, columns, rows }, lang);

  sheet(
    L('summary'),
    [
      { head: X('region') },
      { head: X('region_id'), kind: 'id' },
      { head: X('year'), kind: 'year' },
      { head: X('gep_current'), kind: 'money' },
      { head: X('gep_constant', { y: account.baseYear }), kind: 'money' },
      ...model.categories.map(
        (c): Column => ({ head: `${c.label[lang]}${lang === 'zh' ? '（当年价）' : ' (current prices)'}`, kind: 'money' }),
      ),
    ],
    account.regionYears.map((ry) => [
      names.region(ry.region),
      ry.region,
      ry.year,
      ry.gep.current,
      ry.gep.constant,
      ...model.categories.map((c) => ry.categories.get(c.id)!.current),
    ]),
  );

  addTableSheet(wb, longSheet(L('detail'), resultRows(run), names, lang), lang);
  // the rows behind values the dataset gave (the detail sheet's origin column marks them): only when there are some
  const given = givenNotes(run);
  if (given.length)
    sheet(
      L('sheet_given'),
      [
        { head: X('region') },
        { head: X('year'), kind: 'year' },
        { head: X('indicator') },
        { head: X('indicator_id'), kind: 'id' },
        { head: X('key') },
        { head: X('source'), free: true },
      ],
      given.map((g) => [names.region(g.region), g.year, names.indicator(g.indicator), g.indicator, g.key ? names.key(g.key) : '', g.where]),
    );

  const coefRows: Cell[][] = [];
  for (const c of model.coefficients.values()) {
    const dims = c.dims.map((d) => model.dims.get(d.name)?.label[lang] ?? d.name).join(lang === 'zh' ? '、' : ', ');
    for (const e of c.entries) {
      const table = [...(e.table ?? [])]
        .map(
          ([k, v]) =>
            `${k
              .split('|')
              .map((part, i) => (c.dims[i] ? keyLabel(model, c.dims[i]!.name, part, lang) : part))
              .join('|')}=${v.value}`,
        )
        .join(lang === 'zh' ? '；' : '; ');
      coefRows.push([
        c.label[lang],
        c.name,
        unitName(c.unit.text, lang),
        dims,
        e.from,
        e.scalar ? e.scalar.value : '',
        table,
        e.range ? `${e.range.low}–${e.range.high}` : '',
        c.currency ? e.priceYear : '',
        c.priceIndex ? c.priceIndex.toUpperCase() : '',
        meta.model,
        e.source,
      ]);
    }
  }
  sheet(
    L('coefficients'),
    [
      { head: L('coefficient') },
      { head: X('coef_id'), kind: 'id' },
      { head: X('unit') },
      { head: X('coef_dims') },
      { head: X('valid_from'), kind: 'year' },
      { head: X('coef_value'), kind: 'quantity' },
      { head: X('coef_table'), width: 50 },
      { head: X('coef_range') },
      { head: X('price_year'), kind: 'year' },
      { head: X('price_index') },
      { head: X('model'), free: true },
      { head: X('source'), free: true, width: 60 },
    ],
    coefRows,
  );

  const yesNo = (b: boolean) => X(b ? 'yes' : 'no');
  sheet(
    L('provenance'),
    [
      { head: X('item'), width: 36 },
      { head: X('value'), free: true, width: 100 },
    ],
    [
      [X('p_run'), meta.id],
      [X('p_engine'), meta.engine_version],
      [X('p_model'), meta.model],
      [X('p_model_hash'), meta.model_hash],
      [X('p_dataset'), `${dataset.manifest.name[lang]} (${meta.dataset.id})`],
      [X('p_dataset_hash'), meta.dataset.hash],
      [X('p_illustrative'), yesNo(meta.dataset.illustrative)],
      ...dataset.files.map((f) => [X('p_file'), `${f.name}: ${f.sha256}`]),
      [X('p_scenario'), names.scenario(meta.scenario)],
      [X('p_base_year'), meta.base_year],
      [X('p_regions'), meta.regions.map(names.region).join(lang === 'zh' ? '、' : ', ')],
      [X('p_years'), meta.years.join(lang === 'zh' ? '、' : ', ')],
      // the dataset's own coefficients (coefficients.csv): coefficient, region, key, from, value, price year, source, file:line
      ...localCoefficientRows(meta).map(([c = '', region = '', key, from = '', value, priceYear, source, at]) => [
        X('p_local', {
          c: `${model.coefficients.get(c)?.label[lang] ?? c}${key ? ` ${key}` : ''}`,
          r: region === '*' ? X('p_all_regions') : names.region(region), // "*": every region of the dataset
          y: from,
        }),
        `${value}${priceYear ? ` (${priceYear})` : ''}; ${source}; ${at}`,
      ]),
      ...model.sources.map((s) => [X('p_source'), `${s.id}: ${s.citation}${s.url ? ` ${s.url}` : ''}`]),
      ...dataset.manifest.sources.map((s) => [X('p_data_source'), `${s.id}: ${s.citation}${s.url ? ` ${s.url}` : ''}`]),
    ],
  );

  // the run's scenario, its hash, and every override as a row
  const kinds: Record<string, XlsxLabelKey> = {
    coefficient: 's_coefficient',
    input: 's_input',
    conversion: 's_conversion',
    growth: 's_growth',
  };
  const label = scenario ? (typeof scenario.label === 'string' ? scenario.label : scenario.label[lang]) : '';
  sheet(
    L('scenarios'),
    [
      { head: X('scenario') },
      { head: X('scenario_id'), kind: 'id' },
      { head: X('s_kind') },
      { head: X('s_target'), free: true },
      { head: X('region') },
      { head: X('s_from'), kind: 'year' },
      { head: X('s_change'), free: true },
      { head: X('source'), free: true, width: 60 },
    ],
    [
      [
        meta.scenario === 'baseline' ? L('baseline') : label || meta.scenario,
        meta.scenario,
        '',
        meta.scenario_hash ?? '',
        '',
        '',
        '',
        scenario?.description ?? '',
      ],
      ...(scenario
        ? overrideRows(scenario).map(([kind, target, region, from, change, source]) => [
            label || meta.scenario,
            meta.scenario,
            kinds[kind!] ? X(kinds[kind!]!) : kind,
            kind === 'conversion'
              ? target!
                  .split(' → ')
                  .map((k) => keyLabel(model, 'ecosystem_type', k, lang))
                  .join(' → ')
              : target,
            region ? names.region(region) : '',
            from,
            change!.replace(' / year', lang === 'zh' ? ' /年' : ' / year'),
            source,
          ])
        : []),
    ],
  );

  sheet(
    L('finance'),
    [
      { head: X('item'), width: 40 },
      { head: X('region') },
      { head: X('region_id'), kind: 'id' },
      { head: X('from_year'), kind: 'year' },
      { head: X('year'), kind: 'year' },
      { head: X('coef_value'), kind: 'quantity' },
      { head: X('unit') },
      { head: X('price_year'), kind: 'year' },
      { head: X('note'), free: true, width: 60 },
    ],
    financeRows(run, lang, dual, carbon, uncertainty, rights).map((r) => {
      const span = /^(\d{4})→(\d{4})$/.exec(r.year);
      const list = !span && r.year.includes(',');
      const v = financeValue(r.value, r.unit);
      const unit =
        typeof v.cell === 'object' && v.cell && 'cny' in v.cell ? moneyLabel(v.cell.unit, lang) : v.unit ? unitName(v.unit, lang) : '';
      return [
        financeLabel(r.item, lang),
        names.region(r.region),
        r.region,
        span ? span[1] : '',
        span ? span[2] : list ? '' : r.year,
        v.cell,
        unit,
        r.price_year,
        list ? [`${X('year')}${lang === 'zh' ? '：' : ': '}${r.year}`, r.note].filter(Boolean).join(lang === 'zh' ? '；' : '; ') : r.note,
      ];
    }),
  );

  for (const x of extra) addTableSheet(wb, 'long' in x ? longSheet(x.name, x.long, names, lang) : 'build' in x ? x.build(names) : x, lang);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
