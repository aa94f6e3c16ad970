import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrate } from './migrations.ts';
import { preparedPool } from './prepared.ts';
import type { Database } from './schema.ts';
import { Sqlite3Dialect } from './sqlite3-dialect.ts';

export type Db = Kysely<Database>;
export interface StoreConfig {
  /** postgres://… (PostgreSQL) — otherwise a SQLite file. */
  url?: string;
  /** SQLite file (default `<dataDir>/gep.sqlite`); ":memory:" for tests. */
  file?: string;
  /** PostgreSQL schema to use (tests isolate themselves in one); created if absent. */
  schema?: string;
}
export interface Store {
  db: Db;
  kind: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

/** The data directory: GEP_DATA_DIR or ./data. */
export const dataDir = () => resolve(process.env.GEP_DATA_DIR ?? 'data');

/** Open the store (SQLite by default, PostgreSQL when DATABASE_URL is set) and bring its schema up to date. */
export async function openStore(cfg: StoreConfig = {}): Promise<Store> {
  const url = cfg.url ?? process.env.DATABASE_URL;
  let db: Db, kind: Store['kind'];
  if (url) {
    kind = 'postgres';
    const schema = cfg.schema;
    if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
    if (schema) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`create schema if not exists ${schema}`);
      } finally {
        await c.end();
      }
    }
    const pool = new pg.Pool({ connectionString: url, max: 10, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparedPool(pool) }) });
  } else {
    kind = 'sqlite';
    const file = cfg.file ?? resolve(dataDir(), 'gep.sqlite');
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    db = new Kysely<Database>({ dialect: new Sqlite3Dialect(file) });
  }
  await migrate(db, kind);
  return { db, kind, close: () => db.destroy() };
}
