import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import type { ApiConfig } from '../../api/config.ts';
import type { RunParams } from '../../api/runs.ts';
import { createKey } from '../../api/store/keys.ts';
import { rowsCsv } from '../../reports/results-csv.ts';
import { BACKENDS } from '../helpers/stores.ts';

/** Runs as jobs inside one server, on each store: chunked Monte Carlo, reruns under reads, a rerun that fails. */
describe.each(BACKENDS)('jobs in one server on $name', (backend) => {
  async function open(config: Partial<ApiConfig> = {}) {
    const store = await backend.open();
    const dir = mkdtempSync(join(tmpdir(), 'gep-jobs-run-'));
    const app = await buildApp({ store, dataDir: dir, config: { pollMs: 50, ...config } });
    const { key } = await createKey(store.db, 't', '2026-12-01T00:00:00.000Z');
    const headers = { authorization: `Bearer ${key}` };
    const post = (payload: object) => app.inject({ method: 'POST', url: '/runs', headers, payload });
    const get = (url: string) => app.inject({ url });
    const waitDone = async (id: string) => {
      for (let n = 0; n < 600; n++) {
        const jobs = await store.db.selectFrom('jobs').select('state').where('run_id', '=', id).execute();
        if (jobs.every((j) => j.state === 'done' || j.state === 'failed')) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`run ${id} did not finish`);
    };
    return {
      store,
      app,
      post,
      get,
      waitDone,
      async close() {
        await app.close();
        await store.drop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  it('a Monte Carlo split in chunks of 7 draws gives the bytes of the run computed whole', async () => {
    const k = await open({ chunkDraws: 7, syncWaitMs: 0 });
    try {
      const res = await k.post({ years: [2022], trace: false, uncertainty: { draws: 20, seed: 11 } });
      const id = res.json().id as string;
      await k.waitDone(id);
      const jobs = await k.store.db.selectFrom('jobs').selectAll().where('run_id', '=', id).execute();
      expect(jobs.map((j) => `${j.role} ${j.draw_from ?? ''}-${j.draw_to ?? ''} ${j.state}`).sort()).toEqual([
        'assemble - done',
        'chunk 0-7 done',
        'chunk 14-20 done',
        'chunk 7-14 done',
      ]);
      const run = (await k.get(`/runs/${id}`)).json();
      expect(run.status).toBe('done');
      const whole = await (await serviceOf(k)).compute(run.params as RunParams); // in this thread, no chunks
      expect((await k.get(`/runs/${id}/report.csv`)).body).toBe(rowsCsv(whole.rows));
      expect(run.meta).toEqual(JSON.parse(JSON.stringify(whole.meta)));
    } finally {
      await k.close();
    }
  }, 120_000);

  it('reruns under concurrent reads: zero 409s and the same rows on every read while the rows are swapped', async () => {
    const k = await open({ syncWaitMs: 0 });
    try {
      const ask = { years: [2021, 2022], trace: false };
      const first = await k.post(ask);
      const id = first.json().id as string;
      await k.waitDone(id);
      const before = (await k.get(`/runs/${id}/results?limit=5000`)).body;
      const codes: number[] = [];
      let differ = 0;
      let reading = true;
      const reader = async () => {
        while (reading) {
          const r = await k.get(`/runs/${id}/results?limit=5000`);
          codes.push(r.statusCode);
          if (r.statusCode === 200 && r.body !== before) differ++;
          const s = await k.get(`/runs/${id}`);
          if (s.json().status !== 'done') differ++;
        }
      };
      const readers = [reader(), reader(), reader()];
      for (let i = 0; i < 3; i++) {
        const again = await k.post({ ...ask, rerun: true });
        expect([201, 202]).toContain(again.statusCode);
        await k.waitDone(id);
      }
      reading = false;
      await Promise.all(readers);
      const groups = await k.store.db.selectFrom('jobs').select('job_group').where('run_id', '=', id).execute();
      expect(groups).toHaveLength(4); // the run and three reruns, each computed
      expect(codes.filter((c) => c === 409)).toEqual([]);
      expect(codes.length).toBeGreaterThan(3);
      expect(differ).toBe(0);
    } finally {
      await k.close();
    }
  }, 120_000);

  it('starting a second server while the first computes a run leaves that run alone: it finishes, claimed once', async () => {
    const k = await open({ syncWaitMs: 0 });
    try {
      const id = (await k.post({ years: [2022], trace: false, uncertainty: { draws: 30, seed: 5 } })).json().id as string;
      for (let n = 0; n < 600; n++) {
        const r = await k.store.db.selectFrom('runs').select('status').where('id', '=', id).executeTakeFirstOrThrow();
        if (r.status === 'running') break;
        await new Promise((r) => setTimeout(r, 10));
      }
      const second = await buildApp({ store: k.store, dataDir: mkdtempSync(join(tmpdir(), 'gep-jobs-second-')), config: { pollMs: 50 } });
      try {
        const seen = (await k.store.db.selectFrom('runs').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
        expect(['running', 'done']).toContain(seen); // not interrupted by the second server's start-up
        await k.waitDone(id);
        const jobs = await k.store.db.selectFrom('jobs').selectAll().where('run_id', '=', id).execute();
        expect(jobs.map((j) => [j.state, j.attempts])).toEqual([['done', 1]]);
        expect((await k.get(`/runs/${id}`)).json().status).toBe('done');
      } finally {
        await second.close();
      }
    } finally {
      await k.close();
    }
  }, 120_000);

  it('a rerun that fails keeps the run done with its old rows, and says why in its job', async () => {
    const k = await open();
    try {
      const ask = { years: [2022], trace: false };
      const id = (await k.post(ask)).json().id as string;
      await k.waitDone(id);
      const before = (await k.get(`/runs/${id}/results?limit=5000`)).body;
      // what the rerun computes is read from the stored run: a region the dataset lacks makes it fail
      const row = await k.store.db.selectFrom('runs').select('params').where('id', '=', id).executeTakeFirstOrThrow();
      const params = JSON.parse(row.params) as RunParams;
      await k.store.db
        .updateTable('runs')
        .set({ params: JSON.stringify({ ...params, regions: ['atlantis'] }) })
        .where('id', '=', id)
        .execute();
      const again = await k.post({ ...ask, rerun: true });
      await k.waitDone(id);
      expect(again.statusCode).toBe(201);
      const failed = await k.store.db.selectFrom('jobs').selectAll().where('run_id', '=', id).where('state', '=', 'failed').execute();
      expect(failed).toHaveLength(1);
      expect(failed[0]!.error).toContain('atlantis');
      const run = (await k.get(`/runs/${id}`)).json();
      expect(run).toMatchObject({ status: 'done', error: null });
      expect((await k.get(`/runs/${id}/results?limit=5000`)).body).toBe(before);
    } finally {
      await k.close();
    }
  }, 120_000);
});

/** A RunService on the test's store (the run computed whole, in this thread). */
async function serviceOf(k: { store: { db: import('../../api/store/db.ts').Db } }) {
  const { RunService } = await import('../../api/runs.ts');
  const { Catalogue } = await import('../../api/catalogue.ts');
  return new RunService(k.store.db, new Catalogue(k.store.db, mkdtempSync(join(tmpdir(), 'gep-jobs-whole-'))), 1, () => '');
}
