/**
 * Bounded numbers through the API (issue 12 item 1): POST /datasets goes through the dataset loaders and POST
 * /scenarios through the scenario schema and overlay, so an unbounded number or a negative price is a 422 naming
 * the cell or field, and the store is left exactly as it was.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts } from '../../api/store/migrations.ts';
import { BAD_NUMBERS } from '../fixtures/bad-numbers.ts';
import { sampleUpload, testApi, type TestApi } from '../helpers/api.ts';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => {
  await t.close();
});

const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, payload: payload as object, headers: t.auth });

/** POST, expect a 422 problem+json and unchanged table counts; the errors. */
async function refused422(
  url: string,
  payload: unknown,
): Promise<{ code: string; file?: string; row?: number; column?: string; path?: string }[]> {
  const before = await tableCounts(t.store.db);
  const res = await post(url, payload);
  expect(res.statusCode).toBe(422);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(await tableCounts(t.store.db)).toEqual(before);
  expect(res.body.length).toBeLessThan(4000); // the value is named truncated, not echoed whole
  return res.json().errors;
}

const renamed = (text: string) => text.replace('id: tianfu-sample', 'id: bounded-upload');
/** The sample with precipitation 2020 (observations.csv line 2) set to `value`. */
const withPrecipitation = (value: string) =>
  sampleUpload({
    'dataset.yaml': renamed,
    'observations.csv': (text) => text.replace('tianfu,2020,precipitation,,1021.4,', `tianfu,2020,precipitation,,${value},`),
  });

describe('POST /datasets refuses unbounded numbers with 422, naming file, line and column', () => {
  it.each(BAD_NUMBERS)('$label → $code', async ({ text, code }) => {
    const errors = await refused422('/datasets', withPrecipitation(text));
    expect(errors).toEqual([expect.objectContaining({ code, file: 'observations.csv', row: 2, column: 'value' })]);
  });

  it('-7 for a price (product_price of grain) → below_minimum naming the cell', async () => {
    const upload = sampleUpload({
      'dataset.yaml': renamed,
      'observations.csv': (text) => text.replace('tianfu,2020,product_price,grain,2820,', 'tianfu,2020,product_price,grain,-7,'),
    });
    expect(await refused422('/datasets', upload)).toEqual([
      expect.objectContaining({ code: 'below_minimum', file: 'observations.csv', row: 57, column: 'value' }),
    ]);
  });

  it('property: random text in a cell is stored, or refused with 422 naming that cell; never a 500', async () => {
    const cell = (s: string) => `"${s.replace(/[\r\n]/g, ' ').replaceAll('"', '""')}"`;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 40 }), fc.double().map(String), fc.stringMatching(/^-?\d{0,30}(\.\d{0,10})?(e[+-]?\d{1,10})?$/)),
        async (text) => {
          const res = await post('/datasets', withPrecipitation(cell(text)));
          if (res.statusCode === 201 || res.statusCode === 200) return true;
          expect(res.statusCode).toBe(422);
          expect(res.json().errors).toEqual([expect.objectContaining({ file: 'observations.csv', row: 2, column: 'value' })]);
          return true;
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('POST /scenarios refuses unbounded numbers and negative prices with 422, naming the field', () => {
  const greenway = YAML.parse(readFileSync('scenarios/greenway.yaml', 'utf8'));
  const withCoefficient = (override: object) => ({
    ...greenway,
    id: 'bounded',
    overrides: { coefficients: [{ from: 2021, source: 'test', ...override }] },
  });

  it.each(BAD_NUMBERS)('value $label → $code', async ({ text, code }) => {
    const errors = await refused422('/scenarios', withCoefficient({ coefficient: 'reservoir_cost', value: text }));
    expect(errors).toEqual([expect.objectContaining({ code, path: 'overrides.coefficients.0.value' })]);
  });

  it('-7 for a price (reservoir_cost) → coefficient_negative', async () => {
    expect(await refused422('/scenarios', withCoefficient({ coefficient: 'reservoir_cost', value: '-7' }))).toEqual([
      expect.objectContaining({ code: 'coefficient_negative', path: 'overrides.coefficients[0].value' }),
    ]);
  });
});
