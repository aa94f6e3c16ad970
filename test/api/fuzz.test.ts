/**
 * Fuzz (fast-check) of what comes in from outside, issue 12 item 5: a bad dataset cell, a bad scenario value and
 * a malformed API body are each answered with a 4xx problem+json naming where (never a 500), and leave every
 * table of the store as it was. The generators make only inputs that must be refused, so each run asserts a
 * refusal; numRuns are small so that the file takes seconds.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts } from '../../api/store/migrations.ts';
import { DECIMAL_LIMITS } from '../../engine/core/decimal-text.ts';
import { sampleUpload, testApi, type TestApi } from '../helpers/api.ts';

let t: TestApi;
let counts: Record<string, number>;
beforeAll(async () => {
  t = await testApi();
  counts = await tableCounts(t.store.db);
});
afterAll(async () => {
  await t.close();
});

type Err = { code: string; field: string; file?: string; row?: number; column?: string; path?: string };
/** Send, and expect a 4xx problem+json and the store unchanged; the answer's status and errors. */
async function refused(url: string, payload: string): Promise<{ status: number; errors: Err[] }> {
  const res = await t.app.inject({ method: 'POST', url, payload, headers: { ...t.auth, 'content-type': 'application/json' } });
  expect(res.statusCode, `${payload.slice(0, 600)} → ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(await tableCounts(t.store.db)).toEqual(counts);
  const body = res.json();
  return { status: res.statusCode, errors: body.errors ?? [] };
}

/** Number text the bounded reader must refuse (engine/core/decimal-text.ts), whatever its sign. */
const badNumber = fc.oneof(
  // magnitude: |x| ≥ 10^24 or 0 < |x| < 10^-15
  fc
    .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: DECIMAL_LIMITS.maxExponent, max: 9_999_999_999 }))
    .map(([m, e]) => `${m}e${e}`),
  fc
    .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: -DECIMAL_LIMITS.minExponent + 1, max: 9_999_999_999 }))
    .map(([m, e]) => `${m}e-${e}`),
  // length and significant digits
  fc.integer({ min: DECIMAL_LIMITS.maxLength + 1, max: 20_000 }).map((n) => '7'.repeat(n)),
  fc.integer({ min: DECIMAL_LIMITS.maxDigits, max: 60 }).map((n) => `1.${'3'.repeat(n)}`),
  // syntax: separators, other notations, words
  fc.constantFrom(
    'abc',
    '0x1F',
    '1,234',
    '1 234',
    '1_000',
    'Infinity',
    '-Infinity',
    'NaN',
    '--1',
    '1e',
    '12a',
    '½',
    '١٢٣',
    'e5',
    '1e+',
    '1/0',
    '1/x',
  ),
  // a character no number has ("/" is left out: scenarios take exact fractions such as 1/3)
  fc.string({ minLength: 1, maxLength: 30 }).filter((s) => /[^0-9.eE+\-/]/.test(s.trim()) && !/[\r\n]/.test(s)),
);
/** A value below the declared minimum 0 of the input or coefficient. */
const negative = fc.integer({ min: 1, max: 1_000_000 }).map((n) => `-${n}`);
const csvCell = (s: string) => `"${s.replaceAll('"', '""')}"`;

describe('dataset cells', () => {
  const observations = readFileSync('datasets/tianfu-sample/observations.csv', 'utf8').split('\n');
  const extent = readFileSync('datasets/tianfu-sample/extent.csv', 'utf8').split('\n');
  const renamed = (y: string) => y.replace('id: tianfu-sample', 'id: fuzzed');
  /** The sample with the cell `column` of line `line` (1 = the header) of `file` replaced by `text`. */
  function withCell(file: 'observations.csv' | 'extent.csv', lines: string[], line: number, column: number, text: string) {
    const edited = lines.map((l, n) => {
      if (n !== line - 1) return l;
      const cells = l.split(','); // the sample's number cells come before any quoted text
      cells[column] = csvCell(text);
      return cells.join(',');
    });
    return JSON.stringify(sampleUpload({ 'dataset.yaml': renamed, [file]: () => edited.join('\n') }));
  }

  it('property: a bad number in any observation value → 422 naming observations.csv, that line, column value', async () => {
    const lines = observations.filter(Boolean).length;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: lines }), badNumber, async (line, text) => {
        const { status, errors } = await refused('/datasets', withCell('observations.csv', observations, line, 4, text));
        expect(status).toBe(422);
        expect(errors).toContainEqual(expect.objectContaining({ file: 'observations.csv', row: line, column: 'value' }));
      }),
      { numRuns: 15 },
    );
  });

  it('property: a bad or negative area → 422 naming extent.csv, that line, column area_ha', async () => {
    const lines = extent.filter(Boolean).length;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: lines }), fc.oneof(badNumber, negative), async (line, text) => {
        const { status, errors } = await refused('/datasets', withCell('extent.csv', extent, line, 3, text));
        expect(status).toBe(422);
        expect(errors).toContainEqual(expect.objectContaining({ file: 'extent.csv', row: line, column: 'area_ha' }));
      }),
      { numRuns: 10 },
    );
  });
});

