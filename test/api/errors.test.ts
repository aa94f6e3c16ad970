import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleUpload, testApi, type TestApi } from '../helpers/api.ts';

/**
 * Real refusals through the API, one per class of issue code (engine/core/issue-codes.ts): each answers the status
 * of its class (api/problem.ts) as problem+json naming the code; and authentication as route configuration.
 */
let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => {
  await t.close();
});

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any };
const post = (url: string, payload: unknown, headers: Record<string, string> = t.auth) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers });
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

/** problem+json with this status whose top-level code is `code`. */
function problem(res: Res, status: number, code: unknown) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const body = res.json();
  expect(body).toMatchObject({ status, code, type: expect.stringMatching(/^urn:gep-ledger:problem:/), title: expect.any(String) });
  return body;
}

describe('one refusal per class, with its status', () => {
  it('input → 422: a carbon run whose data lacks the dual-control base year (it was a 500)', async () => {
    // carbon activity from 2021 only: dual control's base year 2020 (lib/carbon-run.ts default) is not among the years
    const from2021 = sampleUpload({
      'dataset.yaml': (y) => y.replace('id: tianfu-sample', 'id: carbon-from-2021'),
      'carbon-activity.csv': (csv) =>
        csv
          .split('\n')
          .filter((line, n) => n === 0 || !/^tianfu,20(1\d|20),/.test(line))
          .join('\n'),
    });
    expect((await post('/datasets', from2021)).statusCode).toBe(201);
    const res = await post('/runs', { kind: 'carbon', dataset: 'carbon-from-2021', years: [2021, 2022] });
    const body = problem(res, 422, 'base_year_unknown');
    expect(body.errors).toEqual([
      expect.objectContaining({ code: 'base_year_unknown', message: expect.stringContaining('dual control needs its base year 2020') }),
    ]);
    expect(res.headers.location).toMatch(/^\/runs\/[0-9a-f]{16}$/); // the failed run can be looked at
  });

  it('request → 400: a body that does not fit the route names the field', async () => {
    const body = problem(await post('/runs', { years: 'all' }), 400, 'request_invalid');
    expect(body.errors[0]).toMatchObject({ field: 'body.years', code: 'request_invalid' });
  });

  it('unauthorized → 401: no key, and an unknown key', async () => {
    problem(await post('/runs', {}, {}), 401, 'api_key_missing');
    problem(await post('/runs', {}, { authorization: 'Bearer gep_nope' }), 401, 'api_key_invalid');
  });

  it('not_found → 404: a run that does not exist, and a route that does not', async () => {
    expect(problem(await get('/runs/nope'), 404, 'not_found').errors[0]).toMatchObject({ field: 'id', code: 'not_found' });
    problem(await get('/nowhere'), 404, 'not_found');
  });

  it('conflict → 409: the trace of a run made without traces', async () => {
    const run = (await post('/runs', { years: [2022], trace: false })).json();
    problem(await get(`/runs/${run.id}/trace?indicator=gep`), 409, 'trace_not_kept');
  });

  it('too_large → 413: a body over the route limit (1 MiB outside uploads)', async () => {
    problem(await post('/runs', { regions: ['x'.repeat(2 * 1024 * 1024)] }), 413, 'body_too_large');
  });

  it('unsupported → 415: a body in a media type no route reads', async () => {
    problem(await post('/runs', '<run/>', { ...t.auth, 'content-type': 'application/xml' }), 415, 'media_type_unsupported');
  });

  it('internal → 500: an unexpected error, logged, answered without its detail', async () => {
    const k = await testApi();
    try {
      k.app.get('/boom', async () => {
        throw new Error('secret detail');
      });
      const body = problem(await k.app.inject({ url: '/boom' }), 500, 'internal');
      expect(JSON.stringify(body)).not.toContain('secret');
    } finally {
      await k.close();
    }
  });
  // unavailable → 503 needs a closing server on a real socket: test/api/server.test.ts
});

