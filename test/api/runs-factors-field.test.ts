/** Review: an unknown carbon factor set in POST /runs is named by its own field, not "model". */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApi, type TestApi } from '../helpers/api.ts';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => {
  await t.close();
});

it.each(['no-such-factors', 'cn-carbon-factors@9.9.9'])('POST /runs with factors %s → 404 naming the field factors', async (factors) => {
  const res = await t.app.inject({ method: 'POST', url: '/runs', headers: t.auth, payload: { kind: 'carbon', factors } });
  expect(res.statusCode).toBe(404);
  expect(res.json().errors).toEqual([expect.objectContaining({ field: 'factors', code: 'not_found' })]);
});
