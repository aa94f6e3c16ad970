import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts } from '../../api/store/migrations.ts';
import { DEFAULT_DATASET } from '../../datasets/load.ts';
import { SAMPLE_FILES, type TestApi, testApi } from '../helpers/api.ts';
import { multipart } from '../helpers/multipart.ts';

/** The sample's files: 12 files, 132,368 bytes in all, the largest 50,633 bytes (carbon-activity.csv). */
const sample = SAMPLE_FILES.map((name) => ({ name: `d/${name}`, bytes: readFileSync(join(DEFAULT_DATASET, name)) }));
const total = sample.reduce((n, f) => n + f.bytes.length, 0);
const largest = Math.max(...sample.map((f) => f.bytes.length));

describe('POST /ui/datasets holds the whole upload to the upload limit, as POST /datasets does', () => {
  let api: TestApi;
  // a limit above every single file but below the folder's total
  const limit = largest + 10_000;
  beforeAll(async () => {
    api = await testApi({ uploadLimit: limit });
  });
  afterAll(() => api.close());

  it('the sample folder is larger than the limit in all though no file is: both routes refuse it with 413 and store nothing', async () => {
    expect(largest).toBeLessThan(limit);
    expect(total).toBeGreaterThan(limit);
    const before = await tableCounts(api.store.db);
    const json = await api.app.inject({
      method: 'POST',
      url: '/datasets',
      headers: api.auth,
      payload: { files: sample.map((f) => ({ name: f.name.slice(2), content: f.bytes.toString('utf8') })) },
    });
    expect(json.statusCode).toBe(413);
    const m = multipart(sample);
    const web = await api.app.inject({
      method: 'POST',
      url: '/ui/datasets',
      payload: m.payload,
      headers: { ...m.headers, ...api.auth, 'hx-request': 'true' },
    });
    expect(web.statusCode, web.body.slice(0, 300)).toBe(413);
    expect(web.body).toContain('data-code="body_too_large"');
    expect(await tableCounts(api.store.db)).toEqual(before);
  });
});

describe('POST /ui/datasets refuses hostile uploads with a problem box: never a 500, a stack trace or a stored row', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi({ uploadLimit: 200_000 });
  });
  afterAll(() => api.close());

  const send = async (files: { name: string; bytes: Buffer }[]) => {
    const m = multipart(files);
    return api.app.inject({
      method: 'POST',
      url: '/ui/datasets',
      payload: m.payload,
      headers: { ...m.headers, ...api.auth, 'hx-request': 'true' },
    });
  };
  const x = Buffer.from('x');
  const cases: [string, { name: string; bytes: Buffer }[], number, string][] = [
    ['a .. name', [{ name: '..', bytes: x }], 400, 'request_invalid'],
    ['a folder with no file name', [{ name: 'd/', bytes: x }], 400, 'request_invalid'],
    ['an absolute path', [{ name: '/etc/passwd', bytes: x }], 422, 'manifest_missing'],
    ['backslashes', [{ name: 'C:\\x\\..\\..\\passwd', bytes: x }], 422, 'manifest_missing'],
    ['a NUL in the name', [{ name: 'a\u0000b.csv', bytes: x }], 400, 'request_invalid'],
    ['a 5,000-character name', [{ name: `${'a'.repeat(5000)}.csv`, bytes: x }], 400, 'request_invalid'],
    ['a file over the limit', [{ name: 'dataset.yaml', bytes: Buffer.alloc(300_000, 65) }], 413, 'body_too_large'],
    ['a folder of 10,000 files', Array.from({ length: 10_000 }, (_, i) => ({ name: `d/f${i}.csv`, bytes: x })), 413, 'body_too_large'],
    ['no file', [], 400, 'request_invalid'],
    ['a workbook that is no zip', [{ name: 'book.xlsx', bytes: Buffer.alloc(50_000, 0) }], 422, ''],
  ];
  for (const [what, files, status, code] of cases)
    it(what, async () => {
      const before = await tableCounts(api.store.db);
      const r = await send(files);
      expect(r.statusCode, r.body.slice(0, 300)).toBe(status);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.body).toMatch(/^<div class="problem" role="alert"/);
      if (code) expect(r.body).toContain(`data-code="${code}"`);
      expect(r.body).not.toMatch(/\bat .*\.ts:\d+|node:internal|stack/i);
      expect(await tableCounts(api.store.db)).toEqual(before);
    });
});
