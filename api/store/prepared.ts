import { createHash } from 'node:crypto';
import { CompiledQuery, type Compilable, type Kysely, PostgresAdapter, type PostgresPool, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** The store's Kysely (db.ts's Db), named here without importing db.ts, which imports this file. */
type Db = Kysely<Database>;

/**
 * Prepared statements for the hot reads (result pages, the run a page belongs to). A query is built with Kysely
 * once per store and compiled once (`query.compile()`); each call runs the same SQL text with new parameters
 * (`db.executeQuery`). The drivers then skip parsing and planning: the sqlite3 adapter keeps one `Statement` per
 * text (api/store/sqlite3-dialect.ts), and on PostgreSQL the text is sent as a named prepared statement
 * (`{ name, text, values }`, prepared once per connection by `pg`: see `preparedPool`). Only texts registered
 * here are prepared, so the set stays small and bounded (one per query shape), unlike every SQL text Kysely makes.
 */
const NAMES = new Map<string, string>();

/** The statement name of a registered SQL text (undefined: run it as a plain query). */
export const preparedName = (sql: string): string | undefined => NAMES.get(sql);

/**
 * A query compiled once per store and run with new parameters. `build` makes the query with placeholder values;
 * `params` gives the call's values in the order the compiled SQL binds them (checked by count).
 */
export function prepared<A extends unknown[], R>(
  label: string,
  build: (db: Db) => Compilable<R>,
  params: (...args: A) => unknown[],
  /** false: the query is compiled once (no Kysely building per call) but the driver runs it as a plain query. */
  prepare = true,
): (db: Db | Transaction<Database>, ...args: A) => Promise<R[]> {
  // by the store's adapter, which its transactions share: compiled once per store, inside a transaction too
  const compiled = new WeakMap<object, CompiledQuery<R>>();
  return async (db, ...args) => {
    const key = db.getExecutor().adapter;
    let c = compiled.get(key);
    if (!c) {
      c = build(db).compile();
      // the name is the text's hash: two texts never share a name (pg refuses a name prepared with another text)
      if (prepare) NAMES.set(c.sql, `gep_${label}_${createHash('sha256').update(c.sql).digest('hex').slice(0, 12)}`);
      compiled.set(key, c);
    }
    const values = params(...args);
    if (values.length !== c.parameters.length)
      throw new Error(`prepared ${label}: ${values.length} values for ${c.parameters.length} parameters`);
    const { rows } = await db.executeQuery<R>({ ...c, parameters: values });
    return rows;
  };
}

/** A placeholder for the n-th argument of a `statement` (a string no stored value starts with). */
const ARG = '\u0000gep-arg:';
const arg = (n: number) => `${ARG}${n}`;

/**
 * A prepared statement built by Kysely with `$(n)` where the n-th argument goes: the constants it also binds
 * (a state written, a state matched) stay as built, so the arguments need not follow Kysely's binding order.
 */
export function statement<R>(label: string, build: (db: Db, $: (n: number) => never) => Compilable<R>) {
  const compiled = new WeakMap<object, { c: CompiledQuery<R>; slots: (number | { value: unknown })[] }>();
  return async (db: Db | Transaction<Database>, ...args: unknown[]): Promise<R[]> => {
    const key = db.getExecutor().adapter;
    let k = compiled.get(key);
    if (!k) {
      const c = build(db, arg as (n: number) => never).compile();
      NAMES.set(c.sql, `gep_${label}_${createHash('sha256').update(c.sql).digest('hex').slice(0, 12)}`);
      const slots = c.parameters.map((p) => {
        return typeof p === 'string' && p.startsWith(ARG) ? Number(p.slice(ARG.length)) : { value: p };
      });
      k = { c, slots };
      compiled.set(key, k);
    }
    const parameters = k.slots.map((s) => (typeof s === 'number' ? args[s] : s.value));
    const { rows } = await db.executeQuery<R>({ ...k.c, parameters });
    return rows;
  };
}

/**
 * A prepared statement written as SQL text (a statement Kysely does not build, such as an insert from a JSON
 * parameter): `sqlite` with `?` placeholders and `postgres` with `$n`, chosen by the store's adapter.
 */
export function preparedText(label: string, text: { sqlite: string; postgres: string }) {
  for (const t of Object.values(text)) NAMES.set(t, `gep_${label}_${createHash('sha256').update(t).digest('hex').slice(0, 12)}`);
  return async (db: Db | Transaction<Database>, values: unknown[]): Promise<unknown[]> => {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    const { rows } = await db.executeQuery(CompiledQuery.raw(pg ? text.postgres : text.sqlite, values));
    return rows;
  };
}

// The part of pg's pool and client that Kysely's PostgresDialect uses.
interface PgClient {
  query(text: unknown, values?: unknown[]): Promise<unknown>;
  release(err?: unknown): void;
}
interface PgPool {
  connect(): Promise<PgClient>;
  end(): Promise<void>;
}

/**
 * A pg pool whose clients send registered texts as named prepared statements. pg prepares a name once per
 * connection and reuses it after (it remembers the names it parsed on each connection).
 */
export function preparedPool(pool: PgPool): PostgresPool {
  const wrapped = new WeakMap<PgClient, PgClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let w = wrapped.get(client);
      if (!w) {
        w = {
          query(text, values) {
            const name = typeof text === 'string' ? NAMES.get(text) : undefined;
            return name ? client.query({ name, text, values }) : client.query(text, values);
          },
          release: (err) => client.release(err),
        };
        wrapped.set(client, w); // Kysely keys its connections by client object: the same wrapper each time
      }
      return w as unknown as Awaited<ReturnType<PostgresPool['connect']>>;
    },
    end: () => pool.end(),
  };
}