describe('uploads that must not take the server down', () => {
  it('a YAML alias bomb in the manifest answers 422 (it was a 500)', async () => {
    // "billion laughs": 9 levels of 10 aliases each would expand to 10^9 strings
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (const [n, name] of [...'bcdefghi'].entries()) levels.push(`${name}: &${name} [${Array(10).fill(`*${'abcdefghi'[n]}`).join(',')}]`);
    const bomb = sampleUpload({ 'dataset.yaml': (y) => `${y}\n${levels.join('\n')}\n` });
    const body = problem(await post('/datasets', bomb), 422, 'yaml_aliases');
    expect(body.errors[0]).toMatchObject({ file: 'dataset.yaml', code: 'yaml_aliases' });
  });

  it('an error list is cut at 1,000 and says how many were left out', async () => {
    const bad = Array.from({ length: 1200 }, (_, n) => `tianfu,2022,precipitation,,${n}x,mm,test`);
    const upload = sampleUpload({
      'dataset.yaml': (y) => y.replace('id: tianfu-sample', 'id: many-errors'),
      'observations.csv': (csv) => `${csv.trimEnd()}\n${bad.join('\n')}\n`,
    });
    const body = problem(await post('/datasets', upload), 422, expect.any(String));
    expect(body.code).toBe(body.errors[0].code); // the code of the first problem of the class that decided the status
    expect(body.errors).toHaveLength(1000);
    expect(body.errors_omitted).toBeGreaterThanOrEqual(200); // 1,200 bad cells, and their duplicates of one key
    expect(body.detail).toBe(`${1000 + body.errors_omitted} problems in the dataset`);
  });
});

describe('authentication is route configuration', () => {
  it('a write route without a key is refused; a read route is open; health and the docs are open', async () => {
    problem(await post('/scenarios', {}, {}), 401, 'api_key_missing');
    expect((await get('/models')).statusCode).toBe(200);
    expect((await get('/health')).statusCode).toBe(200);
    expect((await get('/docs/json')).statusCode).toBe(200);
  });

  it('a new route is protected by its config alone; an undeclared write needs a key, an undeclared read does not', async () => {
    const k = await testApi();
    try {
      k.app.get('/secret', { config: { auth: 'key' } }, async () => ({ ok: true }));
      k.app.post('/undeclared', async () => ({ ok: true }));
      k.app.get('/plain', async () => ({ ok: true }));
      const inject = (method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}) => k.app.inject({ method, url, headers });
      problem(await inject('GET', '/secret'), 401, 'api_key_missing');
      expect((await inject('GET', '/secret', k.auth)).json()).toEqual({ ok: true });
      problem(await inject('POST', '/undeclared'), 401, 'api_key_missing');
      expect((await inject('POST', '/undeclared', k.auth)).statusCode).toBe(200);
      expect((await inject('GET', '/plain')).statusCode).toBe(200);
    } finally {
      await k.close();
    }
  });

  it('keyed reads: a read route asks a key, an open one does not', async () => {
    const k = await testApi({ keyedReads: true });
    try {
      problem(await k.app.inject({ url: '/runs' }), 401, 'api_key_missing');
      expect((await k.app.inject({ url: '/docs/json' })).statusCode).toBe(200);
      expect((await k.app.inject({ url: '/health' })).statusCode).toBe(200);
    } finally {
      await k.close();
    }
  });

  it('the OpenAPI document marks exactly the keyed routes, from their config (POST /compare was unmarked)', async () => {
    const doc = (await get('/docs/json')).json();
    const keyed = Object.entries(doc.paths as Record<string, Record<string, { security?: unknown }>>)
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op.security !== undefined]))
      .filter(([, s]) => s)
      .map(([op]) => op)
      .sort();
    expect(keyed).toEqual(['GET /audit', 'POST /compare', 'POST /datasets', 'POST /runs', 'POST /scenarios']);
  });
});
