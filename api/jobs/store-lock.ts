import { sql } from 'kysely';
import type { Store } from '../store/db.ts';

/**
 * Run `f` while holding a lock on the whole store, across processes: servers and workers starting together all
 * record the shipped models and the sample (check, then insert), and on PostgreSQL two of them would collide on a
 * primary key. PostgreSQL: a session advisory lock on one pooled connection while `f` uses the others. SQLite:
 * nothing to do, every transaction takes the write lock as it begins (BEGIN IMMEDIATE).
 */
export async function withStoreLock<T>(store: Store, f: () => Promise<T>): Promise<T> {
  if (store.kind !== 'postgres') return f();
  return store.db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${LOCK_KEY})`.execute(conn);
    try {
      return await f();
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_KEY})`.execute(conn);
    }
  });
}
/** "gep-seed" as a 32-bit number, the advisory-lock key of the store's start-up. */
const LOCK_KEY = 0x67657073;
