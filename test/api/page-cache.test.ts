/**
 * The page cache of done runs (api/page-cache.ts): result pages and report.csv are built once and served as bytes
 * with a strong ETag (304 on If-None-Match); a run re-stored (another finished_at) or deleted is never answered
 * from the cache; keyed reads check the key before the cache answers.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etagOf, notModified, PageCache } from '../../api/page-cache.ts';
import { revokeKey } from '../../api/store/keys.ts';
import { testApi, type TestApi } from '../helpers/api.ts';

describe('PageCache', () => {
  const run = (id: string, finished_at = 't1') => ({ id, finished_at, row_count: 1 });
  it('builds a page once per stamp, forgets a run, and stays within its bytes (least recently used out)', async () => {
    const c = new PageCache(1000);
    let built = 0;
    const build = () => `page-${++built}`;
    expect((await c.page(run('a'), 'p', build)).body.toString()).toBe('page-1');
    expect((await c.page(run('a'), 'p', build)).body.toString()).toBe('page-1');
    expect((await c.page(run('a', 't2'), 'p', build)).body.toString()).toBe('page-2'); // re-stored: built again
    c.invalidate('a');
    expect(c.size).toBe(0);
    expect((await c.page(run('a', 't2'), 'p', build)).body.toString()).toBe('page-3');
    const big = 'x'.repeat(300); // 370 bytes kept with its key: two fit in 1,000
    for (const id of ['b', 'c', 'd']) await c.page(run(id), 'p', () => big);
    expect(c.size).toBe(2);
    expect(c.bytes).toBeLessThanOrEqual(1000);
    expect((await c.page(run('d'), 'p', () => 'rebuilt')).body.toString()).toBe(big); // the newest is kept
    expect((await c.page(run('b'), 'p', () => 'rebuilt')).body.toString()).toBe('rebuilt'); // the oldest went first
    expect((await new PageCache(10).page(run('e'), 'p', () => big)).body.toString()).toBe(big); // too big to keep: still served
  });
  it('serves a page without reading the store only within checkMs of the last reading', async () => {
    let now = 0;
    const c = new PageCache(1000, 100, () => now);
    expect(c.fresh('a', 'p')).toBeUndefined(); // never read
    await c.page(run('a'), 'p', () => 'x');
    expect(c.fresh('a', 'p')?.body.toString()).toBe('x');
    expect(c.fresh('a', 'q')).toBeUndefined(); // another page of the run: not built yet
    now = 100;
    expect(c.fresh('a', 'p')).toBeUndefined(); // time to read the run's head again
    await c.page(run('a', 't2'), 'p', () => 'y'); // re-stored meanwhile
    expect(c.fresh('a', 'p')?.body.toString()).toBe('y');
    c.invalidate('a');
    expect(c.fresh('a', 'p')).toBeUndefined();
  });
  it('compares entity tags as If-None-Match does (weak comparison, lists, *)', () => {
    const tag = etagOf(Buffer.from('x'));
    expect(tag).toMatch(/^"[\w-]{27}"$/);
    expect(notModified(tag, tag)).toBe(true);
    expect(notModified(`W/${tag}`, tag)).toBe(true);
    expect(notModified(`"other", ${tag}`, tag)).toBe(true);
    expect(notModified('*', tag)).toBe(true);
    expect(notModified('"other"', tag)).toBe(false);
    expect(notModified(undefined, tag)).toBe(false);
  });
});

describe('GET /runs/:id/results and report.csv from the page cache (the run checked in the store each time)', () => {
  let t: TestApi;
  let id: string;
  beforeAll(async () => {
    t = await testApi({ pageCacheCheckMs: 0 });
    const res = await t.app.inject({ method: 'POST', url: '/runs', payload: { regions: ['tianfu'], years: [2022] }, headers: t.auth });
    id = res.json().id;
  });
  afterAll(() => t.close());
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  /** Change a stored value behind the server's back: a cached page does not show it until the run is re-stored. */
  const tamper = () => sql`update results set money_value = '999' where run_id = ${id} and seq = 0`.execute(t.store.db);
  const restore = () => sql`update runs set finished_at = '2099-01-01T00:00:00.000Z' where id = ${id}`.execute(t.store.db);

  it('serves the same bytes with a strong ETag, 304 when the client has them, for any spelling of the same page', async () => {
    const a = await get(`/runs/${id}/results?limit=5`);
    expect(a.statusCode).toBe(200);
    expect(a.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(a.headers.etag).toBe(etagOf(a.rawPayload));
    expect(a.headers['cache-control']).toBe('no-cache');
    expect(a.json()).toMatchObject({ run: id, limit: 5, offset: 0, next: `/runs/${id}/results?limit=5&offset=5` });
    const b = await get(`/runs/${id}/results?offset=0&limit=5`);
    expect(b.rawPayload.equals(a.rawPayload)).toBe(true);
    for (const inm of [a.headers.etag as string, `W/${a.headers.etag}`]) {
      const c = await get(`/runs/${id}/results?limit=5`, { 'if-none-match': inm });
      expect(c.statusCode).toBe(304);
      expect(c.rawPayload.length).toBe(0);
      expect(c.headers.etag).toBe(a.headers.etag);
    }
    expect((await get(`/runs/${id}/results?limit=5`, { 'if-none-match': '"stale"' })).statusCode).toBe(200);
    // an empty filter is a filter (no row matches), not the page without one
    expect((await get(`/runs/${id}/results?limit=5&indicator=`)).json().total).toBe(0);
  });

  it('a report of an unknown run is a problem to read, not an attachment', async () => {
    for (const format of ['csv', 'html']) {
      const res = await get(`/runs/no-such-run/report.${format}`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['content-disposition']).toBeUndefined();
    }
    const csv = await get(`/runs/${id}/report.csv`);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="gep-${id}-en.csv"`);
  });

  it('a re-stored run is read again; a deleted run is not served from the cache', async () => {
    const page = `/runs/${id}/results?limit=5`;
    const before = (await get(page)).json().items[0].money_value;
    const csv = (await get(`/runs/${id}/report.csv`)).payload;
    await tamper();
    expect((await get(page)).json().items[0].money_value).toBe(before); // cached: the store was not read
    expect((await get(`/runs/${id}/report.csv`)).payload).toBe(csv);
    await restore();
    expect((await get(page)).json().items[0].money_value).toBe('999');
    expect((await get(`/runs/${id}/report.csv`)).payload).not.toBe(csv);
    await t.store.db.transaction().execute(async (tx) => {
      for (const table of ['results', 'traces', 'jobs'] as const) await tx.deleteFrom(table).where('run_id', '=', id).execute();
      await tx.deleteFrom('runs').where('id', '=', id).execute();
    });
    expect((await get(page)).statusCode).toBe(404);
    expect((await get(`/runs/${id}/report.csv`)).statusCode).toBe(404);
  });
});

describe('a run deleted by another process', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await testApi({ pageCacheCheckMs: 300 });
  });
  afterAll(() => t.close());
  it('is answered 404 once the check interval has passed', async () => {
    const id = (
      await t.app.inject({ method: 'POST', url: '/runs', payload: { regions: ['tianfu'], years: [2022] }, headers: t.auth })
    ).json().id;
    const page = `/runs/${id}/results?limit=3`;
    expect((await t.app.inject({ method: 'GET', url: page })).statusCode).toBe(200);
    await t.store.db.transaction().execute(async (tx) => {
      for (const table of ['results', 'traces', 'jobs'] as const) await tx.deleteFrom(table).where('run_id', '=', id).execute();
      await tx.deleteFrom('runs').where('id', '=', id).execute();
    });
    await new Promise((r) => setTimeout(r, 350));
    expect((await t.app.inject({ method: 'GET', url: page })).statusCode).toBe(404);
  });
});

describe('keyed reads check the key before the cache answers', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await testApi({ keyedReads: true });
  });
  afterAll(() => t.close());
  it('a cached page is refused without a key and with a revoked one', async () => {
    const id = (
      await t.app.inject({ method: 'POST', url: '/runs', payload: { regions: ['tianfu'], years: [2022] }, headers: t.auth })
    ).json().id;
    const page = `/runs/${id}/results?limit=3`;
    const ok = await t.app.inject({ method: 'GET', url: page, headers: t.auth });
    expect(ok.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: page, headers: t.auth })).rawPayload.equals(ok.rawPayload)).toBe(true);
    const none = await t.app.inject({ method: 'GET', url: page, headers: { 'if-none-match': ok.headers.etag as string } });
    expect(none.statusCode).toBe(401);
    const keyId = (await t.store.db.selectFrom('api_keys').select('id').executeTakeFirstOrThrow()).id;
    await revokeKey(t.store.db, keyId, new Date().toISOString());
    expect((await t.app.inject({ method: 'GET', url: page, headers: t.auth })).statusCode).toBe(401);
  });
});
