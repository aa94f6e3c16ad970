import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import YAML from 'yaml';
import { type Issue, IssuesError } from '../engine/core/errors.ts';
import type { IssueCode } from '../engine/core/issue-codes.ts';
import { suggest } from '../engine/core/suggest.ts';
import { headerFits, type Row } from './csv.ts';
import { COLUMNS, EXTRA_COLUMNS, Manifest } from './manifest.ts';
import { type DatasetSource, displayName, sha256, type Table } from './source.ts';
import { type RawCell, type RawSheet, readWorkbook } from './xlsx-read.ts';

// A dataset as one .xlsx workbook: a sheet per table, named like its CSV file without ".csv" (extent,
// observations, price-index …) with the same header row, and a sheet "dataset" holding the manifest as two
// columns, key and value. What each kind of cell means is decided here (README, "Datasets as Excel workbooks").

/** The sheet that holds the manifest. */
export const MANIFEST_SHEET = 'dataset';
/** The sheet of a table: the CSV file's usual name without ".csv" (price_index → price-index). */
export const sheetOf = (table: Table): string => table.replaceAll('_', '-');

/**
 * Excel holds a number as a binary double and keeps at most 15 significant digits of what is typed. Every decimal
 * of up to 15 significant digits comes back exactly as the shortest decimal that reads as the same double, so that
 * decimal is what the analyst typed; a longer one (0.30000000000000004 from =0.1+0.2) was never typed.
 */
export const EXCEL_DIGITS = 15;

/** A cell read as text, or why it cannot be; `note` says what was converted (a formula's result, a date). */
interface CellRead {
  text: string;
  problem?: { code: IssueCode; message: string };
  note?: 'formula' | 'date';
}

