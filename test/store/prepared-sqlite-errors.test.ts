/**
 * Review of issue 13 (prepared statements on SQLite, api/store/sqlite3-dialect.ts): a registered text whose
 * statement cannot be prepared (here a table that does not exist yet, as before a migration) must reject that one
 * query with SQLite's error. node-sqlite3 reports a failed prepare without a callback as an 'error' event on the
 * statement: unhandled, that is an uncaught exception (the server process dies) and the query's promise never
 * settles (the connection's mutex is never released: every later query of the store hangs). Nor may the failed
 * statement be kept: once the table exists, the same query must work.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../api/store/db.ts';
import { prepared } from '../../api/store/prepared.ts';
import { Sqlite3Dialect } from '../../api/store/sqlite3-dialect.ts';

const dir = mkdtempSync(join(tmpdir(), 'gep-prepared-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The promise, or 'hung' when it has not settled within ms. */
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'hung'>((r) => setTimeout(() => r('hung'), ms))]);

describe('a prepared statement that fails to prepare (SQLite)', () => {
  it('rejects with the error, does not crash or hang the store, and works once the table exists', async () => {
    const db = new Kysely<never>({ dialect: new Sqlite3Dialect(join(dir, 's.db')) }) as unknown as Db;
    const q = prepared(
      'review_later',
      (d) => (d as unknown as Kysely<{ later: { id: string } }>).selectFrom('later').select('id').where('id', '=', ''),
      (id: string) => [id],
    );
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    const listeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', onUncaught);
    let first: unknown;
    try {
      first = await within(
        q(db, 'x').then(
          () => 'resolved',
          (e: Error) => e.message,
        ),
        3000,
      );
    } finally {
      process.off('uncaughtException', onUncaught);
      for (const l of listeners) process.on('uncaughtException', l);
    }
    expect(uncaught).toEqual([]);
    expect(first).toMatch(/no such table: later/);
    // the store still answers (the mutex was released), and the text is prepared afresh now that the table exists
    await sql`create table later (id text)`.execute(db);
    await sql`insert into later values ('x'), ('y')`.execute(db);
    expect(await within(q(db, 'x'), 3000)).toEqual([{ id: 'x' }]);
    expect(await within(q(db, 'y'), 3000)).toEqual([{ id: 'y' }]);
    expect(await within(db.destroy(), 3000)).toBeUndefined();
  }, 30_000);
});
