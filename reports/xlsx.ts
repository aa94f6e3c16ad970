import { localCoefficientRows } from './local-coefficients.ts';
import ExcelJS from 'exceljs';
import { str } from '../engine/core/decimal.ts';
import type { CarbonRun } from '../lib/carbon-run.ts';
import type { DualRun } from '../lib/dual.ts';
import type { UncertaintyRun } from '../lib/uncertainty.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { overrideRows } from './scenario-rows.ts';
import type { AccountRun } from '../lib/run.ts';
import type { FinanceRun } from '../lib/finance.ts';
import { financeLabel } from './finance-labels.ts';
import { financeRows } from './finance.ts';
import { indicatorLabel, t, type Lang, type LabelKey } from './labels.ts';
import { givenNotes } from './given-notes.ts';
import { RESULT_COLUMNS, resultRows, rowCells } from './results-csv.ts';

/** A sheet another result kind adds (carbon, dual, comparison): a header and rows of text. */
export interface ExtraSheet {
  name: string;
  head: string[];
  rows: string[][];
}

const FIXED_DATE = new Date(Date.UTC(2000, 0, 1)); // no clock in a report: the same run gives the same workbook content

/**
 * The workbook: summary, detail (the long rows), coefficients, provenance, scenarios and the finance
 * sheet. Every value is an exact decimal kept as text (Excel's numbers are binary doubles, which would
 * round GEP totals of 10¹¹ CNY); the summary adds a rounded 10⁸ CNY column as a number for charts.
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

  const sheet = (name: string, head: string[], rows: (string | number)[][], widths?: number[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(head).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    ws.columns.forEach((c, n) => {
      c.width = widths?.[n] ?? Math.min(60, Math.max(10, head[n]!.length + 2));
    });
    if (rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: head.length } };
    return ws;
  };

  const gep = indicatorLabel(model, 'gep', lang);
  sheet(
    L('summary'),
    [
      L('region'),
      L('year'),
      `${gep} (${L('current_prices')}, CNY)`,
      `${gep} (${account.baseYear} ${L('constant_prices')}, CNY)`,
      ...model.categories.map((c) => `${c.label[lang]} (${L('current_prices')}, CNY)`),
      `${gep} (${L('current_prices')}, ${L('yi_cny')}, ≈)`,
    ],
    account.regionYears.map((ry) => [
      ry.region,
      ry.year,
      str(ry.gep.current),
      str(ry.gep.constant),
      ...model.categories.map((c) => str(ry.categories.get(c.id)!.current)),
      Number(ry.gep.current.div(1e8).toFixed(2)),
    ]),
    [14, 8, 26, 26],
  );

  sheet(
    L('detail'),
    [...RESULT_COLUMNS],
    resultRows(run).map((r) => rowCells(r)),
  );
  // the rows behind values the dataset gave (the detail sheet's origin column marks them): only when there are some
  const given = givenNotes(run);
  if (given.length)
    sheet(
      L('sheet_given'),
      [L('region'), L('year'), 'indicator', 'key', L('source')],
      given.map((g) => [g.region, g.year, g.indicator, g.key, g.where]),
    );

  const coefRows: string[][] = [];
  for (const c of model.coefficients.values()) {
    for (const e of c.entries) {
      const value = e.scalar ? e.scalar.value.toString() : [...(e.table ?? [])].map(([k, v]) => `${k}=${v.value}`).join('; ');
      coefRows.push([
        meta.model,
        c.name,
        c.label[lang],
        c.unit.text,
        c.dims.map((d) => d.name).join(','),
        String(e.from),
        value,
        e.range ? `${e.range.low}–${e.range.high}` : '',
        c.currency ? String(e.priceYear) : '',
        c.priceIndex ?? '',
        e.source,
      ]);
    }
  }
  sheet(
    L('coefficients'),
    [
      L('model'),
      'id',
      L('coefficient'),
      L('unit'),
      'dims',
      L('valid_from'),
      L('value'),
      'low–high',
      L('price_year'),
      'price index',
      L('source'),
    ],
    coefRows,
    [20, 26, 30, 12, 14, 10, 30, 14, 10, 10, 60],
  );

  sheet(
    L('provenance'),
    [L('item'), L('value')],
    [
      ['run', meta.id],
      ['engine_version', meta.engine_version],
      ['model', meta.model],
      ['model_hash', meta.model_hash],
      ['dataset', meta.dataset.id],
      ['dataset_sha256', meta.dataset.hash],
      ['illustrative', String(meta.dataset.illustrative)],
      ...dataset.files.map((f) => [`file ${f.name} sha256`, f.sha256]),
      ['scenario', meta.scenario],
      ['base_year', String(meta.base_year)],
      ['regions', meta.regions.join(', ')],
      ['years', meta.years.join(', ')],
      // the dataset's own coefficients (coefficients.csv): coefficient, region, key, from, value, price year, source, file:line
      ...localCoefficientRows(meta).map(([c, region, key, from, value, priceYear, source, at]) => [
        `local coefficient ${c} ${region}${key ? ` ${key}` : ''} from ${from}`,
        `${value}${priceYear ? ` (${priceYear} prices)` : ''}; ${source}; ${at}`,
      ]),
      ...model.sources.map((s) => [`source ${s.id}`, `${s.citation}${s.url ? ` ${s.url}` : ''}`]),
      ...dataset.manifest.sources.map((s) => [`data source ${s.id}`, `${s.citation}${s.url ? ` ${s.url}` : ''}`]),
    ],
    [28, 100],
  );

  // the run's scenario, its hash, and every override as a row
  sheet(
    L('scenarios'),
    [L('scenario'), L('item'), 'target', L('region'), L('year'), L('value'), L('source')],
    [
      [
        meta.scenario,
        meta.scenario === 'baseline'
          ? L('baseline')
          : scenario
            ? typeof scenario.label === 'string'
              ? scenario.label
              : scenario.label[lang]
            : '',
        meta.scenario_hash ?? '',
        '',
        '',
        '',
        scenario?.description ?? '',
      ],
      ...(scenario ? overrideRows(scenario).map((r) => [meta.scenario, ...r]) : []),
    ],
    [16, 14, 30, 10, 10, 16, 60],
  );

  sheet(
    L('finance'),
    [L('item'), L('region'), L('year'), L('value'), L('unit'), L('price_year'), L('note')],
    financeRows(run, lang, dual, carbon, uncertainty, rights).map((r) => [
      financeLabel(r.item, lang),
      r.region,
      r.year,
      r.value,
      r.unit,
      r.price_year,
      r.note,
    ]),
    [40, 12, 12, 36, 8, 10, 60],
  );

  for (const x of extra) sheet(x.name, x.head, x.rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
