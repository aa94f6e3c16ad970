import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts } from '../../api/store/migrations.ts';
import { testApi, type TestApi } from '../helpers/api.ts';
import { sampleBook, zipBomb } from '../helpers/workbook.ts';

// POST /datasets with one .xlsx workbook (base64) instead of dataset.yaml and CSV files.

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => {
  await t.close();
});

const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, payload: payload as object, headers: t.auth });
const upload = (bytes: Buffer, name = 'tianfu.xlsx') =>
  post('/datasets', { files: [{ name, content: bytes.toString('base64'), encoding: 'base64' }] });
const book = async (edit: (b: ExcelJS.Workbook) => void = () => {}) => Buffer.from(await sampleBook(edit).xlsx.writeBuffer());
const renamed = (b: ExcelJS.Workbook) =>
  b.getWorksheet('dataset')!.eachRow((r) => {
    if (r.getCell(1).value === 'id') r.getCell(2).value = 'from-excel';
  });

describe('a workbook upload', () => {
  it('is stored as one file and runs like the folder it came from', async () => {
    const res = await upload(await book(renamed));
    expect(res.statusCode).toBe(201);
    const d = res.json();
    expect(d).toMatchObject({ name: 'from-excel', files: [{ name: 'tianfu.xlsx' }] });
    const run = await post('/runs', { dataset: 'from-excel', years: [2022] });
    expect(run.statusCode).toBe(201);
    expect(run.json().dataset.hash).toBe(d.hash);
    const sample = await post('/runs', { years: [2022] });
    const results = async (id: string) =>
      (await t.app.inject({ method: 'GET', url: `/runs/${id}/results?limit=5000` })).body.replaceAll(id, 'RUN');
    expect(await results(run.json().id)).toBe(await results(sample.json().id));
  });

  it('a bad cell: 422 naming the workbook and the cell; nothing stored', async () => {
    const before = await tableCounts(t.store.db);
    const res = await upload(await book((b) => (b.getWorksheet('extent')!.getCell('D3').value = 'lots')));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toContainEqual(
      expect.objectContaining({ file: 'tianfu.xlsx', cell: 'extent!D3', column: 'area_ha', code: 'not_a_number' }),
    );
    expect(await tableCounts(t.store.db)).toEqual(before);
  });

  it('a zip bomb: 413, not a crash; a workbook with other files or as text: 400', async () => {
    expect((await upload(zipBomb())).statusCode).toBe(413);
    const b = await book();
    const mixed = await post('/datasets', {
      files: [
        { name: 'tianfu.xlsx', content: b.toString('base64'), encoding: 'base64' },
        { name: 'dataset.yaml', content: 'id: x' },
      ],
    });
    expect(mixed.statusCode).toBe(400);
    expect((await post('/datasets', { files: [{ name: 'tianfu.xlsx', content: 'PK' }] })).statusCode).toBe(400);
  });
});
