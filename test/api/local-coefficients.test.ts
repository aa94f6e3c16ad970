/** An uploaded dataset may carry coefficients.csv (issue 10 item 4): stored, hashed and used by its runs. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sampleUpload, testApi, type TestApi } from '../helpers/api.ts';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => {
  await t.close();
});

const upload = (value: string) => {
  const body = sampleUpload({
    'dataset.yaml': (x) => x.replace('id: tianfu-sample', 'id: local').replace('files:\n', 'files:\n  coefficients: coefficients.csv\n'),
  });
  const csv = `region,coefficient,key,from,value,unit,source\n*,soil_bulk_density,,2010,${value},t/m3,白玛卓嘎 et al. 2017 §3.2.2\n`;
  return { files: [...body.files, { name: 'coefficients.csv', content: csv }] };
};
const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: t.auth, payload });

it('POST /datasets takes coefficients.csv; a run lists the local coefficient; a bad row is 422 naming the cell', async () => {
  const res = await post('/datasets', upload('0.93'));
  expect(res.statusCode).toBe(201);
  expect(res.json().files.map((f: { name: string }) => f.name)).toContain('coefficients.csv');
  const run = await post('/runs', { dataset: 'local', years: [2022] });
  expect(run.statusCode).toBe(201);
  const stored = (await t.app.inject({ url: `/runs/${run.json().id}`, headers: t.auth })).json();
  expect(JSON.stringify(stored)).toContain('"local_coefficients"');
  const bad = await post('/datasets', upload('-0.93'));
  expect(bad.statusCode).toBe(422);
  expect(bad.json().errors).toEqual([
    expect.objectContaining({ code: 'coefficient_negative', file: 'coefficients.csv', row: 2, column: 'value' }),
  ]);
});
