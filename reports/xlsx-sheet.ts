import type ExcelJS from 'exceljs';
import { Dec, str } from '../engine/core/decimal.ts';
import { MONEY_UNITS, type MoneyUnit, moneyLabel, moneyUnitFor, sigPlaces } from './format.ts';
import type { Lang } from './labels.ts';
import type { ResultRow } from './results-csv.ts';
import type { Names } from './xlsx-names.ts';

/**
 * A sheet as columns of a kind and rows of cells, for Excel users:
 * - `money` (CNY amounts, exact decimals): a number in the column's money unit (亿元/万元/元 by its largest value,
 *   reports/format.ts), 2 decimals, the unit in the header; the exact CNY text in a hidden column beside it;
 * - `quantity` (physical quantities, energy, emissions, ratios): a number shown to 4 significant figures (a format
 *   per cell), the exact text in a hidden column beside it;
 * - `percent` (a ratio 0.123): a number shown as 12.3%, the exact ratio beside it;
 * - `year`: a number; `id`: a hidden text column (for VLOOKUP); `text` (the default): text.
 * A numeric column may hold text in a row (a note, a span): it stays text. Numbers are binary doubles, display
 * only: the hidden exact column keeps the decimal text of the result files.
 */
export type ColKind = 'text' | 'id' | 'year' | 'money' | 'quantity' | 'percent';
export interface Column {
  head: string;
  kind?: ColKind;
  /** Free text from the data (citations, file names, hashes): not a label (the zh-text test skips it). */
  free?: boolean;
  hidden?: boolean;
  /** A fixed width (characters); otherwise fitted to the content. */
  width?: number;
}
/** A money amount in one row's own unit (a list of items whose units differ: the finance sheet). */
export interface MoneyCell {
  cny: Dec;
  unit: MoneyUnit;
}
export type Cell = string | number | Dec | MoneyCell | null | undefined;
const isMoney = (c: Cell): c is MoneyCell => typeof c === 'object' && c !== null && !(c instanceof Dec);
export interface TableSheet {
  name: string;
  columns: Column[];
  rows: Cell[][];
}
/** A sheet of long result rows (RESULT_COLUMNS), laid out by the workbook with the account's names (xlsx-rows.ts). */
export interface LongSheet {
  name: string;
  long: ResultRow[];
}
/** A sheet laid out with the account's names (region, indicator, key names). */
export interface NamedSheet {
  name: string;
  build: (names: Names) => TableSheet;
}
/** A sheet another result kind adds (carbon, dual, comparison …). */
export type ExtraSheet = TableSheet | LongSheet | NamedSheet;

const DECIMAL = /^-?\d+(\.\d+)?$/;
/** A cell as an exact decimal when it is one (a Dec, or decimal text as the result rows carry). */
const asDec = (c: Cell): Dec | undefined =>
  isMoney(c)
    ? c.cny
    : c instanceof Dec
      ? c
      : typeof c === 'string' && DECIMAL.test(c)
        ? new Dec(c)
        : typeof c === 'number'
          ? new Dec(c)
          : undefined;
const places = (n: number) => (n > 0 ? `.${'0'.repeat(n)}` : '');
const sigFormat = (x: Dec) => `#,##0${places(sigPlaces(x))}`;
/** Display width of text: a CJK (or other wide) character counts two. */
export const textWidth = (s: string): number => {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
};
const EXACT = { zh: '精确值', en: 'exact' };
/** A header with a unit or note added inside its last bracket: GEP（当年价）+ 亿元 → GEP（当年价，亿元）; GEP + 亿元 → GEP（亿元）. */
function withUnit(head: string, unit: string, lang: Lang): string {
  if (lang === 'zh') return head.endsWith('）') ? `${head.slice(0, -1)}，${unit}）` : `${head}（${unit}）`;
  return head.endsWith(')') ? `${head.slice(0, -1)}, ${unit})` : `${head} (${unit})`;
}

