import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** What a page's bytes depend on in the store: when its run was stored, and how many rows it has. */
export interface RunStamp {
  id: string;
  finished_at: string | null;
  row_count: number;
}
const stampOf = (r: RunStamp) => `${r.finished_at}\0${r.row_count}`;

/** A serialised page: its bytes and their strong entity tag (a hash of the bytes). */
export interface Page {
  body: Buffer;
  etag: string;
}
interface Entry extends Page {
  key: string;
  run: string;
  stamp: string;
  size: number;
}

/** The strong ETag of a body: the same bytes, the same tag, on any server. */
export const etagOf = (body: Buffer): string => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/**
 * Serialised result pages of done runs, shared by the routes that serve them (the JSON pages of GET
 * /runs/:id/results and the CSV of report.csv). A done run's rows never change (its id is a content hash of its
 * inputs), so a page is built once and its bytes are sent as they are: building the rows and JSON.stringify were
 * most of a page's CPU, and the run's head read from the store for each request most of the rest (bench/api.ts).
 *
 * Pages are kept by the run's stamp as the store gave it (finished_at, row_count): a run re-stored (another
 * finished_at) has its pages built again, a run deleted or being computed again (the head is gone, or not done)
 * loses them (the route calls invalidate). A run's head is read again at most every `checkMs` (default 1 s): in
 * between, a hit is answered without asking the store, so a run deleted by another process on the same store is
 * seen within that time, and so is a rerun stored by this process's own worker (nothing here is told when a run is
 * stored: a rerun's rows are the same bytes, the run's id being a hash of its inputs, but a rerun that repairs rows
 * changed behind the server's back shows after checkMs); checkMs 0 asks the store every time.
 * Bounded in bytes, least recently used first out.
 */
export class PageCache {
  #pages = new Map<string, Entry>();
  #byRun = new Map<string, Set<string>>();
  /** When each run's head was last read from the store, and its stamp then. */
  #checked = new Map<string, { stamp: string; at: number }>();
  #bytes = 0;
  constructor(
    readonly maxBytes: number,
    readonly checkMs = 1000,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** The page, when its run's head was read from the store less than checkMs ago (then the caller need not read it). */
  fresh(runId: string, what: string): Page | undefined {
    const c = this.#checked.get(runId);
    if (!c || this.clock() - c.at >= this.checkMs) return undefined;
    const hit = this.#pages.get(`${runId}\0${what}`);
    if (!hit || hit.stamp !== c.stamp) return undefined;
    this.#pages.delete(hit.key); // most recently used last
    this.#pages.set(hit.key, hit);
    return hit;
  }

  /** Bytes held now (bodies and keys). */
  get bytes(): number {
    return this.#bytes;
  }
  get size(): number {
    return this.#pages.size;
  }

  /**
   * The page `what` of the done run `run` (as its head was just read from the store): from the cache when it was
   * built for the same stamp, else built by `build` (and kept, if it fits).
   */
  async page(run: RunStamp, what: string, build: () => Promise<string | Buffer> | string | Buffer): Promise<Page> {
    const key = `${run.id}\0${what}`;
    const stamp = stampOf(run);
    const hit = this.#pages.get(key);
    if (hit && hit.stamp === stamp) {
      this.#checked.set(run.id, { stamp, at: this.clock() });
      this.#pages.delete(key); // most recently used last
      this.#pages.set(key, hit);
      return hit;
    }
    if (hit) this.#drop(key, hit);
    const built = await build();
    const body = typeof built === 'string' ? Buffer.from(built, 'utf8') : built;
    const entry: Entry = { body, etag: etagOf(body), key, run: run.id, stamp, size: body.length + key.length * 2 + 64 };
    if (entry.size <= this.maxBytes) this.#keep(key, entry);
    // only runs with pages kept are remembered as checked (the map stays as small as the cache)
    if (this.#byRun.has(run.id)) this.#checked.set(run.id, { stamp, at: this.clock() });
    return entry;
  }

  /** Forget every page of a run (it was deleted, or is being stored again). */
  invalidate(runId: string): void {
    this.#checked.delete(runId);
    const keys = this.#byRun.get(runId);
    if (!keys) return;
    for (const key of [...keys]) this.#drop(key, this.#pages.get(key)!);
  }

  #keep(key: string, e: Entry) {
    const old = this.#pages.get(key);
    if (old) this.#drop(key, old);
    this.#pages.set(key, e);
    let keys = this.#byRun.get(e.run);
    if (!keys) this.#byRun.set(e.run, (keys = new Set()));
    keys.add(key);
    this.#bytes += e.size;
    while (this.#bytes > this.maxBytes) {
      const [oldest, o] = this.#pages.entries().next().value!;
      this.#drop(oldest, o);
    }
  }

  #drop(key: string, e: Entry) {
    this.#pages.delete(key);
    this.#bytes -= e.size;
    const keys = this.#byRun.get(e.run);
    keys?.delete(key);
    if (keys && !keys.size) {
      this.#byRun.delete(e.run);
      this.#checked.delete(e.run);
    }
  }
}

/**
 * Whether the request's If-None-Match names this entity tag (RFC 9110 §13.1.2: the weak comparison, so W/"x"
 * matches "x"; `*` matches any). A match is answered 304 with no body.
 */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** Send a page with its ETag: 304 and no body when the client has these bytes already. */
export function sendPage(req: FastifyRequest, reply: FastifyReply, page: Page, type: string): FastifyReply {
  // no-cache: a client keeps the bytes but asks each time (a run may be deleted); the answer is a 304 while they hold
  reply.header('etag', page.etag).header('cache-control', 'no-cache');
  if (notModified(req.headers['if-none-match'], page.etag)) return reply.code(304).send();
  return reply.type(type).send(page.body);
}
