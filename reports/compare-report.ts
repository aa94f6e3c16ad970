import type { CompiledModel } from '../engine/model/types.ts';
import { comparisonSection } from './compare-section.ts';
import { esc } from './html.ts';
import { t, type Lang } from './labels.ts';
import { RESULT_COLUMNS, rowCells, rowsCsv } from './results-csv.ts';
import { type CompareLine, deltaRows } from '../lib/compare.ts';

/**
 * A comparison of stored runs on its own (POST /compare): the Δ rows as CSV or a workbook, or an HTML page with
 * the reference, the scenario, Δ and Δ % side by side.
 */
export async function renderCompare(
  format: 'csv' | 'html' | 'xlsx',
  model: CompiledModel,
  lines: CompareLine[],
  lang: Lang,
): Promise<string | Buffer> {
  const rows = deltaRows(lines);
  if (format === 'csv') return rowsCsv(rows);
  if (format === 'html') {
    return `<!doctype html>\n<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(t('comparison', lang))}</title>
<style>body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem}table{border-collapse:collapse;width:100%;font-size:.88rem;margin:1rem 0}th,td{border:1px solid #ccd;padding:.25rem .45rem}th{background:#eef2f7;text-align:left}td.n{text-align:right;white-space:nowrap}.note{color:#555}</style></head>
<body><h1>${esc(t('comparison', lang))} — ${esc(model.ref)}</h1>${comparisonSection(model, lines, lang)}</body></html>\n`;
  }
  // exceljs (~7.5 MB of heap, 156 modules) loaded only for a workbook: the server's main isolate stays small
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date(Date.UTC(2000, 0, 1));
  const ws = wb.addWorksheet(t('comparison', lang), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow([...RESULT_COLUMNS]).font = { bold: true };
  for (const r of rows) ws.addRow(rowCells(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
