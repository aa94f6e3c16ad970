import sqlite3 from 'sqlite3';

/** How often the WAL is copied back into the database file, off the request path. */
export const CHECKPOINT_MS = 200;

/**
 * WAL checkpoints off the request path. By default SQLite checkpoints inside the COMMIT that takes the WAL past
 * 1,000 pages: that commit copies ~4 MB into the database file and syncs it, and the request that made it waits
 * (about one computed `POST /runs` in ten, the p99 of bench/api.ts). The store's connection is set to
 * `wal_autocheckpoint = 0` and this second handle runs a PASSIVE checkpoint every CHECKPOINT_MS: it copies what is
 * committed and not read by an older snapshot, never waits for a lock and never blocks a writer (sqlite.org/wal.html
 * "Application-initiated checkpoints"). Durability is unchanged: a commit is durable in the WAL as before
 * (synchronous = NORMAL); the checkpoint only moves it. When the store closes, the last connection's close
 * checkpoints what is left, as before.
 */
export class WalCheckpointer {
  readonly #db: sqlite3.Database;
  readonly #timer: NodeJS.Timeout;
  #running = false;
  /** Checkpoints run so far (for tests). */
  runs = 0;

  constructor(file: string) {
    this.#db = new sqlite3.Database(file, sqlite3.OPEN_READWRITE);
    this.#db.on('error', () => {}); // a handle that failed to open only means no checkpoints: SQLite's own close does one
    this.#timer = setInterval(() => this.#checkpoint(), CHECKPOINT_MS);
    this.#timer.unref();
  }

  #checkpoint(): void {
    if (this.#running) return;
    this.#running = true;
    this.#db.run('pragma wal_checkpoint(PASSIVE)', () => {
      this.#running = false;
      this.runs++;
    });
  }

  /** Stops the timer and closes the handle (before the store's own connection, so that its close is the last). */
  close(): Promise<void> {
    clearInterval(this.#timer);
    return new Promise((resolve) => this.#db.close(() => resolve()));
  }
}
