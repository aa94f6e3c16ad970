/**
 * SQLite's WAL is checkpointed beside the store's connection (api/store/sqlite-checkpoint.ts), not inside the commit
 * that crosses 1,000 pages, which made one computed POST /runs in ten wait for ~4 MB copied and synced. What is
 * committed still reaches the database file while the store is open, and all of it when the store closes.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../api/store/db.ts';
import { CHECKPOINT_MS } from '../../api/store/sqlite-checkpoint.ts';

const dir = mkdtempSync(join(tmpdir(), 'gep-wal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MB = 2 ** 20;

describe('WAL checkpoints off the request path', () => {
  it('no commit checkpoints; the checkpointer copies committed pages into the file while the store is open, and close the rest', async () => {
    const file = join(dir, 'gep.sqlite');
    const store = await openStore({ file, url: '' });
    const auto = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(store.db);
    expect(auto.rows[0]!.wal_autocheckpoint).toBe(0);
    await sql`create table bulk (x blob)`.execute(store.db);
    const before = statSync(file).size;
    for (let i = 0; i < 6; i++) await sql`insert into bulk values (randomblob(1048576))`.execute(store.db); // ~1,500 pages
    // within a few intervals the pages are in the database file, the store still open
    const deadline = Date.now() + 40 * CHECKPOINT_MS;
    while (statSync(file).size < before + 6 * MB && Date.now() < deadline) await new Promise((r) => setTimeout(r, CHECKPOINT_MS / 2));
    expect(statSync(file).size).toBeGreaterThanOrEqual(before + 6 * MB);
    await sql`insert into bulk values (randomblob(1048576))`.execute(store.db);
    await store.close();
    expect(statSync(file).size).toBeGreaterThanOrEqual(before + 7 * MB);
    expect(!existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0).toBe(true);
  });
});
