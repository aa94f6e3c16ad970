import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DATASET } from '../../datasets/load.ts';
import { baseName } from '../../web/routes/datasets.ts';
import { SAMPLE_FILES, type TestApi, testApi } from '../helpers/api.ts';
import { HAVE_CHROMIUM, openWorkbench, type Workbench } from '../helpers/browser.ts';
import { sampleBook } from '../helpers/workbook.ts';
import { multipart } from '../helpers/multipart.ts';

/** The three mistakes, each in another file: a negative area, an unknown ecosystem type, a missing column. */
const BROKEN: Record<string, (t: string) => string> = {
  'extent.csv': (t) => t.replace('tianfu,2020,coniferous_forest,9000,', 'tianfu,2020,coniferous_forest,-9000,'),
  'observations.csv': (t) => t.replace('tianfu,2020,evapotranspiration,broadleaf_forest,', 'tianfu,2020,evapotranspiration,bamboo_jungle,'),
  // economy.csv without its unit column (header and every row)
  'economy.csv': (t) =>
    t
      .split('\n')
      .map((line) => line.replace(/^((?:[^,]*,){4})[^,]*,/, '$1'))
      .join('\n'),
};
/** What each mistake is reported as: file, row (the header is row 1), column; and its message on a zh page. */
const EXPECTED = [
  { file: 'extent.csv', row: 2, column: 'area_ha', zh: '-9000 低于 area 的下限 0' },
  { file: 'observations.csv', row: 4, column: 'key', zh: 'ecosystem_type 中没有键 bamboo_jungle' },
  {
    file: 'economy.csv',
    row: 1,
    column: 'unit',
    zh: '缺少必填列 unit（本表的列为：region, year, variable, value, unit, source）',
  },
];
/** The zh sentences of a problem box, as text (its <code> parts unwrapped). */
const zhSentences = (html: string) =>
  [...html.matchAll(/<span class="msg-zh" data-zh="sentence">(.*?)<\/span>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));

/** A copy of the sample folder (with its README and other files the manifest does not list), edited. */
function sampleFolder(edit: Record<string, (t: string) => string>, manifest?: (t: string) => string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'gep-upload-')), 'my-district');
  cpSync(DEFAULT_DATASET, dir, { recursive: true });
  for (const [name, f] of Object.entries(edit)) writeFileSync(join(dir, name), f(readFileSync(join(dir, name), 'utf8')));
  if (manifest) writeFileSync(join(dir, 'dataset.yaml'), manifest(readFileSync(join(dir, 'dataset.yaml'), 'utf8')));
  return dir;
}
/** The valid copy: the sample under another manifest id, so that it is a dataset of its own. */
const renamed = (t: string) => t.replace('id: tianfu-sample', 'id: my-district').replace('天府新区(示例数据)', '我的新区(上传)');

const folderFiles = (edit: Record<string, (t: string) => string>, manifest?: (t: string) => string) =>
  [...SAMPLE_FILES, 'README.md'].map((name) => {
    let text = readFileSync(join(DEFAULT_DATASET, name), 'utf8');
    if (edit[name]) text = edit[name](text);
    if (name === 'dataset.yaml' && manifest) text = manifest(text);
    return { name: `my-district/${name}`, bytes: Buffer.from(text) };
  });

