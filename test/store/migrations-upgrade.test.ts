import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../api/store/db.ts';
import { checkKey, createKey } from '../../api/store/keys.ts';
import { migrate } from '../../api/store/migrations.ts';
import { Sqlite3Dialect } from '../../api/store/sqlite3-dialect.ts';
import { PG_URL } from '../helpers/stores.ts';

/**
 * Migrations on a used database (issue 12 item 4): a store an older version left (only the first migration run,
 * an API key in it) is brought up to date by the next server that opens it, keeping what it holds; opening it
 * again changes nothing. On SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Place {
  /** a Kysely handle on the raw database, for the older version's migration */
  raw(): Kysely<any>;
  open(): Promise<Store>;
  kind: 'sqlite' | 'postgres';
}
const places: { name: string; make(): Promise<Place> }[] = [
  {
    name: 'sqlite',
    async make() {
      const dir = mkdtempSync(join(tmpdir(), 'gep-upgrade-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      const file = join(dir, 'gep.sqlite');
      return { kind: 'sqlite', raw: () => new Kysely({ dialect: new Sqlite3Dialect(file) }), open: () => openStore({ file, url: '' }) };
    },
  },
  ...(PG_URL
    ? [
        {
          name: 'postgres',
          async make(): Promise<Place> {
            const schema = `t_${randomBytes(6).toString('hex')}`;
            const c = new pg.Client({ connectionString: PG_URL });
            await c.connect();
            await c.query(`create schema ${schema}`);
            await c.end();
            cleanups.push(async () => {
              const d = new pg.Client({ connectionString: PG_URL });
              await d.connect();
              await d.query(`drop schema ${schema} cascade`);
              await d.end();
            });
            const pool = () => new pg.Pool({ connectionString: PG_URL, max: 2, options: `-c search_path=${schema}` });
            return {
              kind: 'postgres',
              raw: () => new Kysely({ dialect: new PostgresDialect({ pool: pool() }) }),
              open: () => openStore({ url: PG_URL, schema }),
            };
          },
        },
      ]
    : []),
];

describe.each(places)('a store an older version left ($name)', ({ make }) => {
  it('is migrated to the latest schema by the next open, and keeps its rows; a second open changes nothing', async () => {
    const place = await make();
    const old = place.raw();
    await migrate(old, place.kind, '2026-11-25-001-initial');
    const { key } = await createKey(old as never, 'from-the-older-version', '2026-11-25T00:00:00.000Z');
    expect((await old.selectFrom('kysely_migration').select('name').execute()).map((r) => r.name)).toEqual(['2026-11-25-001-initial']);
    await old.destroy();

    for (const _ of [1, 2]) {
      const store = await place.open();
      try {
        expect(await checkKey(store.db, key)).toBeDefined();
        expect(await store.db.selectFrom('results').select('origin').execute()).toEqual([]);
        const applied = await (store.db as unknown as Kysely<any>).selectFrom('kysely_migration').select('name').orderBy('name').execute();
        expect(applied.map((r) => r.name)).toContain('2026-12-01-001-result-origin');
      } finally {
        await store.close();
      }
    }
  });
});
