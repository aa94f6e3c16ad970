/**
 * Review: a carbon amount is bounded as counted, not only as written. "9e23" in "10^99 t" (9e122 t) was stored
 * with 201 and every run of the dataset then failed with result_out_of_range, naming no cell.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tableCounts } from '../../api/store/migrations.ts';
import { sampleUpload, testApi, type TestApi } from '../helpers/api.ts';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => {
  await t.close();
});
const withCoal = (amount: string, unit: string) =>
  sampleUpload({
    'dataset.yaml': (x) => x.replace('id: tianfu-sample', 'id: scaled'),
    'carbon-activity.csv': (x) =>
      x.replace('tianfu,2015,fuel,raw_coal,power_heat,472500,t,', `tianfu,2015,fuel,raw_coal,power_heat,${amount},${unit},`),
  });

it('POST /datasets refuses 9e23 in 10^20 t with 422 naming the cell, the store unchanged', async () => {
  const before = await tableCounts(t.store.db);
  const res = await t.app.inject({ method: 'POST', url: '/datasets', headers: t.auth, payload: withCoal('9e23', '10^20 t') });
  expect(res.statusCode).toBe(422);
  expect(res.json().errors).toEqual([
    expect.objectContaining({ code: 'number_out_of_range', file: 'carbon-activity.csv', row: 2, column: 'amount' }),
  ]);
  expect(await tableCounts(t.store.db)).toEqual(before);
});

it('a multiplier beyond 10^24 (10^99 t) is refused at the unit cell (the unit reader bounds it)', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/datasets', headers: t.auth, payload: withCoal('9e23', '10^99 t') });
  expect(res.statusCode).toBe(422);
  expect(res.json().errors).toEqual([
    expect.objectContaining({ code: 'unit_mismatch', file: 'carbon-activity.csv', row: 2, column: 'unit' }),
  ]);
});

it('a yearbook amount in 10^4 t is still taken', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/datasets', headers: t.auth, payload: withCoal('47.25', '10^4 t') });
  expect(res.statusCode).toBe(201);
});