/** Add a sheet to the workbook: header row frozen, numbers with formats, hidden exact columns, fitted widths, a filter on long tables. */
export function addTableSheet(wb: ExcelJS.Workbook, sheet: TableSheet, lang: Lang): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(sheet.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  // each source column becomes one or two sheet columns (the value, its exact text)
  interface Out {
    head: string;
    hidden: boolean;
    width?: number;
    cell: (c: Cell) => { value: string | number | null; numFmt?: string; shown: string };
  }
  const out: Out[] = [];
  for (const [n, col] of sheet.columns.entries()) {
    const kind = col.kind ?? 'text';
    const values = sheet.rows.map((r) => r[n]);
    const text = (c: Cell) => {
      const s = c === null || c === undefined ? '' : c instanceof Dec ? str(c) : isMoney(c) ? str(c.cny) : String(c);
      return { value: s === '' ? null : s, shown: s };
    };
    if (kind === 'text' || kind === 'id') {
      // a number in a text column (a base year in the provenance list) stays a number
      const cell = (c: Cell) => (typeof c === 'number' ? { value: c, shown: String(c) } : text(c));
      out.push({ head: col.head, hidden: kind === 'id' || !!col.hidden, ...(col.width ? { width: col.width } : {}), cell });
      continue;
    }
    if (kind === 'year') {
      out.push({
        head: col.head,
        hidden: !!col.hidden,
        cell: (c) =>
          typeof c === 'number' || (typeof c === 'string' && /^\d{4}$/.test(c))
            ? { value: Number(c), numFmt: '0', shown: String(c) }
            : text(c),
      });
      continue;
    }
    const decs = values
      .filter((c) => !isMoney(c))
      .map(asDec)
      .filter((d): d is Dec => d !== undefined);
    const unit = kind === 'money' ? moneyUnitFor(decs) : undefined;
    const div = unit ? MONEY_UNITS[unit].div : '1';
    const head = unit && decs.length ? withUnit(col.head, moneyLabel(unit, lang), lang) : col.head;
    out.push({
      head,
      hidden: !!col.hidden,
      cell: (c) => {
        if (isMoney(c)) {
          const v = c.cny.div(MONEY_UNITS[c.unit].div);
          return { value: Number(v.toString()), numFmt: '#,##0.00', shown: v.toFixed(2) };
        }
        const d = asDec(c);
        if (!d) return text(c);
        if (kind === 'money') {
          const v = d.div(div);
          return { value: Number(v.toString()), numFmt: '#,##0.00', shown: v.toFixed(2) };
        }
        if (kind === 'percent') return { value: Number(d.toString()), numFmt: '0.0%', shown: `${d.times(100).toFixed(1)}%` };
        return { value: Number(d.toString()), numFmt: sigFormat(d), shown: d.toFixed(sigPlaces(d)) };
      },
    });
    const exactHead = withUnit(
      col.head,
      kind === 'money' ? `${lang === 'zh' ? '元' : 'CNY'}${lang === 'zh' ? '，' : ', '}${EXACT[lang]}` : EXACT[lang],
      lang,
    );
    out.push({ head: exactHead, hidden: true, cell: (c) => text(asDec(c) ?? c) });
  }

  const header = ws.addRow(out.map((o) => o.head));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  const widths = out.map((o) => Math.min(24, textWidth(o.head)));
  for (const r of sheet.rows) {
    const cells: { value: string | number | null; numFmt?: string; shown: string }[] = [];
    let k = 0;
    for (const [n, col] of sheet.columns.entries()) {
      const numeric = col.kind && col.kind !== 'text' && col.kind !== 'id' && col.kind !== 'year';
      cells.push(out[k]!.cell(r[n]));
      if (numeric) cells.push(out[k + 1]!.cell(r[n]));
      k += numeric ? 2 : 1;
    }
    const row = ws.addRow(cells.map((c) => c.value));
    cells.forEach((c, i) => {
      if (c.numFmt) row.getCell(i + 1).numFmt = c.numFmt;
      // a grouped number is about a third wider than its digits
      const w = typeof c.value === 'number' ? c.shown.length + Math.floor(c.shown.length / 3) : textWidth(c.shown);
      if (w > widths[i]!) widths[i] = w;
    });
  }
  out.forEach((o, i) => {
    const col = ws.getColumn(i + 1);
    col.width = o.width ?? Math.min(60, Math.max(8, widths[i]! + 2));
    if (o.hidden) col.hidden = true;
  });
  if (sheet.rows.length > 10) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: out.length } };
  return ws;
}

/** The headers of the sheet's free-text columns (citations, hashes, file names), as written. */
export const freeHeads = (sheet: TableSheet): string[] => sheet.columns.filter((c) => c.free).map((c) => c.head);
