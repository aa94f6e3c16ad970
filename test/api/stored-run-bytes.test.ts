/**
 * What a computed POST /runs stores (packed rows through jsonb_each, api/store/runs.ts) is what the run computes: every
 * result row in order with each column as the row has it, every trace node as its JSON text, the meta as its JSON
 * text — compared with a direct computeRun of the stored parameters.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Catalogue } from '../../api/catalogue.ts';
import { computeRun, type RunParams } from '../../api/compute.ts';
import { storeSources } from '../../api/run-sources.ts';
import { getRun } from '../../api/store/runs.ts';
import { RESULT_COLUMNS } from '../../lib/rows.ts';
import { testApi, type TestApi } from '../helpers/api.ts';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(() => t.close());

it('stores the rows, traces and meta of a direct computeRun, byte for byte, and again after a rerun', async () => {
  const ask = { regions: ['tianfu'], years: [2021, 2022] };
  const id = (await t.app.inject({ method: 'POST', url: '/runs', payload: ask, headers: t.auth })).json().id as string;
  const run = (await getRun(t.store.db, id))!;
  const c = await computeRun(JSON.parse(run.params) as RunParams, storeSources(new Catalogue(t.store.db, t.dir), t.store.db));
  const expected = {
    meta: JSON.stringify(c.meta),
    results: c.rows.map((r, seq) => ({ seq, ...r, year: Number(r.year), origin: r.origin ?? '' })),
    traces: c.traces
      .map((x) => ({ region: x.region, year: x.year, indicator: x.indicator, node: JSON.stringify(x.node) }))
      .sort((a, b) => `${a.region}\0${a.year}\0${a.indicator}`.localeCompare(`${b.region}\0${b.year}\0${b.indicator}`)),
  };
  const stored = async () => ({
    meta: (await getRun(t.store.db, id))!.meta,
    results: await t.store.db
      .selectFrom('results')
      .select(['seq', ...RESULT_COLUMNS])
      .where('run_id', '=', id)
      .orderBy('seq')
      .execute(),
    traces: (await t.store.db.selectFrom('traces').select(['region', 'year', 'indicator', 'node']).where('run_id', '=', id).execute()).sort(
      (a, b) => `${a.region}\0${a.year}\0${a.indicator}`.localeCompare(`${b.region}\0${b.year}\0${b.indicator}`),
    ),
  });
  expect(expected.results.length).toBeGreaterThan(300);
  expect(expected.traces.length).toBeGreaterThan(80);
  expect(await stored()).toEqual(expected);
  expect((await t.app.inject({ method: 'POST', url: '/runs', payload: { ...ask, rerun: true }, headers: t.auth })).statusCode).toBe(201);
  expect(await stored()).toEqual(expected);
});
