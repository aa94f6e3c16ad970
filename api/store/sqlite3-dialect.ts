import sqlite3 from 'sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import { preparedName } from './prepared.ts';

/**
 * Whether the linked SQLite reads JSONB (jsonb_each, 3.45.0 on): the bundled one does (3.52), a system library the
 * package was built against (`--sqlite=/usr`) may not (Debian 12: 3.40.1). The packed insert needs json_each then.
 */
export const SQLITE_JSONB = sqlite3.VERSION_NUMBER >= 3_045_000;

/**
 * Kysely's built-in SqliteDialect expects better-sqlite3's synchronous API; the store uses the `sqlite3`
 * package (callbacks), for which no maintained dialect exists. This is the small adapter: SQLite has one
 * connection, so queries and transactions are serialised by a mutex, as in Kysely's own SqliteDriver.
 */
export class Sqlite3Dialect implements Dialect {
  constructor(private readonly file: string) {}
  createDriver(): Driver {
    return new Sqlite3Driver(this.file);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}

class Sqlite3Driver implements Driver {
  #db?: sqlite3.Database;
  #conn?: Sqlite3Connection;
  #lock: Promise<void> = Promise.resolve();
  #closing = false;
  constructor(private readonly file: string) {}

  async init(): Promise<void> {
    this.#db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const db = new sqlite3.Database(this.file, (err) => (err ? reject(err) : resolve(db)));
    });
    this.#conn = new Sqlite3Connection(this.#db);
    // WAL lets readers (a report download) proceed while a run is written; the busy timeout covers a
    // second process (`gep keys create` while `gep serve` runs) holding the write lock for a moment.
    for (const pragma of ['journal_mode = WAL', 'foreign_keys = ON', 'busy_timeout = 5000', 'synchronous = NORMAL']) {
      await this.#conn.executeQuery(CompiledQuery.raw(`pragma ${pragma}`));
    }
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#closing) throw new Error('the store is closed');
    let release!: () => void;
    const previous = this.#lock;
    this.#lock = new Promise<void>((r) => {
      release = r;
    });
    await previous;
    this.#conn!.release = release;
    return this.#conn!;
  }

  /** The connection once every query queued before it is done (for destroy: never released). */
  private async acquireConnectionForClose(): Promise<void> {
    const previous = this.#lock;
    this.#lock = new Promise<void>(() => {});
    await previous;
  }

  async beginTransaction(c: DatabaseConnection) {
    // immediate: a transaction takes the write lock when it begins, so two processes never deadlock upgrading a
    // read to a write (SQLITE_BUSY at once, busy_timeout not applied); the job claim relies on it
    await c.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  async commitTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(c: DatabaseConnection) {
    (c as Sqlite3Connection).release?.();
  }

  async destroy(): Promise<void> {
    // Queries already waiting for the connection run first (a request in flight when the server closes): a query
    // that came after the statements were finalized prepared a new one, and SQLite then refused to close
    // (SQLITE_BUSY: unfinalized statements), leaving the database open. Queries asked for after this are refused.
    this.#closing = true;
    if (this.#conn) await this.acquireConnectionForClose();
    const db = this.#db;
    this.#db = undefined;
    await this.#conn?.finalize();
    if (db) await new Promise<void>((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
  }
}

/** Kept like the prepared texts: every write is a transaction, begun and committed by these (~0.2 ms each to prepare). */
const TRANSACTION = new Set(['begin immediate', 'commit', 'rollback']);

/** Statements that give rows back are read with all(); the rest with run(), which reports changes. */
const READS = /^\s*(select|with|pragma|values|explain)\b|\breturning\b/i;

class Sqlite3Connection implements DatabaseConnection {
  release?: () => void;
  /** Statements of the texts registered as prepared (api/store/prepared.ts), kept for the connection's life. */
  #statements = new Map<string, sqlite3.Statement>();
  constructor(private readonly db: sqlite3.Database) {}

  executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const params = q.parameters as unknown[];
    if (preparedName(q.sql) !== undefined || TRANSACTION.has(q.sql)) {
      // one query at a time on this connection (the driver's mutex): the statement is bound, read and reset
      const read = (st: sqlite3.Statement) =>
        new Promise<QueryResult<R>>((resolve, reject) => {
          st.all(params, (err: Error | null, rows: R[]) => (err ? reject(err) : resolve({ rows })));
        });
      const kept = this.#statements.get(q.sql);
      if (kept) return read(kept);
      // prepared with a callback: without one, node-sqlite3 reports a failed prepare (no such table…) as an
      // 'error' event (an uncaught exception) and never calls back; a failed statement is not kept
      return new Promise<sqlite3.Statement>((resolve, reject) => {
        const st = this.db.prepare(q.sql, (err: Error | null) => (err ? reject(err) : resolve(st)));
      }).then((st) => {
        this.#statements.set(q.sql, st);
        return read(st);
      });
    }
    if (SelectQueryNode.is(q.query) || READS.test(q.sql)) {
      return new Promise((resolve, reject) => {
        this.db.all(q.sql, params, (err: Error | null, rows: R[]) => (err ? reject(err) : resolve({ rows })));
      });
    }
    return new Promise((resolve, reject) => {
      this.db.run(q.sql, params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) return reject(err);
        resolve({
          rows: [],
          numAffectedRows: BigInt(this.changes ?? 0),
          insertId: this.lastID === undefined ? undefined : BigInt(this.lastID),
        });
      });
    });
  }

  /** Finalize the kept statements (SQLite closes a database only once its statements are finalized). */
  async finalize(): Promise<void> {
    const all = [...this.#statements.values()];
    this.#statements.clear();
    await Promise.all(all.map((st) => new Promise<void>((resolve) => st.finalize(() => resolve()))));
  }

  // biome-ignore lint/correctness/useYield: kysely's interface asks for a generator; this adapter has no streaming
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by the sqlite3 adapter');
  }
}