/** The workbook at `path` as a dataset source. A file that is not a readable, bounded workbook is thrown. */
export function openWorkbook(path: string): DatasetSource {
  const book = displayName(path);
  const fail = (code: IssueCode, message: string) => new IssuesError('dataset', [{ code, file: book, message }]);
  if (!existsSync(path)) throw fail('file_missing', 'no such workbook');
  const read = readWorkbook(readFileSync(path));
  if (!read.ok) throw fail(read.code, `the workbook cannot be read: ${read.message}`);
  const sheets = new Map(read.sheets.map((s) => [s.name, s]));
  const sheetNames = [...sheets.keys()];
  /** Messages name a sheet by this while loading; locate() turns it into the workbook and a cell. */
  const fileOf = (sheet: string) => `${book}!${sheet}`;
  const letters = new Map<string, Map<string, string>>(); // file of a sheet → column name → letter
  const manifestRows = new Map<string, number>(); // key → row
  const read_ = new Set<string>([MANIFEST_SHEET]);
  const notes: Issue[] = [];

  /** The sheet a `files:` entry names: the sheet itself, or a CSV file name whose sheet is the name without ".csv". */
  const sheetFor = (name: string) =>
    sheets.has(name) ? name : sheets.has(name.replace(/\.csv$/i, '')) ? name.replace(/\.csv$/i, '') : undefined;

  const source: DatasetSource = {
    path,
    kind: 'workbook',
    manifestFile: fileOf(MANIFEST_SHEET),
    manifestData() {
      const sheet = sheets.get(MANIFEST_SHEET);
      if (!sheet)
        throw fail(
          'manifest_missing',
          `the workbook has no sheet "${MANIFEST_SHEET}" (the manifest: columns key and value)${suggest(MANIFEST_SHEET, sheetNames)}; sheets: ${sheetNames.join(', ')}`,
        );
      const issues: Issue[] = [];
      const data = manifestOf(sheet, fileOf(MANIFEST_SHEET), issues, manifestRows, letters);
      // A workbook need not list its sheets: each table is the sheet of its name, when there is one.
      if (data && !('files' in data)) {
        const files: Record<string, string> = {};
        for (const t of Object.keys(COLUMNS) as Table[]) {
          if (sheets.has(sheetOf(t))) files[t] = sheetOf(t);
          else if (!Manifest.shape.files.shape[t].safeParse(undefined).success)
            issues.push({
              code: 'sheet_missing',
              file: book,
              message: `the workbook has no sheet "${sheetOf(t)}" (the ${t} table)${suggest(sheetOf(t), sheetNames)}; sheets: ${sheetNames.join(', ')}`,
            });
        }
        data.files = files;
      }
      if (issues.length) throw new IssuesError('dataset', source.locate(issues));
      return data;
    },
    table(table, name, issues) {
      const sheet = sheetFor(name);
      if (!sheet) {
        issues.push({
          code: 'sheet_missing',
          file: book,
          message: `the manifest lists "${name}" for ${table}, but the workbook has no such sheet${suggest(name, sheetNames)} (sheets: ${sheetNames.join(', ')})`,
        });
        return undefined;
      }
      read_.add(sheet);
      const file = fileOf(sheet);
      return { file, rows: tableRows(sheets.get(sheet)!, file, COLUMNS[table], EXTRA_COLUMNS[table] ?? [], issues, notes, letters) };
    },
    hash(manifest) {
      // The cells as read, not the file's bytes: Excel rewrites a workbook's bytes on every save (timestamps,
      // view state, styles) though not one value changed; the run id names the data that was read.
      const h = createHash('sha256');
      const canon = (name: string) => canonical(sheets.get(name));
      const m = canon(MANIFEST_SHEET);
      h.update('xlsx\0dataset\0').update(m);
      const files = [{ name: MANIFEST_SHEET, sha256: sha256(m) }];
      for (const table of Object.keys(COLUMNS) as Table[]) {
        const sheet = manifest.files[table] && sheetFor(manifest.files[table]);
        if (!sheet) continue;
        const c = canon(sheet);
        h.update(`${table}\0${sheet}\0`).update(c);
        files.push({ name: sheet, sha256: sha256(c) });
      }
      return { hash: h.digest('hex'), files };
    },
    locate: (issues) => issues.map((i) => locate(i, book, letters, manifestRows, fileOf(MANIFEST_SHEET))),
    notes: () => [
      ...source.locate(notes),
      ...sheetNames
        .filter((s) => !read_.has(s))
        .map(
          (s): Issue => ({
            code: 'sheet_unused',
            file: book,
            cell: s,
            message: `sheet "${s}" is not a table of the dataset and was not read (tables: ${(Object.keys(COLUMNS) as Table[]).map(sheetOf).join(', ')})`,
          }),
        ),
    ],
  };
  return source;
}

