import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { tableCounts } from '../../api/store/migrations.ts';
import { runAccount } from '../../lib/run.ts';
import { resultJson } from '../../reports/result-json.ts';
import { resultRows, rowsCsv } from '../../reports/results-csv.ts';
import { SAMPLE_FILES, sampleUpload, testApi, type TestApi } from '../helpers/api.ts';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => {
  await t.close();
});

const PROBLEM = 'application/problem+json';
const post = (url: string, payload: unknown, headers: Record<string, string> = t.auth) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers });
const get = (url: string) => t.app.inject({ method: 'GET', url });

/** A refused request: problem+json with the status, and the store exactly as it was. */
async function refused(send: () => Promise<{ statusCode: number; headers: Record<string, unknown>; json(): any }>, status: number) {
  const before = await tableCounts(t.store.db);
  const res = await send();
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toContain(PROBLEM);
  const body = res.json();
  expect(body).toMatchObject({ status, title: expect.any(String) });
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  expect(await tableCounts(t.store.db)).toEqual(before);
  return body;
}

// The same run made directly (as `gep account` does), to compare what the API serves with.
const direct = runAccount({ regions: ['tianfu'], years: [2021, 2022] });

describe('reads', () => {
  it('GET /health', async () => {
    const res = await get('/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', store: 'sqlite' });
  });

  it('GET /models and /models/:id give services, formulas and units', async () => {
    const list = (await get('/models')).json();
    expect(list.items.map((m: any) => m.id)).toEqual(expect.arrayContaining(['cn-gep-2022', 'esv-equivalent-2015']));
    const m = (await get('/models/cn-gep-2022')).json();
    const wc = m.services.find((s: any) => s.id === 'water_conservation');
    expect(wc.physical).toMatchObject({ unit: 'm3', formula: expect.stringContaining('precipitation') });
    expect(wc.money.unit).toBe('CNY');
    expect(m.coefficients.find((c: any) => c.name === 'reservoir_cost')).toMatchObject({ unit: 'CNY/m3' });
    const missing = await refused(() => get('/models/no-such-model'), 404);
    expect(missing.errors[0].field).toBe('model');
  });

  it('GET /models/:id/coefficients/:name gives the dated entries with sources', async () => {
    const c = (await get('/models/cn-gep-2022/coefficients/reservoir_cost')).json();
    // models/cn-gep-2022/coefficients.yaml: 7.06 CNY/m3 from 2010, 白玛卓嘎 et al. 2017, Table 3
    expect(c.entries[0]).toMatchObject({ valid_from: 2010, value: '7.06', price_year: 2010, source: expect.stringContaining('白玛卓嘎') });
    const bad = await refused(() => get('/models/cn-gep-2022/coefficients/nope'), 404);
    expect(bad.errors[0].field).toBe('name');
  });

  it('GET /docs/json is the OpenAPI document with every route', async () => {
    const doc = (await get('/docs/json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of [
      '/health',
      '/models',
      '/models/{id}',
      '/models/{id}/coefficients/{name}',
      '/datasets',
      '/datasets/{id}',
      '/scenarios',
      '/runs',
      '/runs/{id}',
      '/runs/{id}/results',
      '/runs/{id}/trace',
      '/compare',
    ]) {
      expect(Object.keys(doc.paths), p).toContain(p);
    }
    expect(doc.paths['/runs'].post.requestBody.content['application/json'].schema.properties.regions.type).toBe('array');
    const ui = await t.app.inject({ url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('unknown routes answer problem+json, and an unexpected error never shows its stack', async () => {
    await refused(() => get('/nowhere'), 404);
  });
});

describe('keys', () => {
  it('a write without a key, or with a wrong one, is refused (401) and writes nothing', async () => {
    const body = await refused(() => post('/runs', { regions: ['tianfu'], years: [2022] }, {}), 401);
    expect(body.errors[0].field).toBe('authorization');
    await refused(() => post('/runs', {}, { authorization: 'Bearer gep_wrong' }), 401);
    await refused(() => post('/datasets', sampleUpload(), { 'x-api-key': 'nope' }), 401);
  });
});

describe('runs', () => {
  let runId: string;
  it('POST /runs answers 201 with the finished run; the same run again is 200 and the same id', async () => {
    const res = await post('/runs', { regions: ['tianfu'], years: [2021, 2022] });
    expect(res.statusCode).toBe(201);
    const run = res.json();
    expect(run).toMatchObject({
      status: 'done',
      model: 'cn-gep-2022@1.0.0',
      params: { regions: ['tianfu'], years: [2021, 2022], base_year: 2020 },
    });
    expect(res.headers.location).toBe(`/runs/${run.id}`);
    expect(run.meta.id).toBe(direct.meta.id);
    runId = run.id;
    const again = await post('/runs', { years: [2022, 2021], regions: ['tianfu'] });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(runId);
    expect((await get(`/runs/${runId}`)).json().rows).toBe(resultRows(direct).length);
    const list = (await get('/runs?limit=5')).json();
    expect(list.items.map((r: any) => r.id)).toContain(runId);
    await refused(() => get('/runs/nope'), 404);
  });

  it('two equal requests at once make one run', async () => {
    const [a, b] = await Promise.all([post('/runs', { years: [2020], trace: false }), post('/runs', { years: [2020], trace: false })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().id).toBe(b.json().id);
    const again = await Promise.all([
      post('/runs', { years: [2020], trace: false, rerun: true }),
      post('/runs', { years: [2020], trace: false, rerun: true }),
    ]);
    // two equal reruns at once are one computation too (the second joins the first's jobs)
    expect(again.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(again[1]!.json()).toMatchObject({ status: 'done', rows: a.json().rows });
  });

  it('results: exact strings equal to the direct run, filtered and paginated', async () => {
    const gep = (await get(`/runs/${runId}/results?indicator=gep&year=2022&basis=constant`)).json();
    const expected = resultRows(direct).filter((r) => r.indicator === 'gep' && r.year === '2022' && r.price_basis === 'constant');
    expect(gep.items).toEqual(expected);
    expect(gep.total).toBe(1);
    const page1 = (await get(`/runs/${runId}/results?region=tianfu&limit=50`)).json();
    expect(page1.total).toBe(resultRows(direct).length);
    expect(page1.next).toContain('offset=50');
    const page2 = (await get(page1.next)).json();
    expect([...page1.items, ...page2.items]).toEqual(resultRows(direct).slice(0, 100));
    const bad = await refused(() => get(`/runs/${runId}/results?year=20x2`), 400);
    expect(bad.errors[0].field).toBe('querystring.year');
    await refused(() => get('/runs/nope/results'), 404);
  });

  it('trace: the node, what it reads, and the explanation', async () => {
    const tr = (await get(`/runs/${runId}/trace?indicator=water_conservation&region=tianfu&year=2022`)).json();
    expect(tr.indicator).toBe('water_conservation.money');
    expect(tr.node.formula).toBe('physical * reservoir_cost');
    expect(tr.reads['water_conservation.physical'].unit).toBe('m3');
    expect(tr.explain.join('\n')).toContain('reservoir_cost');
    const noYear = await refused(() => get(`/runs/${runId}/trace?indicator=gep&region=tianfu`), 400);
    expect(noYear.errors[0].field).toBe('year');
    const noInd = await refused(() => get(`/runs/${runId}/trace?indicator=nope&region=tianfu&year=2022`), 404);
    expect(noInd.errors[0].field).toBe('indicator');
  });

  it('reports: csv and json are byte-identical to the direct run', async () => {
    const csv = await get(`/runs/${runId}/report.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toBe(rowsCsv(resultRows(direct)));
    const json = await get(`/runs/${runId}/report.json`);
    expect(json.body).toBe(resultJson(direct));
    await refused(() => get(`/runs/${runId}/report.pdf`), 400);
    const html = await get(`/runs/${runId}/report.html?lang=zh`);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('<svg');
    expect(html.body).toContain(direct.meta.id);
    const xlsx = await get(`/runs/${runId}/report.xlsx`);
    expect(xlsx.headers['content-disposition']).toContain(`gep-${runId}-en.xlsx`);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK'); // a zip (the workbook is checked in test/reports)
  });

  it('refuses bad run requests naming the field, and writes nothing', async () => {
    expect((await refused(() => post('/runs', { regions: [] }), 400)).errors[0].field).toBe('body.regions');
    expect((await refused(() => post('/runs', { colour: 'red' }), 400)).errors[0].field).toBe('body');
    expect((await refused(() => post('/runs', { regions: ['atlantis'] }), 422)).errors[0].field).toBe('regions.0');
    expect((await refused(() => post('/runs', { years: [1999] }), 422)).errors[0].field).toBe('years');
    expect((await refused(() => post('/runs', { dataset: 'nope' }), 404)).errors[0].field).toBe('dataset');
    expect((await refused(() => post('/runs', { model: 'nope' }), 404)).errors[0].field).toBe('model');
    await refused(
      () =>
        t.app.inject({ method: 'POST', url: '/runs', payload: '{"regions":', headers: { ...t.auth, 'content-type': 'application/json' } }),
      400,
    );
  });

  it('framework errors (malformed URL, over-long parameter) answer problem+json too (review)', async () => {
    for (const url of ['/runs/%ZZ', `/runs/${'x'.repeat(5000)}`]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.headers['content-type'], url).toContain('application/problem+json');
      expect(res.body, url).not.toContain('FST_');
    }
  });

  it('a region named twice is accounted once, not a failed run (review: UNIQUE constraint on traces)', async () => {
    const res = await post('/runs', { regions: ['tianfu', 'tianfu'], years: [2021] });
    expect(res.statusCode).toBe(201);
    expect(res.json().status).toBe('done');
    expect(res.json().params.regions).toEqual(['tianfu']);
  });
});

describe('datasets', () => {
  const renamed = (t: string) => t.replace('id: tianfu-sample', 'id: uploaded');

  it('POST /datasets stores a valid upload; a run uses it', async () => {
    const res = await post('/datasets', sampleUpload({ 'dataset.yaml': renamed }));
    expect(res.statusCode).toBe(201);
    const d = res.json();
    expect(d).toMatchObject({ name: 'uploaded', model: 'cn-gep-2022@1.0.0', illustrative: true });
    expect(d.files.map((f: any) => f.name).sort()).toEqual([...SAMPLE_FILES].sort());
    expect((await get(`/datasets/${d.id}`)).json().hash).toBe(d.hash);
    expect((await get('/datasets/uploaded')).json().id).toBe(d.id);
    expect((await post('/datasets', sampleUpload({ 'dataset.yaml': renamed }))).statusCode).toBe(200); // already stored
    const run = await post('/runs', { dataset: 'uploaded', years: [2022] });
    expect(run.statusCode).toBe(201);
    expect(run.json().dataset.hash).toBe(d.hash);
  });

  it('wrong columns: 422 naming file, line and column; nothing stored', async () => {
    const body = await refused(
      () => post('/datasets', sampleUpload({ 'dataset.yaml': renamed, 'extent.csv': (t) => t.replace('area_ha', 'area') })),
      422,
    );
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'area_ha', file: 'extent.csv', row: 1, column: 'area_ha', code: 'column_missing' }),
      ]),
    );
  });

  it('a manifest naming a file outside the upload (../) is refused and nothing outside is read (review: path traversal)', async () => {
    const body = await refused(
      () =>
        post(
          '/datasets',
          sampleUpload({ 'dataset.yaml': (t) => renamed(t).replace('extent: extent.csv', 'extent: ../../../../../../etc/passwd') }),
        ),
      422,
    );
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'schema_invalid' })]));
    expect(JSON.stringify(body)).not.toContain('root:');
    expect(JSON.stringify(body)).toContain('files.extent');
  });

  it('bad numbers: every bad cell listed at once', async () => {
    const body = await refused(
      () =>
        post(
          '/datasets',
          sampleUpload({
            'dataset.yaml': renamed,
            'observations.csv': (t) =>
              t.replace('tianfu,2020,precipitation,,1021.4', 'tianfu,2020,precipitation,,1.021,4').replace(',610,mm', ',six hundred,mm'),
            'extent.csv': (t) => t.replace('coniferous_forest,9000', 'coniferous_forest,9 000'),
          }),
        ),
      422,
    );
    const cells = body.errors.map((e: any) => `${e.file}:${e.row}:${e.column ?? ''}:${e.code}`);
    expect(cells).toEqual(
      expect.arrayContaining([
        'observations.csv:2::cell_count',
        'observations.csv:3:value:not_a_number',
        'extent.csv:2:area_ha:not_a_number',
      ]),
    );
  });

  it('a 50 MB upload is refused with 413 before it is read', async () => {
    const big = 'x'.repeat(50 * 1024 * 1024);
    const body = await refused(() => post('/datasets', { files: [{ name: 'dataset.yaml', content: big }] }), 413);
    expect(body.title).toBe('Payload too large');
  });

  it('non-UTF-8: a GBK file (base64) is refused naming the file; raw non-UTF-8 JSON is refused', async () => {
    const gbk = Buffer.from([0x72, 0x65, 0x67, 0x69, 0x6f, 0x6e, 0x0a, 0xcc, 0xec, 0xb8, 0xae, 0x0a]); // "region\n天府\n" in GBK
    const upload = sampleUpload({ 'dataset.yaml': renamed });
    upload.files[1] = { name: 'extent.csv', content: gbk.toString('base64'), encoding: 'base64' } as never;
    const body = await refused(() => post('/datasets', upload), 422);
    expect(body.errors).toEqual([expect.objectContaining({ file: 'extent.csv', code: 'not_utf8' })]);
    const raw = Buffer.concat([
      Buffer.from('{"files":[{"name":"dataset.yaml","content":"'),
      Buffer.from([0xcc, 0xec]),
      Buffer.from('"}]}'),
    ]);
    await refused(
      () => t.app.inject({ method: 'POST', url: '/datasets', payload: raw, headers: { ...t.auth, 'content-type': 'application/json' } }),
      400,
    );
  });

  it('refuses a manifest-less upload, bad file names and files the manifest does not list', async () => {
    expect((await refused(() => post('/datasets', { files: [{ name: 'extent.csv', content: 'a' }] }), 422)).errors[0].field).toBe('files');
    expect((await refused(() => post('/datasets', { files: [{ name: '../x.yaml', content: 'a' }] }), 400)).errors[0].field).toBe(
      'body.files.0.name',
    );
    const extra = sampleUpload({ 'dataset.yaml': renamed });
    extra.files.push({ name: 'notes.csv', content: 'a,b\n' });
    expect((await refused(() => post('/datasets', extra), 422)).errors[0]).toMatchObject({ file: 'notes.csv', code: 'file_unused' });
    await refused(() => get('/datasets/none'), 404);
  });

  it('the audit log holds the successful writes with the key that made them', async () => {
    expect((await get('/audit')).statusCode).toBe(401);
    const served = (await t.app.inject({ url: '/audit?limit=2', headers: t.auth })).json();
    expect(served.items).toHaveLength(2);
    const log = await t.store.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(served.items[0].id).toBe(log.at(-1)!.id);
    expect(log.length).toBeGreaterThanOrEqual(3);
    expect(log.every((e) => e.key_id && e.status < 300)).toBe(true);
    expect(log.map((e) => e.path)).toEqual(expect.arrayContaining(['/runs', '/datasets']));
  });
});

describe('config and lifecycle', () => {
  it('keyed reads: a read without a key is refused; health stays open', async () => {
    const k = await testApi({ keyedReads: true });
    try {
      expect((await k.app.inject({ url: '/models' })).statusCode).toBe(401);
      expect((await k.app.inject({ url: '/models', headers: k.auth })).statusCode).toBe(200);
      expect((await k.app.inject({ url: '/health' })).statusCode).toBe(200);
    } finally {
      await k.close();
    }
  });

  it('long runs answer 202 and are polled; shutdown leaves the runs not finished queued, and the next server computes them', async () => {
    const k = await testApi({ syncWaitMs: 0, shutdownGraceMs: 0 });
    try {
      const one = await k.app.inject({ method: 'POST', url: '/runs', payload: { years: [2021] }, headers: k.auth });
      expect(one.statusCode).toBe(202);
      expect(one.headers.location).toBe(`/runs/${one.json().id}`);
      let polled = one.json();
      for (let n = 0; n < 100 && polled.status !== 'done'; n++) {
        await new Promise((r) => setTimeout(r, 50));
        polled = (await k.app.inject({ url: one.headers.location as string })).json();
      }
      expect(polled.status).toBe('done');
      // five runs at once, then shutdown: they run one at a time, so they cannot all have finished (which of them
      // did is not known: jobs are claimed by created_at, then by their random id, and five posts share a millisecond)
      const asked = [[2020], [2022], [2020, 2021], [2021, 2022], [2020, 2022]];
      const res = await Promise.all(
        asked.map((years) => k.app.inject({ method: 'POST', url: '/runs', payload: { years }, headers: k.auth })),
      );
      expect(res.map((r) => r.statusCode)).toEqual([202, 202, 202, 202, 202]);
      await k.app.close();
      const status = async (id: string) =>
        (await k.store.db.selectFrom('runs').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
      const after = await Promise.all(res.map((r) => status(r.json().id)));
      // runs are jobs in the store: shutdown hands back what it did not finish, it marks nothing interrupted
      for (const s of after) expect(['done', 'queued']).toContain(s);
      expect(after).toContain('queued');
      const next = await buildApp({ store: k.store, dataDir: k.dir, config: { syncWaitMs: 0 } });
      try {
        for (let n = 0; n < 200 && (await Promise.all(res.map((r) => status(r.json().id)))).some((s) => s !== 'done'); n++)
          await new Promise((r) => setTimeout(r, 50));
        expect(await Promise.all(res.map((r) => status(r.json().id)))).toEqual(['done', 'done', 'done', 'done', 'done']);
      } finally {
        await next.close();
      }
    } finally {
      await k.store.close();
    }
  });

  it('runs in a worker thread give the same rows; the server answers while the run computes', async () => {
    const k = await testApi({ runWorkers: 1, syncWaitMs: 0 });
    try {
      const res = await k.app.inject({
        method: 'POST',
        url: '/runs',
        payload: { regions: ['tianfu'], years: [2021, 2022] },
        headers: k.auth,
      });
      expect(res.statusCode).toBe(202);
      const health = await k.app.inject({ url: '/health' }); // answered at once: the accounting is in the worker
      expect(health.statusCode).toBe(200);
      let run = res.json();
      for (let n = 0; n < 600 && run.status !== 'done' && run.status !== 'failed'; n++) {
        await new Promise((r) => setTimeout(r, 100));
        run = (await k.app.inject({ url: `/runs/${run.id}` })).json();
      }
      expect(run.status).toBe('done');
      expect(run.meta).toEqual(direct.meta);
      const page = (await k.app.inject({ url: `/runs/${run.id}/results?limit=5000` })).json();
      expect(page.items).toEqual(resultRows(direct));
      expect((await k.app.inject({ url: `/runs/${run.id}/report.json` })).body).toBe(resultJson(direct)); // recomputed in the server
    } finally {
      await k.close();
    }
  });

  it('a failing handler answers a bare 500 problem without the stack', async () => {
    const k = await testApi();
    try {
      k.app.get('/boom', async () => {
        throw new Error('secret detail');
      });
      const res = await k.app.inject({ url: '/boom' });
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toContain(PROBLEM);
      expect(res.body).not.toContain('secret');
      expect(res.body).not.toContain('.ts:');
    } finally {
      await k.close();
    }
  });
});
