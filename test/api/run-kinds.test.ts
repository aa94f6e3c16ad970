/**
 * POST /runs takes the kinds read beside the accounts (issues 15 and 16): the park-city ecological-efficiency index,
 * green finance (rights, GEP-linked credit, PCAF, TNFD) and the ecological asset value, each with its own options,
 * stored and read back like any run; ids only, never a path read on the server.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { testApi, type TestApi } from '../helpers/api.ts';
import { gep } from '../helpers/gep-cli.ts';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => {
  await t.close();
});

const post = (payload: object) => t.app.inject({ method: 'POST', url: '/runs', headers: t.auth, payload });
const results = async (id: string) =>
  (await t.app.inject({ url: `/runs/${id}/results?limit=1000`, headers: t.auth })).json() as {
    items: { indicator: string; year: string; value: string }[];
  };

it('kind index: the park-city index of the sample, the same id and values as gep index', async () => {
  const res = await post({ kind: 'index', years: [2021, 2022], options: { system: 'park-city-efficiency' } });
  expect(res.statusCode, res.body).toBe(201);
  const cli = await gep('index', '--years', '2021,2022', '-o', mkdtempSync(join(tmpdir(), 'gep-index-')));
  const id = res.json().id as string;
  // the CLI's run folder is named by the same id (one identity wherever the run is made)
  expect(cli.stdout + cli.stderr).toContain(id);
  const rows = (await results(id)).items;
  expect(rows.length).toBeGreaterThan(10);
  expect(rows.some((r) => r.year === '2022')).toBe(true);
}, 300_000);

it('kind finance: the credit ratio from options, the band at ratio × GEP; a ratio over 1 is 422', async () => {
  const res = await post({ kind: 'finance', years: [2022], options: { credit: { ratio: '0.25' } } });
  expect(res.statusCode, res.body).toBe(201);
  const gepRun = await post({ years: [2022] });
  const gepRows = (await results(gepRun.json().id)).items;
  const total = gepRows.find((r) => r.indicator === 'gep' && r.year === '2022');
  expect(total).toBeDefined();
  const credit = JSON.stringify((await results(res.json().id)).items);
  // 0.25 × GEP 2022 (test/finance/finance-run.test.ts: 5,319,411,748.89 CNY): the lender's ratio applied, never built in
  expect(credit).toContain('5319411748.89');
  const bad = await post({ kind: 'finance', years: [2022], options: { credit: { ratio: '25' } } });
  expect(bad.statusCode).toBe(422);
}, 300_000);

it('kind asset: the valuation spec inline gives the asset account; without it, 422 naming options.spec', async () => {
  const spec = parse(readFileSync(new URL('../../datasets/projects/tianfu-asset.yaml', import.meta.url), 'utf8'));
  const res = await post({ kind: 'asset', options: { spec } });
  expect(res.statusCode, res.body).toBe(201);
  const got = await t.app.inject({ url: `/runs/${res.json().id}/results?limit=1000`, headers: t.auth });
  expect(got.statusCode, got.body).toBe(200);
  expect(got.json().items.length).toBeGreaterThan(0);
  const none = await post({ kind: 'asset' });
  expect(none.statusCode).toBe(422);
  expect(none.json().errors).toEqual([expect.objectContaining({ field: 'options.spec' })]);
}, 300_000);

it('a path where an id belongs, options for a kind without them: 422, nothing stored', async () => {
  const before = (await t.app.inject({ url: '/runs', headers: t.auth })).json();
  for (const body of [
    { kind: 'index', options: { system: '../../etc/passwd' } },
    { kind: 'finance', options: { prices: '/tmp/prices.yaml' } },
    { kind: 'gep', options: { system: 'park-city-efficiency' } },
  ]) {
    const res = await post(body);
    expect(res.statusCode, JSON.stringify(body)).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
  }
  expect((await t.app.inject({ url: '/runs', headers: t.auth })).json()).toEqual(before);
});
