import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import YAML from 'yaml';
import { IssuesError } from '../engine/core/errors.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import { COLUMNS } from './manifest.ts';
import type { Table } from './source.ts';
import { type TemplateOptions, writeTemplate } from './template.ts';
import { EXCEL_DIGITS, MANIFEST_SHEET, sheetOf } from './xlsx.ts';

// Writing a dataset folder as a workbook (datasets/xlsx.ts reads it back to the same rows), and the workbook
// template of `gep template --xlsx`: the folder template, converted.

/** A blank dataset for a new region as one workbook: the folder template of datasets/template.ts, converted. */
export async function writeTemplateWorkbook(file: string, model: CompiledModel, opts: TemplateOptions): Promise<string[]> {
  if (existsSync(file))
    throw new IssuesError('dataset', [{ code: 'dataset_exists', file, message: `${file} exists already; choose a new file name` }]);
  const tmp = mkdtempSync(join(tmpdir(), 'gep-template-'));
  try {
    writeTemplate(join(tmp, 'dataset'), model, opts);
    const book = await folderWorkbook(join(tmp, 'dataset'));
    writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
    return book.worksheets.map((s) => s.name);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A dataset folder as a workbook: the manifest on the sheet "dataset", each table the manifest lists on its sheet. */
export async function folderWorkbook(dir: string): Promise<ExcelJS.Workbook> {
  const manifest = YAML.parse(readFileSync(join(dir, 'dataset.yaml'), 'utf8')) as Record<string, unknown> & {
    files: Record<string, string>;
  };
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(MANIFEST_SHEET);
  sheet.addRow(['key', 'value']);
  // the sheets are found by their names, so the workbook's manifest lists no files
  for (const [key, value] of manifestRows(manifest)) if (key !== 'files' && !key.startsWith('files.')) sheet.addRow([key, value]);
  style(sheet, [24, 100]);
  sheet.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  for (const table of Object.keys(COLUMNS) as Table[]) {
    const name = manifest.files[table];
    if (!name) continue;
    const records = parse(readFileSync(join(dir, name)), { bom: true, skip_empty_lines: true }) as string[][];
    const ws = book.addWorksheet(sheetOf(table));
    for (const [n, record] of records.entries()) ws.addRow(n === 0 ? record : record.map(cellValue));
    style(
      ws,
      (records[0] ?? []).map((h) => (h === 'source' ? 40 : 16)),
    );
  }
  return book;
}

/** The manifest as key/value rows: a mapping as dotted keys (name.zh), a list as YAML, a text that would read as something else quoted. */
export function manifestRows(o: Record<string, unknown>, prefix = ''): [string, string | number | boolean][] {
  return Object.entries(o).flatMap(([k, v]): [string, string | number | boolean][] => {
    const key = prefix + k;
    if (v && typeof v === 'object' && !Array.isArray(v)) return manifestRows(v as Record<string, unknown>, `${key}.`);
    if (Array.isArray(v))
      return [
        [key, v.every((x) => typeof x !== 'object') ? YAML.stringify(v, { collectionStyle: 'flow' }).trim() : YAML.stringify(v).trimEnd()],
      ];
    if (typeof v === 'string' && (/^([[{"'|>]|-(\s|$))/.test(v.trim()) || /^(true|false|[-+]?\d+)$/i.test(v.trim())))
      return [[key, JSON.stringify(v)]];
    return [[key, v as string | number | boolean]];
  });
}

/** A CSV cell as a workbook cell: a number when Excel holds it exactly and it reads back as the same text, else text. */
function cellValue(t: string): string | number {
  const n = Number(t);
  return t !== '' && String(n) === t && t.replace(/[-.]|e.*$/g, '').replace(/^0+/, '').length <= EXCEL_DIGITS ? n : t;
}

function style(ws: ExcelJS.Worksheet, widths: number[]) {
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  widths.forEach((w, n) => {
    ws.getColumn(n + 1).width = w;
  });
}
