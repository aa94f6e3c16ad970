/** Review: a fraction the bounded reader accepts in a scenario (sign or exponent in a part) is read, not a 500. */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApi, type TestApi } from '../helpers/api.ts';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => {
  await t.close();
});

const greenway = YAML.parse(readFileSync('scenarios/greenway.yaml', 'utf8'));
const post = (value: string) =>
  t.app.inject({
    method: 'POST',
    url: '/scenarios',
    headers: t.auth,
    payload: {
      ...greenway,
      id: 'frac',
      overrides: { coefficients: [{ coefficient: 'reservoir_cost', from: 2021, source: 'test', value }] },
    },
  });

it.each(['1e3/2', '1/+3', '1/3e0'])('POST /scenarios with value %s is stored', async (value) => {
  expect((await post(value)).statusCode).toBe(201);
});

it('POST /scenarios with value 1/-3 for a price is refused by the sign rule (422)', async () => {
  const res = await post('1/-3');
  expect(res.statusCode).toBe(422);
  expect(res.json().errors).toEqual([expect.objectContaining({ code: 'coefficient_negative' })]);
});