describe('POST /ui/datasets (multipart, the workbench upload)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());
  const count = async () =>
    Number(
      (
        await api.store.db
          .selectFrom('datasets')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('takes the base name of a folder’s files', () => {
    expect(baseName('my-district/dataset.yaml')).toBe('dataset.yaml');
    expect(baseName('a\\b\\extent.csv')).toBe('extent.csv');
  });

  it('lists every problem with its file, row and column (422) and stores nothing', async () => {
    const before = await count();
    const { payload, headers } = multipart(folderFiles(BROKEN));
    const r = await api.app.inject({
      method: 'POST',
      url: '/ui/datasets',
      payload,
      headers: { ...headers, ...api.auth, 'hx-request': 'true' },
    });
    expect(r.statusCode).toBe(422);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    for (const e of EXPECTED) expect(r.body).toContain(`<tr><td>${e.file}</td><td class="n">${e.row}</td><td>${e.column}</td>`);
    expect(r.body).toMatch(/data-errors="3"/);
    // a zh page (the default): each message a full zh sentence, the English one beneath it
    expect(zhSentences(r.body).sort()).toEqual(EXPECTED.map((e) => e.zh).sort());
    expect(r.body).toContain('<span class="msg-en" lang="en">-9000 is below the minimum 0 for area</span>');
    expect(await count()).toBe(before);
  });

  it('the same rules as POST /datasets: a manifest is needed, a workbook comes alone', async () => {
    const noManifest = multipart(folderFiles({}).filter((f) => !f.name.endsWith('dataset.yaml')));
    const r = await api.app.inject({
      method: 'POST',
      url: '/ui/datasets',
      ...noManifest,
      headers: { ...noManifest.headers, ...api.auth, 'hx-request': 'true' },
    });
    expect(r.statusCode).toBe(422);
    expect(r.body).toContain('data-code="manifest_missing"');
    const book = Buffer.from(await sampleBook().xlsx.writeBuffer());
    const two = multipart([
      { name: 'a.xlsx', bytes: book },
      { name: 'dataset.yaml', bytes: Buffer.from('id: x') },
    ]);
    const r2 = await api.app.inject({
      method: 'POST',
      url: '/ui/datasets',
      ...two,
      headers: { ...two.headers, ...api.auth, 'hx-request': 'true' },
    });
    expect(r2.statusCode).toBe(400);
    expect(r2.body).toContain('uploaded alone');
    // a write needs a key: the box says where to enter it
    const r3 = await api.app.inject({ method: 'POST', url: '/ui/datasets', ...two, headers: { ...two.headers, 'hx-request': 'true' } });
    expect(r3.statusCode).toBe(401);
    expect(r3.body).toContain('请在页面右上角输入 API 密钥');
  });

  it('stores a valid folder, leaving out what the manifest does not list, and offers to run it', async () => {
    const { payload, headers } = multipart(folderFiles({}, renamed), { model: 'cn-gep-2022' });
    const r = await api.app.inject({
      method: 'POST',
      url: '/ui/datasets',
      payload,
      headers: { ...headers, ...api.auth, 'hx-request': 'true' },
    });
    expect(r.statusCode).toBe(201);
    expect(r.headers['hx-trigger']).toBe('gep:datasets');
    expect(r.body).toContain('我的新区(上传)');
    expect(r.body).toContain('README.md');
    const id = /data-dataset="([^"]+)"/.exec(r.body)![1]!;
    expect(id).toMatch(/^my-district-[0-9a-f]{12}$/);
    expect(r.body).toContain(`href="/ui/run?dataset=${id}"`);
    const list = await api.app.inject({ url: '/ui/datasets/list' });
    expect(list.body).toContain(`<code>${id}</code>`);
  });

  it('stores an XLSX workbook uploaded alone', async () => {
    const book = sampleBook((b) => {
      const m = b.getWorksheet('dataset')!;
      m.eachRow((row) => {
        if (row.getCell(1).value === 'id') row.getCell(2).value = 'book-district';
      });
    });
    const { payload, headers } = multipart([{ name: 'book.xlsx', bytes: Buffer.from(await book.xlsx.writeBuffer()) }]);
    const r = await api.app.inject({
      method: 'POST',
      url: '/ui/datasets',
      payload,
      headers: { ...headers, ...api.auth, 'hx-request': 'true' },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.body).toMatch(/data-dataset="book-district-[0-9a-f]{12}"/);
  });

  it('shows a workbook’s problems with their cells', async () => {
    const book = sampleBook((b) => {
      b.getWorksheet('extent')!.getCell('D2').value = -9000;
    });
    const { payload, headers } = multipart([{ name: 'book.xlsx', bytes: Buffer.from(await book.xlsx.writeBuffer()) }]);
    const r = await api.app.inject({
      method: 'POST',
      url: '/ui/datasets',
      payload,
      headers: { ...headers, ...api.auth, 'hx-request': 'true' },
    });
    expect(r.statusCode).toBe(422);
    expect(r.body).toMatch(/<td>book\.xlsx<\/td><td class="n">2<\/td><td>extent!D2<\/td>/);
  });
});

describe.runIf(HAVE_CHROMIUM)('uploading a dataset in Chromium', () => {
  let w: Workbench;
  const dirs: string[] = [];
  beforeAll(async () => {
    w = await openWorkbench();
  }, 60_000);
  afterAll(async () => {
    await w?.close();
    for (const d of dirs) rmSync(join(d, '..'), { recursive: true, force: true });
  });

  it('shows all three problems of a folder against their files, rows and columns; then stores a valid copy', async () => {
    const { page } = w;
    await page.goto(`${w.base}/ui/datasets`);
    await page.waitForSelector('table.datasets');
    await page.fill('#api-key', w.api.key);
    await page.press('#api-key', 'Enter');
    await w.shot('datasets-1-list');

    const bad = sampleFolder(BROKEN);
    dirs.push(bad);
    await page.setInputFiles('#up-folder', bad);
    await page.click('#upload-form button[type=submit]');
    await page.waitForSelector('#upload-result .problem');
    const rows = await page.$$eval('#upload-result table.problems tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)),
    );
    expect(rows).toEqual(expect.arrayContaining(EXPECTED.map((e) => [e.file, String(e.row), e.column])));
    expect(rows).toHaveLength(3);
    // the three messages in Chinese, each over its English sentence
    const messages = await page.$$eval('#upload-result table.problems tbody tr td:nth-child(4)', (tds) =>
      tds.map((td) => [td.querySelector('.msg-zh')?.textContent, td.querySelector('.msg-en[lang="en"]')?.textContent]),
    );
    expect(messages.map((m) => m[0]).sort()).toEqual(EXPECTED.map((e) => e.zh).sort());
    expect(messages.every((m) => m[1] && /^[\x20-\x7e]+$/.test(m[1]))).toBe(true);
    await w.shot('datasets-2-three-problems');

    const good = sampleFolder({}, renamed);
    dirs.push(good);
    await page.setInputFiles('#up-folder', good);
    await page.click('#upload-form button[type=submit]');
    await page.waitForSelector('#upload-result .card.ok');
    const id = await page.getAttribute('#upload-result .card.ok', 'data-dataset');
    expect(id).toMatch(/^my-district-/);
    await page.waitForSelector(`#dataset-list tr[data-dataset="${id}"]`);
    expect(await page.textContent(`#dataset-list tr[data-dataset="${id}"] th`)).toContain('我的新区(上传)');
    await w.shot('datasets-3-stored');
    await page.click('#upload-result .card.ok a.button');
    await page.waitForURL(`${w.base}/ui/run?dataset=${id}`);
    await page.waitForSelector('#run-dataset');
    expect(await page.inputValue('#run-dataset')).toBe(id);
    await w.shot('datasets-4-run-it');
    expect(w.errors).toEqual([]);
    expect(w.offsite).toEqual([]);
  }, 120_000);
});
