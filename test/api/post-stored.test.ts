/**
 * POST /runs of a stored run is a lookup (api/runs.ts: run ids planned once per parameters, the stored run answered
 * as read): the same answer as before, and a newer dataset uploaded under the same name is a new run, not the
 * id remembered for the name.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import YAML from 'yaml';
import { sampleUpload, testApi, type TestApi } from '../helpers/api.ts';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(() => t.close());
const post = (payload: object) => t.app.inject({ method: 'POST', url: '/runs', payload, headers: t.auth });

it('answers a stored run 200 with the stored representation, and a new upload under the name as a new run', async () => {
  const ask = { dataset: 'tianfu-sample', regions: ['tianfu'], years: [2022] };
  const first = await post(ask);
  expect(first.statusCode).toBe(201);
  const again = await post(ask);
  expect(again.statusCode).toBe(200);
  expect(again.json()).toEqual(first.json());
  expect(again.headers.location).toBe(`/runs/${first.json().id}`);
  // the same manifest id, another 2022 precipitation: the name now means the new dataset
  const upload = await t.app.inject({
    method: 'POST',
    url: '/datasets',
    headers: t.auth,
    payload: sampleUpload({ 'observations.csv': (text) => text.replace(/^(tianfu,2022,precipitation,,)([\d.]+)/m, '$1999.9') }),
  });
  expect(upload.statusCode).toBe(201);
  const newer = await post(ask);
  expect(newer.statusCode).toBe(201);
  expect(newer.json().id).not.toBe(first.json().id);
  expect(newer.json().dataset.id).toBe(upload.json().id);
});

it("a scenario named in a kind's own options is looked up again on each post (not the id remembered for the name)", async () => {
  // kinds finance, index and asset take dataset and scenario in `options` too (runs/account-inputs.ts AccountOptions),
  // resolved by name when the run is planned: the scenario stored again under its name with other overrides is a new run
  const greenway = YAML.parse(readFileSync('scenarios/greenway.yaml', 'utf8'));
  expect((await t.app.inject({ method: 'POST', url: '/scenarios', headers: t.auth, payload: greenway })).statusCode).toBe(201);
  const ask = { kind: 'finance', regions: ['tianfu'], years: [2022], options: { scenario: 'greenway' } };
  const first = await post(ask);
  expect(first.statusCode).toBe(201);
  expect((await post(ask)).json().id).toBe(first.json().id);
  greenway.overrides.inputs[0].scale = '1.5';
  expect((await t.app.inject({ method: 'POST', url: '/scenarios', headers: t.auth, payload: greenway })).statusCode).toBe(201);
  const newer = await post(ask);
  expect(newer.statusCode).toBe(201);
  expect(newer.json().id).not.toBe(first.json().id);
});

it("a dataset named in a kind's own options is looked up again on each post", async () => {
  const pinned = (await post({ regions: ['tianfu'], years: [2022] })).json().dataset.id; // the dataset the name means now
  const ask = { kind: 'finance', dataset: pinned, regions: ['tianfu'], years: [2022], options: { dataset: 'tianfu-sample' } };
  const first = await post(ask);
  expect([200, 201]).toContain(first.statusCode);
  const upload = await t.app.inject({
    method: 'POST',
    url: '/datasets',
    headers: t.auth,
    payload: sampleUpload({ 'observations.csv': (text) => text.replace(/^(tianfu,2022,precipitation,,)([\d.]+)/m, '$1777.7') }),
  });
  expect(upload.statusCode).toBe(201);
  const newer = await post(ask);
  expect(newer.statusCode).toBe(201);
  expect(newer.json().id).not.toBe(first.json().id);
});
