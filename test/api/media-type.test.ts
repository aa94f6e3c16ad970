/** Review: no route reads text/plain, so such a body is 415 media_type_unsupported (it was parsed as a string: 400). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApi, type TestApi } from '../helpers/api.ts';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => {
  await t.close();
});

it.each(['/runs', '/scenarios', '/datasets', '/compare'])('POST %s with a text/plain body → 415', async (url) => {
  const res = await t.app.inject({ method: 'POST', url, payload: '{}', headers: { ...t.auth, 'content-type': 'text/plain' } });
  expect(res.statusCode).toBe(415);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json().code).toBe('media_type_unsupported');
});
