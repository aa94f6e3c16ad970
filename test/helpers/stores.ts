import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../api/store/db.ts';

/** PostgreSQL for the store tests: TEST_DATABASE_URL (or DATABASE_URL). `.ci/run` starts a server and sets it. */
export const PG_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!PG_URL) {
  if (process.env.GEP_REQUIRE_PG === '1') throw new Error('GEP_REQUIRE_PG=1 but neither TEST_DATABASE_URL nor DATABASE_URL is set');
  console.warn('[store tests] PostgreSQL SKIPPED: set TEST_DATABASE_URL=postgres://… to run them (CI does)');
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  open(): Promise<Store & { drop(): Promise<void> }>;
}

/** Each test gets a fresh store: an in-memory SQLite database, or its own PostgreSQL schema dropped afterwards. */
export const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    async open() {
      const s = await openStore({ file: ':memory:', url: '' });
      return { ...s, drop: () => s.close() };
    },
  },
  ...(PG_URL
    ? [
        {
          name: 'postgres' as const,
          async open() {
            const schema = `t_${randomBytes(6).toString('hex')}`;
            const s = await openStore({ url: PG_URL, schema });
            return {
              ...s,
              async drop() {
                await s.close();
                const c = new pg.Client({ connectionString: PG_URL });
                await c.connect();
                try {
                  await c.query(`drop schema ${schema} cascade`);
                } finally {
                  await c.end();
                }
              },
            };
          },
        },
      ]
    : []),
];