/** A 1-based column number as its letters: 1 → A, 27 → AA. */
export function columnLetter(c: number): string {
  let s = '';
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function columnNumber(letters: string): number {
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

/** Significant digits of a decimal's text (1.50e3 → 2). */
const significantDigits = (t: string) => t.replace(/e.*$/i, '').replace(/[-+.]/g, '').replace(/^0+/, '').replace(/0+$/, '').length;

/** One cell's value as text, by the rules stated in the README. */
function valueRead(v: NonNullable<RawCell['v']>, formula: string | undefined): CellRead {
  const what = formula !== undefined ? `the formula =${formula} gives` : 'the cell holds';
  switch (v[0]) {
    case 'n': {
      // the shortest decimal that reads back as the same double (what Excel shows, and writes in the file)
      const text = String(v[1]);
      if (significantDigits(text) <= EXCEL_DIGITS) return { text };
      return {
        text,
        problem: {
          code: 'number_inexact',
          message: `${what} ${text}, a binary number with more than ${EXCEL_DIGITS} significant digits, not a decimal as typed: ${formula !== undefined ? 'round it in the formula (=ROUND(…)) or type the value' : 'type the value, or enter it as text'}`,
        },
      };
    }
    case 's':
      return { text: v[1] };
    case 'b':
      return { text: v[1] ? 'true' : 'false' };
    case 'd':
      return { text: dateText(v[1], v[2]), note: 'date' };
    case 'e':
      return { text: v[1], problem: { code: 'xlsx_cell_error', message: `${what} the error value ${v[1]}` } };
    case 'm':
      return { text: '' };
  }
}

/**
 * A date cell as ISO text: 2022-03 when its format shows no day (Excel turns "2022-03" typed in a period column
 * into a date shown as a month), 2022-03-01 when it does, with the time when it has one.
 */
function dateText(iso: string, format: string): string {
  const shown = format.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  if (iso.slice(11, 19) !== '00:00:00') return iso.slice(0, 19);
  return /d/i.test(shown) || !/m/i.test(shown) ? iso.slice(0, 10) : iso.slice(0, 7);
}

interface Grid {
  /** row → column → cell read */
  rows: Map<number, Map<number, CellRead & { formula?: string }>>;
  /** merged ranges (A6:B7) by the rows they cover */
  merges: { range: string; r1: number; r2: number }[];
}

const grids = new WeakMap<RawSheet, Grid>();
function grid(sheet: RawSheet): Grid {
  let g = grids.get(sheet);
  if (g) return g;
  const rows: Grid['rows'] = new Map();
  const spans = new Map<string, { r1: number; c1: number; r2: number; c2: number }>();
  for (const cell of sheet.cells) {
    if (cell.v?.[0] === 'm') {
      const m = /^([A-Z]+)(\d+)$/.exec(cell.v[1]);
      if (!m) continue;
      const s = spans.get(cell.v[1]) ?? { r1: Number(m[2]), c1: columnNumber(m[1]!), r2: 0, c2: 0 };
      spans.set(cell.v[1], { ...s, r2: Math.max(s.r2, cell.r), c2: Math.max(s.c2, cell.c) });
      continue;
    }
    const read: CellRead & { formula?: string } =
      cell.f !== undefined && !cell.v
        ? {
            text: '',
            problem: {
              code: 'xlsx_formula',
              message: `the formula =${cell.f} has no result saved with the workbook (a program wrote it without calculating): open and save it in Excel, or type the value`,
            },
          }
        : cell.v
          ? valueRead(cell.v, cell.f)
          : { text: '' };
    if (cell.f !== undefined) {
      read.formula = cell.f;
      if (!read.problem) read.note = 'formula';
    }
    if (!rows.has(cell.r)) rows.set(cell.r, new Map());
    rows.get(cell.r)!.set(cell.c, read);
  }
  const merges = [...spans.values()].map((s) => ({
    range: `${columnLetter(s.c1)}${s.r1}:${columnLetter(s.c2)}${s.r2}`,
    r1: s.r1,
    r2: s.r2,
  }));
  grids.set(sheet, (g = { rows, merges }));
  return g;
}

const filled = (row: Map<number, CellRead> | undefined) =>
  [...(row ?? new Map<number, CellRead>()).values()].some((c) => c.text.trim() !== '' || c.problem);

/** The non-empty rows of a sheet, in order, each as its cells by column (empty rows, trailing or not, are skipped). */
function filledRows(g: Grid): number[] {
  const merged = new Set(g.merges.flatMap((m) => Array.from({ length: m.r2 - m.r1 + 1 }, (_, n) => m.r1 + n)));
  return [...g.rows.keys()].filter((r) => filled(g.rows.get(r)) || merged.has(r)).sort((a, b) => a - b);
}

/** Record the header's letters for locate(); the header as names (empty header cells are no column). */
function header(g: Grid, r: number, file: string, letters: Map<string, Map<string, string>>): Map<number, string> {
  const names = new Map<number, string>();
  for (const [c, cell] of g.rows.get(r) ?? []) if (cell.text.trim()) names.set(c, cell.text.trim());
  letters.set(file, new Map([...names].map(([c, n]) => [n, columnLetter(c)])));
  return names;
}

/** A table's sheet as rows (row = the sheet's row number), with every problem of its cells pushed to `issues`. */
function tableRows(
  sheet: RawSheet,
  file: string,
  fixed: readonly string[],
  extra: readonly string[],
  issues: Issue[],
  notes: Issue[],
  letters: Map<string, Map<string, string>>,
): Row[] {
  const g = grid(sheet);
  const at = (c: number, r: number) => `${sheet.name}!${columnLetter(c)}${r}`;
  for (const m of g.merges)
    issues.push({
      code: 'xlsx_merged',
      file,
      row: m.r1,
      cell: `${sheet.name}!${m.range}`,
      message: 'merged cells: a table has one value in each cell; unmerge them and fill in every cell',
    });
  const skip = new Set(g.merges.flatMap((m) => Array.from({ length: m.r2 - m.r1 + 1 }, (_, n) => m.r1 + n)));
  const [h, ...data] = filledRows(g);
  if (h === undefined) {
    issues.push({ code: 'file_empty', file, message: 'the sheet is empty: its first row is the header' });
    return [];
  }
  const names = header(g, h, file, letters);
  if (!headerFits(file, [...names.values()], fixed, issues, h, extra)) return [];
  const columns = [...fixed, ...extra];
  const formulas: string[] = [];
  const dates: string[] = [];
  const rows: Row[] = [];
  for (const r of data) {
    let ok = !skip.has(r);
    const cells: Record<string, string> = {};
    for (const [c, cell] of g.rows.get(r) ?? []) {
      const name = names.get(c);
      if (name === undefined) {
        if (!cell.text.trim() && !cell.problem) continue;
        issues.push({
          code: 'cell_count',
          file,
          row: r,
          cell: at(c, r),
          message: `a value in column ${columnLetter(c)}, which has no header (every column of the table is named in row ${h})`,
        });
        ok = false;
        continue;
      }
      if (cell.problem) {
        issues.push({ code: cell.problem.code, file, row: r, column: name, message: cell.problem.message });
        ok = false;
        continue;
      }
      if (cell.note === 'formula') formulas.push(`${columnLetter(c)}${r} (=${cell.formula})`);
      if (cell.note === 'date') dates.push(`${columnLetter(c)}${r} → ${cell.text}`);
      cells[name] = cell.text.trim();
    }
    if (!ok) continue;
    for (const c of columns) cells[c] ??= '';
    rows.push({ line: r, cells });
  }
  const listed = (xs: string[]) => xs.slice(0, 5).join(', ') + (xs.length > 5 ? `, … (${xs.length})` : '');
  if (formulas.length)
    notes.push({
      code: 'xlsx_formula_result',
      file,
      message: `${formulas.length} formula cell(s) read as the result Excel saved with the workbook (not recalculated here): ${listed(formulas)}`,
    });
  if (dates.length) notes.push({ code: 'xlsx_date', file, message: `${dates.length} date cell(s) read as ISO text: ${listed(dates)}` });
  return rows;
}

/** A key of the manifest sheet: a field of dataset.yaml, or a dotted path into a mapping (name.zh, method.oxygen_release). */
const KEY = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;

/**
 * The manifest sheet as data. Each row is a key and its value: YAML when the value starts with [ { " ' | > or
 * "- " (a list or mapping, written as after "key:" in dataset.yaml), true/false, a whole number, else the text as
 * it stands (no quoting needed for a description with colons). Every problem goes to `issues`.
 */
function manifestOf(
  sheet: RawSheet,
  file: string,
  issues: Issue[],
  keyRows: Map<string, number>,
  letters: Map<string, Map<string, string>>,
): Record<string, unknown> | undefined {
  const g = grid(sheet);
  const [h, ...data] = filledRows(g);
  const cellAt = (r: number, column: 'key' | 'value') => ({ file, row: r, column });
  if (h === undefined) {
    issues.push({ code: 'file_empty', file, message: 'the sheet is empty: row 1 is the header key, value' });
    return undefined;
  }
  const names = header(g, h, file, letters);
  const cols = [...names.values()];
  const fits = headerFits(file, cols, ['key', 'value'], issues, h);
  if (!cols.includes('key'))
    issues.push({
      code: 'column_missing',
      file,
      row: h,
      column: 'key',
      message: 'required column "key" is missing (columns are: key, value)',
    });
  if (!fits || !cols.includes('key')) return undefined;
  const col = (n: string) => [...names].find(([, v]) => v === n)?.[0];
  const out: Record<string, unknown> = {};
  for (const r of data) {
    const row = g.rows.get(r) ?? new Map();
    const key = row.get(col('key')!) as CellRead | undefined;
    const value = (col('value') !== undefined ? row.get(col('value')!) : undefined) as CellRead | undefined;
    const k = key?.text.trim() ?? '';
    for (const [c, cell] of row)
      if (c !== col('key') && c !== col('value') && (cell.text.trim() || cell.problem))
        issues.push({
          code: 'cell_count',
          file,
          row: r,
          cell: `${sheet.name}!${columnLetter(c)}${r}`,
          message: `a value in column ${columnLetter(c)}: the sheet has two columns, key and value`,
        });
    if (!KEY.test(k)) {
      issues.push({
        ...cellAt(r, 'key'),
        code: 'schema_invalid',
        message: k ? `"${k}" is not a key: a field of dataset.yaml, or a dotted path such as name.zh` : 'a value without its key',
      });
      continue;
    }
    if (value?.problem) {
      issues.push({ ...cellAt(r, 'value'), code: value.problem.code, message: value.problem.message });
      continue;
    }
    const first = [...keyRows].find(([seen]) => seen === k || seen.startsWith(`${k}.`) || k.startsWith(`${seen}.`));
    if (first) {
      issues.push({ ...cellAt(r, 'key'), code: 'schema_invalid', message: `"${k}" is given already, as "${first[0]}" in row ${first[1]}` });
      continue;
    }
    keyRows.set(k, r);
    const v = parseValue(value?.text.trim() ?? '');
    if (v.error) issues.push({ ...cellAt(r, 'value'), code: v.error.code, message: v.error.message });
    else if (v.value !== undefined) setPath(out, k.split('.'), v.value);
  }
  return out;
}

function parseValue(t: string): { value?: unknown; error?: { code: IssueCode; message: string } } {
  if (t === '') return {};
  if (/^([[{"'|>]|-(\s|$))/.test(t)) {
    const doc = YAML.parseDocument(t);
    if (doc.errors.length) return { error: { code: 'yaml_syntax', message: doc.errors.map((e) => e.message).join('; ') } };
    try {
      return { value: doc.toJS({ maxAliasCount: 100 }) };
    } catch (e) {
      return { error: { code: 'yaml_aliases', message: (e as Error).message } };
    }
  }
  if (/^(true|false)$/i.test(t)) return { value: t.toLowerCase() === 'true' };
  if (/^[-+]?\d{1,15}$/.test(t)) return { value: Number(t) };
  return { value: t };
}

function setPath(o: Record<string, unknown>, path: string[], v: unknown) {
  let at = o;
  for (const p of path.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
  at[path.at(-1)!] = v;
}

/** Every non-empty cell of a sheet, row by row: what the dataset hash is over. */
function canonical(sheet: RawSheet | undefined): string {
  if (!sheet) return '';
  return [...sheet.cells]
    .sort((a, b) => a.r - b.r || a.c - b.c)
    .map((c) => JSON.stringify([`${columnLetter(c.c)}${c.r}`, c.v ?? null, c.f ?? null]))
    .join('\n');
}

/**
 * An issue raised against a sheet (file "book.xlsx!sheet", the row, the column's name) as the user should see it:
 * the workbook as the file and the cell as sheet!D12; a manifest field's issue at the row of its key.
 */
function locate(
  i: Issue,
  book: string,
  letters: Map<string, Map<string, string>>,
  keyRows: Map<string, number>,
  manifestFile: string,
): Issue {
  if (!i.file?.startsWith(`${book}!`)) return i;
  const sheet = i.file.slice(book.length + 1);
  if (i.cell) return { ...i, file: book };
  let row = i.row;
  let column = i.column;
  if (i.file === manifestFile && i.path && row === undefined) {
    const key = [...keyRows.keys()].filter((k) => i.path === k || i.path!.startsWith(`${k}.`)).sort((a, b) => b.length - a.length)[0];
    if (key) {
      row = keyRows.get(key);
      column = 'value';
    }
  }
  const letter = column ? letters.get(i.file)?.get(column) : undefined;
  const cell = row === undefined ? sheet : letter ? `${sheet}!${letter}${row}` : `${sheet}!${row}:${row}`;
  return { ...i, file: book, ...(row !== undefined ? { row } : {}), cell };
}
