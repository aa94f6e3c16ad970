/**
 * The store statements of one computed POST /runs (a one-region-year rerun): each is a round trip to the store (on
 * SQLite a hop to the driver's thread and back), and issue 13's latency of that post is mostly their sum beside the
 * computation. Counted here so that one added to its path is seen: before issue 13's sixth round there were 24
 * (exhausted jobs looked for before every claim, a rerun's done run marked running for nothing, chunk draws read
 * and cleared for a run without a Monte Carlo, the run's group asked for just after the post queued it and again
 * after this process's worker said it had ended); 17 in the sixth round; now 15 (the seventh round: the queueing
 * takes the run on the post's own read of it, and this process's worker knows the parameters of a run posted here):
 * 14 of the post's path and the worker's next claim, which finds nothing. Begin and commit are the driver's, not counted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { openStore } from '../../api/store/db.ts';
import { createKey } from '../../api/store/keys.ts';
import { hookStatements } from '../helpers/statement-hook.ts';

const dir = mkdtempSync(join(tmpdir(), 'gep-post-statements-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a computed POST /runs', () => {
  it('makes 15 store statements for a one-region-year rerun, the run stored as before', async () => {
    const store = await openStore({ file: ':memory:', url: '' });
    const sql: string[] = [];
    const db = hookStatements(store.db, (q, run) => {
      sql.push(q.sql);
      return run();
    });
    const app = await buildApp({ store: { ...store, db }, dataDir: dir, config: { pollMs: 60_000, queueCheckMs: 60_000 } }); // no idle polls, and the queue read once (the first post), while counting
    try {
      const { key } = await createKey(db, 't', '2026-12-01T00:00:00.000Z');
      const post = (rerun: boolean) =>
        app.inject({
          method: 'POST',
          url: '/runs',
          headers: { authorization: `Bearer ${key}` },
          payload: { regions: ['tianfu'], years: [2022], rerun },
        });
      const first = await post(false);
      expect(first.statusCode).toBe(201);
      const quiet = () => new Promise((r) => setTimeout(r, 150)); // the worker's next claim has found nothing
      await quiet();
      sql.length = 0;
      const again = await post(true);
      expect(again.statusCode).toBe(201);
      await quiet();
      expect(again.json()).toMatchObject({ id: first.json().id, status: 'done', rows: first.json().rows });
      const statements = sql.filter((s) => !/^(begin|commit|rollback)/i.test(s.trim()));
      expect(statements.length, statements.join('\n')).toBe(15);
    } finally {
      await app.close();
      await store.close();
    }
  }, 60_000);
});