describe('scenario values', () => {
  const greenway = YAML.parse(readFileSync('scenarios/greenway.yaml', 'utf8'));
  const source = 'fuzz test';
  /** JSON that is not a number written as a string. */
  const notText = fc.oneof(
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.object(),
  );
  const fields: { path: string; with: (v: unknown) => object }[] = [
    {
      path: 'overrides.coefficients.0.value',
      with: (value) => ({ coefficients: [{ coefficient: 'reservoir_cost', from: 2021, value, source }] }),
    },
    {
      path: 'overrides.inputs.0.scale',
      with: (scale) => ({ inputs: [{ input: 'visits', key: 'park_greenway', from: 2021, scale, source }] }),
    },
    {
      path: 'overrides.conversions.0.area_ha',
      with: (area_ha) => ({ conversions: [{ from_type: 'bare_land', to_type: 'urban_green', area_ha, from: 2021, source }] }),
    },
  ];

  it('property: a bad, negative or non-text value in a coefficient, an input scale or a conversion → 422 naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), fc.oneof(badNumber, negative, notText), async (field, value) => {
        const body = JSON.stringify({ ...greenway, id: 'fuzzed', overrides: field.with(value) });
        const { status, errors } = await refused('/scenarios', body);
        expect(status).toBe(422);
        // the schema names paths with dots, the overlay with brackets: both name the same field
        expect(errors.map((e) => (e.path ?? '').replace(/\[(\d+)\]/g, '.$1'))).toContain(field.path);
      }),
      { numRuns: 30 },
    );
  });
});

describe('API bodies', () => {
  const routes: { url: string; fields: string[]; valid: Record<string, unknown> }[] = [
    {
      url: '/runs',
      fields: [
        'kind',
        'factors',
        'model',
        'dataset',
        'scenario',
        'regions',
        'years',
        'base_year',
        'trace',
        'uncertainty',
        'method',
        'covers',
        'rerun',
      ],
      valid: { regions: ['tianfu'], years: [2022], trace: false },
    },
    { url: '/datasets', fields: ['model', 'files'], valid: sampleUpload() },
    { url: '/compare', fields: ['runs', 'format', 'lang'], valid: { runs: ['a', 'b'], format: 'csv' } },
  ];
  const json = fc.jsonValue({ maxDepth: 3 });

  it('property: any JSON with a field the route does not know → 400, store unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), json, { minKeys: 1, maxKeys: 4 }),
        async (route, body) => {
          const extra = Object.keys(body).find((k) => !route.fields.includes(k));
          fc.pre(extra !== undefined && extra !== '__proto__');
          const { status, errors } = await refused(route.url, JSON.stringify({ ...route.valid, ...body }));
          expect(status).toBe(400);
          expect(errors.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('property: a body that is not an object (array, string, number, broken JSON) → 400', async () => {
    const broken = fc.string({ minLength: 1, maxLength: 40 }).map((s) => `{${s}`);
    const notObject = fc
      .oneof(fc.array(json, { maxLength: 3 }), fc.string(), fc.double(), fc.boolean(), fc.constant(null))
      .map((v) => JSON.stringify(v));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/runs', '/datasets', '/compare', '/scenarios'),
        fc.oneof(broken, notObject),
        async (url, payload) => {
          fc.pre(payload.trim() !== '' && payload !== 'null'); // an empty body is an empty object to these routes
          expect((await refused(url, payload)).status).toBe(400);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('property: a field of a valid POST /runs given a value of the wrong type or out of range → 400 naming it', async () => {
    const wrong: Record<string, fc.Arbitrary<unknown>> = {
      kind: fc.string().filter((s) => !['gep', 'dual', 'carbon'].includes(s)),
      regions: fc.oneof(fc.constant([]), fc.string(), fc.array(fc.oneof(fc.integer(), fc.constant('')), { minLength: 1, maxLength: 3 })),
      years: fc.oneof(
        fc.constant([]),
        fc.array(
          fc.oneof(
            fc.integer({ min: 2201 }),
            fc.integer({ max: 1899 }),
            fc.double({ min: 1901, max: 2199 }).filter((y) => !Number.isInteger(y)),
          ),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        fc.string(),
      ),
      base_year: fc.oneof(fc.integer({ min: 2201 }), fc.string(), fc.boolean()),
      trace: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      uncertainty: fc.oneof(
        fc.record({ draws: fc.integer({ min: 10_001 }), seed: fc.nat() }),
        fc.record({ draws: fc.integer({ max: 9 }), seed: fc.nat() }),
        fc.record({ draws: fc.constant(100), seed: fc.oneof(fc.integer({ max: -1 }), fc.double({ min: 2 ** 32, noNaN: true })) }),
      ),
      rerun: fc.oneof(fc.string(), fc.integer()),
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(wrong)).chain((k) => wrong[k]!.map((v) => [k, v] as const)),
        async ([field, value]) => {
          const { status, errors } = await refused('/runs', JSON.stringify({ ...routes[0]!.valid, [field]: value }));
          expect(status).toBe(400);
          expect(errors.map((e) => e.field)).toContainEqual(expect.stringMatching(new RegExp(`^body\\.${field}\\b`)));
        },
      ),
      { numRuns: 40 },
    );
  });
});
