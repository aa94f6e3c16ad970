/**
 * POST /runs of a stored run is a lookup (api/runs.ts: run ids planned once per parameters, the stored run answered
 * as read): the same answer as before, and a newer dataset uploaded under the same name is a new run, not the
 * id remembered for the name.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
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
