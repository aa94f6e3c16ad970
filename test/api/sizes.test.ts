/**
 * Issue 12 item 4, what the audit of main still found: ids and names are capped (SIZE_LIMITS), so that no
 * 100 KB id is stored or sent back in a Location header; a refusal that echoes a long name is clipped; a known
 * route asked with another method answers 405 with Allow, as problem+json.
 */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemBody, Problem } from '../../api/problem.ts';
import { tableCounts } from '../../api/store/migrations.ts';
import { SIZE_LIMITS } from '../../engine/core/limits.ts';
import { sampleUpload, testApi, type TestApi } from '../helpers/api.ts';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => {
  await t.close();
});

type Res = { statusCode: number; headers: Record<string, unknown>; body: string; json(): any };
const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, payload: payload as object, headers: t.auth });
const LONG = 'x'.repeat(100_000);

/** A refusal as problem+json, small, without a Location, the store unchanged. */
async function refusedSmall(send: () => Promise<Res>, status: number) {
  const before = await tableCounts(t.store.db);
  const res = await send();
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.headers.location).toBeUndefined();
  expect(res.body.length).toBeLessThan(4000);
  expect(await tableCounts(t.store.db)).toEqual(before);
  return res.json();
}

describe('ids and names are capped (SIZE_LIMITS)', () => {
  it('a 100,000-character manifest id is refused with 422 naming dataset.yaml id (it was stored, with a 100 KB Location)', async () => {
    const body = await refusedSmall(
      () => post('/datasets', sampleUpload({ 'dataset.yaml': (y) => y.replace('id: tianfu-sample', `id: ${LONG}`) })),
      422,
    );
    expect(body.errors).toEqual([expect.objectContaining({ code: 'schema_invalid', file: 'dataset.yaml', path: 'id' })]);
    expect(body.errors[0].message).toContain(`${SIZE_LIMITS.idLength} characters`);
  });

  it(`a manifest id of ${SIZE_LIMITS.idLength} characters is stored; its Location is short`, async () => {
    const id = 'a'.repeat(SIZE_LIMITS.idLength);
    const res = await post('/datasets', sampleUpload({ 'dataset.yaml': (y) => y.replace('id: tianfu-sample', `id: ${id}`) }));
    expect(res.statusCode).toBe(201);
    expect(String(res.headers.location).length).toBeLessThan(SIZE_LIMITS.idLength + 30);
  });

  it('a region id and a region name past their limits are refused, naming the path', async () => {
    const upload = sampleUpload({
      'dataset.yaml': (y) => {
        const m = YAML.parse(y);
        m.id = 'long-region';
        m.regions[0].name.en = 'N'.repeat(SIZE_LIMITS.labelLength + 1);
        m.regions.push({ id: `r${'x'.repeat(SIZE_LIMITS.idLength)}`, name: { zh: '长', en: 'long' } });
        return YAML.stringify(m);
      },
    });
    const body = await refusedSmall(() => post('/datasets', upload), 422);
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['regions.0.name.en', 'regions.1.id']);
  });

  it('a 100,000-character scenario id is refused with 422 naming id (it was stored, with a 100 KB Location)', async () => {
    const greenway = YAML.parse(readFileSync('scenarios/greenway.yaml', 'utf8'));
    const body = await refusedSmall(() => post('/scenarios', { ...greenway, id: LONG }), 422);
    expect(body.errors).toEqual([expect.objectContaining({ code: 'schema_invalid', path: 'id' })]);
  });

  it('a file name past its limit is refused with 400 naming the field', async () => {
    const body = await refusedSmall(() => post('/datasets', { files: [{ name: `${LONG}.csv`, content: 'x' }] }), 400);
    expect(body.errors).toEqual([expect.objectContaining({ field: 'body.files.0.name' })]);
  });
});

describe('refusals echo what they refuse clipped', () => {
  it('a 404 for a 100,000-character model name is small and says how long the name was (it was 200 KB)', async () => {
    const body = await refusedSmall(() => post('/datasets', { model: LONG, files: [{ name: 'dataset.yaml', content: 'x' }] }), 404);
    expect(body.detail).toMatch(/^model "x+… \(\d{6} characters\)$/);
  });

  it('every string of a problem body is clipped to problemTextLength, and the error list to its first ones with a count', () => {
    const errors = Array.from({ length: 5000 }, (_, n) => ({ field: `f${n}${LONG}`, message: LONG, code: 'schema_invalid' as const }));
    const body = problemBody(new Problem('schema_invalid', LONG, errors), `/x?${LONG}`);
    const strings = JSON.stringify(body).match(/"(?:[^"\\]|\\.)*"/g)!;
    expect(Math.max(...strings.map((s) => s.length))).toBeLessThanOrEqual(SIZE_LIMITS.problemTextLength + 40);
    expect(body.errors).toHaveLength(SIZE_LIMITS.problemErrors);
    expect(body.errors_omitted).toBe(5000 - SIZE_LIMITS.problemErrors);
  });
});

describe('405: a known route with another method', () => {
  it.each([
    ['DELETE', '/models', 'GET, HEAD'],
    ['PUT', '/runs', 'GET, HEAD, POST'],
    ['GET', '/datasets', 'POST'],
    ['POST', '/runs/abc/results', 'GET, HEAD'],
  ])('%s %s → 405, Allow: %s, problem+json', async (method, url, allow) => {
    const res = await t.app.inject({ method: method as 'GET', url, headers: t.auth });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 405, code: 'method_not_allowed', title: 'Method not allowed' });
  });

  it('a path no route has stays 404', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/nothing/here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
  });
});
