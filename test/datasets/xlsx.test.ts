import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { IssuesError } from '../../engine/core/errors.ts';
import { loadCarbonData } from '../../datasets/carbon.ts';
import { DEFAULT_DATASET, loadDataset } from '../../datasets/load.ts';
import { loadModel } from '../../models/load.ts';
import { loadFactorSet } from '../../models/carbon-factors.ts';
import { gep } from '../helpers/gep-cli.ts';
import { csv, manifest, sampleBook, zipBomb } from '../helpers/workbook.ts';

// A dataset as one .xlsx workbook (datasets/xlsx.ts). The workbooks are built here with exceljs from the
// sample's own CSV files, independently of the project's writer (datasets/xlsx-write.ts).

const tmp = mkdtempSync(join(tmpdir(), 'gep-xlsx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const model = loadModel('cn-gep-2022');

let n = 0;
async function save(book: ExcelJS.Workbook): Promise<string> {
  const file = join(tmp, `book-${++n}.xlsx`);
  writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
  return file;
}

/** The sample workbook, edited, loaded. */
const loadBook = async (edit: (book: ExcelJS.Workbook) => void) => loadDataset(await save(sampleBook(edit)), model);
/** The sample workbook, edited, refused: the error. */
async function refusedBook(edit: (book: ExcelJS.Workbook) => void): Promise<IssuesError> {
  const file = await save(sampleBook(edit));
  return refusal(() => loadDataset(file, model));
}

function refusal(f: () => unknown): IssuesError {
  try {
    f();
  } catch (e) {
    if (e instanceof IssuesError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('the sample as a workbook', () => {
  it('gives byte-identical results to the CSV folder (the run id and dataset hash aside)', async () => {
    const book = await save(sampleBook());
    const outs = [join(tmp, 'runs-xlsx'), join(tmp, 'runs-csv')];
    expect((await gep('account', '-d', book, '-o', outs[0]!)).status).toBe(0);
    expect((await gep('account', '-o', outs[1]!)).status).toBe(0);
    const [x, c] = outs.map((o) => join(o, readdirSync(o)[0]!));
    const xBook = loadDataset(book, model);
    const cFolder = loadDataset(DEFAULT_DATASET, model);
    const same = (text: string, run: string, hash: string) =>
      text.replaceAll(run, 'RUN').replace(new RegExp(`${hash.slice(0, 12)}[0-9a-f]*`, 'g'), 'HASH');
    for (const f of ['results.csv', 'summary.md', 'trace.json', 'result.json']) {
      const a = same(readFileSync(join(x!, f), 'utf8'), x!.split('/').at(-1)!, xBook.hash);
      const b = same(readFileSync(join(c!, f), 'utf8'), c!.split('/').at(-1)!, cFolder.hash);
      expect(a, f).toBe(b);
    }
    expect(readFileSync(join(x!, 'results.csv'))).toEqual(readFileSync(join(c!, 'results.csv')));
  });

  it('loads the carbon tables too (same hash as the GEP loader)', async () => {
    const book = await save(sampleBook());
    const data = loadCarbonData(book, loadFactorSet('cn-carbon-factors'));
    const folder = loadCarbonData(DEFAULT_DATASET, loadFactorSet('cn-carbon-factors'));
    expect(data.hash).toBe(loadDataset(book, model).hash);
    expect(data.entityPeriods).toEqual(folder.entityPeriods);
    expect(data.years).toEqual(folder.years);
    expect(data.activity('tianfu', 2022)).toEqual(folder.activity('tianfu', 2022));
  });

  it('hashes the cells, not the bytes: saved again later the hash is the same; one cell changed, it is not', async () => {
    const a = await save(sampleBook());
    const b = await save(
      sampleBook((book) => {
        book.created = new Date('2031-01-01');
        book.modified = new Date('2031-01-02');
        book.getWorksheet('extent')!.getColumn(6).width = 40; // formatting is no data
      }),
    );
    expect(readFileSync(a).equals(readFileSync(b))).toBe(false);
    expect(loadDataset(b, model).hash).toBe(loadDataset(a, model).hash);
    const c = await save(sampleBook((book) => (book.getWorksheet('observations')!.getCell('E2').value = 1234.5)));
    expect(loadDataset(c, model).hash).not.toBe(loadDataset(a, model).hash);
  });

  it('a sheet that is no table is read not at all, and said so', async () => {
    const ds = loadDataset(await save(sampleBook((b) => b.addWorksheet('notes').addRow(['anything']))), model);
    expect(ds.warnings).toContainEqual(expect.objectContaining({ code: 'sheet_unused', cell: 'notes' }));
  });
});

describe('cells', () => {
  /** The row of observations.csv for precipitation in 2022 (its value cell is in column E). */
  const rowOf = (variable: string, year: string) =>
    csv(manifest.files.observations!).findIndex((r) => r[2] === variable && r[1] === year) + 1;
  const precip = rowOf('precipitation', '2022');

  it('errors name the workbook, the sheet, row and column as a cell, all at once', async () => {
    const book = await save(
      sampleBook((b) => {
        b.getWorksheet('observations')!.getCell(`E${precip}`).value = 'abc';
        b.getWorksheet('extent')!.getCell('D3').value = 0.1 + 0.2; // a double that is no typed decimal
        b.getWorksheet('extent')!.getCell('D4').value = { error: '#DIV/0!' };
        b.getWorksheet('price-index')!.getCell('H2').value = 'stray';
      }),
    );
    const e = refusal(() => loadDataset(book, model));
    const file = relative(process.cwd(), book);
    expect(e.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file, cell: `observations!E${precip}`, row: precip, column: 'value', code: 'not_a_number' }),
        expect.objectContaining({ file, cell: 'extent!D3', column: 'area_ha', code: 'number_inexact' }),
        expect.objectContaining({ file, cell: 'extent!D4', column: 'area_ha', code: 'xlsx_cell_error' }),
        expect.objectContaining({ file, cell: 'price-index!H2', code: 'cell_count' }),
      ]),
    );
    expect(e.message).toContain(`observations!E${precip}, column "value"`);
    expect(e.issues.find((i) => i.code === 'number_inexact')!.message).toContain('0.30000000000000004');
  });

  it('a number as Excel holds it is read as the shortest decimal of its double: 0.0302 is 0.0302', async () => {
    const ds = await loadBook((b) => {
      b.getWorksheet('observations')!.getCell(`E${precip}`).value = 1234.5678901;
    });
    expect(ds.values('tianfu', 2022)?.get('precipitation')?.get('')?.toString()).toBe('1234.5678901');
  });

  it('a formula is read by the result saved with it, and said so; one without a saved result, or inexact, is refused', async () => {
    const ok = await loadBook((b) => {
      b.getWorksheet('observations')!.getCell(`E${precip}`).value = { formula: '1000+234.5', result: 1234.5 };
    });
    expect(ok.values('tianfu', 2022)?.get('precipitation')?.get('')?.toString()).toBe('1234.5');
    expect(ok.warnings).toContainEqual(
      expect.objectContaining({ code: 'xlsx_formula_result', message: expect.stringContaining(`E${precip} (=1000+234.5)`) }),
    );
    const bad = await refusedBook((b) => {
      // written by a program that does not calculate: no cached result
      b.getWorksheet('observations')!.getCell(`E${precip}`).value = { formula: 'C2*3' } as never;
      b.getWorksheet('extent')!.getCell('D3').value = { formula: '0.1+0.2', result: 0.1 + 0.2 };
    });
    expect(bad.issues.map((i) => [i.code, i.cell])).toEqual(
      expect.arrayContaining([
        ['xlsx_formula', `observations!E${precip}`],
        ['number_inexact', 'extent!D3'],
      ]),
    );
  });

  it('merged cells in a table are refused, naming the range', async () => {
    const e = await refusedBook((b) => b.getWorksheet('extent')!.mergeCells('A2:A3'));
    expect(e.issues).toContainEqual(expect.objectContaining({ code: 'xlsx_merged', cell: 'extent!A2:A3' }));
  });

  it('empty rows (between and after) are skipped, header cells trimmed, a date read as ISO text and said so', async () => {
    const ds = await loadBook((b) => {
      const ws = b.getWorksheet('price-index')!;
      ws.getCell('A1').value = '  series ';
      ws.insertRow(3, []);
      ws.getCell('A40').value = '   ';
      ws.getCell('D2').value = new Date(Date.UTC(2022, 2, 1));
      ws.getCell('D2').numFmt = 'yyyy-mm';
    });
    expect(ds.priceIndex('cpi', 2022)?.toString()).toBe(loadDataset(DEFAULT_DATASET, model).priceIndex('cpi', 2022)?.toString());
    expect(ds.warnings).toContainEqual(expect.objectContaining({ code: 'xlsx_date', message: expect.stringContaining('D2 → 2022-03') }));
  });
});

describe('the manifest sheet', () => {
  it('a schema problem is named at the cell of its key; a missing required sheet is named', async () => {
    const e = await refusedBook((b) => b.removeWorksheet(b.getWorksheet('extent')!.id));
    expect(e.issues).toContainEqual(expect.objectContaining({ code: 'sheet_missing', message: expect.stringContaining('"extent"') }));
    const row = sampleBook().getWorksheet('dataset')!.getColumn(1).values.indexOf('price_year');
    const e2 = await refusedBook((b) =>
      b.getWorksheet('dataset')!.eachRow((r) => {
        if (r.getCell(1).value === 'price_year') r.getCell(2).value = 'soon';
      }),
    );
    expect(e2.issues).toContainEqual(expect.objectContaining({ code: 'schema_invalid', path: 'price_year', cell: `dataset!B${row}` }));
  });

  it('a workbook without a dataset sheet, or a file that is no workbook, is refused with a message', async () => {
    expect((await refusedBook((b) => b.removeWorksheet(b.getWorksheet('dataset')!.id))).issues[0]!.code).toBe('manifest_missing');
    const fake = join(tmp, 'fake.xlsx');
    writeFileSync(fake, 'region,year\n');
    expect(refusal(() => loadDataset(fake, model)).issues[0]).toMatchObject({ code: 'xlsx_unreadable' });
  });
});

describe('bounds', () => {
  it('a zip bomb (a few hundred kB that inflate to 210 MB) is refused before it is inflated in full', () => {
    const bomb = join(tmp, 'bomb.xlsx');
    writeFileSync(bomb, zipBomb());
    expect(readFileSync(bomb).length).toBeLessThan(1024 * 1024);
    expect(refusal(() => loadDataset(bomb, model)).issues[0]).toMatchObject({ code: 'xlsx_too_large' });
  });
});

describe('gep template --xlsx', () => {
  it('writes a workbook that reads back as the folder template', async () => {
    const file = join(tmp, 'template.xlsx');
    const r = await gep('template', join(tmp, 'template'), '--xlsx', '--years', '2021,2022', '--region', 'abc');
    expect(r.status).toBe(0);
    // what each service reads names the workbook's sheets, not CSV files it did not write
    expect(r.stdout).toMatch(/pest_control\s+area \[ha by ecosystem_type\] sheet extent\n/);
    expect(r.stdout).toContain('precipitation [mm] sheet observations');
    expect(r.stdout).not.toContain('.csv');
    const v = await gep('validate', file);
    expect(v.status).toBe(2); // blank values, as in the folder template
    expect(v.stderr).toContain('observations!E2, column "value"');
  });
});
