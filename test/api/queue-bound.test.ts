/**
 * POST /runs refuses work beyond GEP_MAX_QUEUED_JOBS queued jobs (503 queue_full, retry-after), storing nothing,
 * and never refuses a post that adds no work: a run already stored, or one whose jobs are queued already. Without a
 * worker here, posted jobs stay queued, so the queue's depth is what the posts made.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { createKey } from '../../api/store/keys.ts';
import { BACKENDS } from '../helpers/stores.ts';

const dir = mkdtempSync(join(tmpdir(), 'gep-queue-bound-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(BACKENDS)('the run queue bound ($name)', (backend) => {
  it('refuses a post that would queue past the bound, takes posts that join or find their run, and room again once jobs leave', async () => {
    const store = await backend.open();
    const config = { worker: false, syncWaitMs: 0, maxQueuedJobs: 2, queueCheckMs: 0 };
    const app = await buildApp({ store, dataDir: dir, config });
    try {
      const { key } = await createKey(store.db, 't', '2026-12-01T00:00:00.000Z');
      const post = (body: object) =>
        app.inject({
          method: 'POST',
          url: '/runs',
          headers: { authorization: `Bearer ${key}` },
          payload: { regions: ['tianfu'], ...body },
        });
      const runs = async () => (await store.db.selectFrom('runs').select('id').execute()).length;
      const a = await post({ years: [2021] });
      const b = await post({ years: [2022] });
      expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
      // two queued jobs: a third run is refused, with nothing stored for it
      const c = await post({ years: [2020] });
      expect(c.statusCode).toBe(503);
      expect(c.headers['retry-after']).toBe('1');
      expect(c.json()).toMatchObject({
        status: 503,
        code: 'queue_full',
        detail: '2 or more jobs are queued (GEP_MAX_QUEUED_JOBS): try again later',
      });
      expect(await runs()).toBe(2);
      // the same request as a queued run joins its job: no new work, not refused
      const again = await post({ years: [2021] });
      expect(again.statusCode).toBe(202);
      expect(again.json().id).toBe(a.json().id);
      // a queued job leaving the queue (claimed, done elsewhere) makes room, seen at the next reading
      await store.db.updateTable('jobs').set({ state: 'done' }).where('run_id', '=', b.json().id).execute();
      const d = await post({ years: [2020] });
      expect(d.statusCode).toBe(202);
      expect(await runs()).toBe(3);
      expect((await post({ years: [2020, 2021] })).statusCode).toBe(503);
      expect(await runs()).toBe(3);
    } finally {
      await app.close();
      await store.drop();
    }
  }, 60_000);

  it('posts arriving together on one server: as many pass as there is room for, and the rest store nothing', async () => {
    const store = await backend.open();
    const app = await buildApp({ store, dataDir: dir, config: { worker: false, syncWaitMs: 0, maxQueuedJobs: 2, queueCheckMs: 60_000 } });
    try {
      const { key } = await createKey(store.db, 't', '2026-12-01T00:00:00.000Z');
      const asks = [[2020], [2021], [2022], [2020, 2021], [2021, 2022], [2020, 2022]];
      const answers = await Promise.all(
        asks.map((years) =>
          app.inject({
            method: 'POST',
            url: '/runs',
            headers: { authorization: `Bearer ${key}` },
            payload: { regions: ['tianfu'], years },
          }),
        ),
      );
      const codes = answers.map((a) => a.statusCode);
      expect(codes.filter((c) => c === 202)).toHaveLength(2);
      expect(codes.filter((c) => c === 503)).toHaveLength(4);
      expect(await store.db.selectFrom('runs').select('id').execute()).toHaveLength(2);
      expect(await store.db.selectFrom('jobs').select('id').where('state', '=', 'queued').execute()).toHaveLength(2);
    } finally {
      await app.close();
      await store.drop();
    }
  }, 60_000);

  it('counts this server’s own posts between readings of the store, answers a stored run when full, and takes any post when the bound is 0', async () => {
    const store = await backend.open();
    const { key } = await createKey(store.db, 't', '2026-12-01T00:00:00.000Z');
    const post = (app: Awaited<ReturnType<typeof buildApp>>, ...years: number[]) =>
      app.inject({ method: 'POST', url: '/runs', headers: { authorization: `Bearer ${key}` }, payload: { regions: ['tianfu'], years } });
    const computing = await buildApp({ store, dataDir: dir, config: { syncWaitMs: 120_000 } }); // with its worker: 2020 is computed and stored
    try {
      expect((await post(computing, 2020)).statusCode).toBe(201);
    } finally {
      await computing.close();
    }
    const bounded = await buildApp({
      store,
      dataDir: dir,
      config: { worker: false, syncWaitMs: 0, maxQueuedJobs: 1, queueCheckMs: 60_000 },
    });
    try {
      expect((await post(bounded, 2021)).statusCode).toBe(202); // the store read once (empty): room
      expect((await post(bounded, 2022)).statusCode).toBe(503); // no new reading for a minute: its own job counted
      expect((await post(bounded, 2020)).statusCode).toBe(200); // the queue is full, but a stored run is only read
      const open = await buildApp({ store, dataDir: dir, config: { worker: false, syncWaitMs: 0, maxQueuedJobs: 0 } });
      try {
        for (const years of [[2022], [2020, 2022], [2021, 2022]]) expect((await post(open, ...years)).statusCode).toBe(202);
      } finally {
        await open.close();
      }
    } finally {
      await bounded.close();
      await store.drop();
    }
  }, 60_000);
});
