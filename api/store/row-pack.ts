import { RESULT_COLUMNS, type ResultRow, type TraceRow } from '../../lib/rows.ts';

/**
 * A run's rows and traces as the store inserts them: JSON arrays of row arrays, each chunk the UTF-8 bytes of its JSON
 * text, and the meta as JSON text. A run worker thread packs them (api/run-worker.ts), so what crosses back to the
 * server's thread is a few byte buffers, moved (transferred, not copied), instead of 188 row objects and 45 trace
 * trees (a structured clone: ~4 ms of the server's CPU for one region-year), and the insert binds one parameter per
 * chunk instead of 18 per row (api/store/runs.ts: one prepared statement reads the array with jsonb_each /
 * jsonb_array_elements). Bytes, not strings: the ~100 KB of one region-year's chunks, copied into the server's heap
 * as strings, outlived a scavenge and were promoted (3.8 MB per scavenge, each 3–6 ms on the server's thread);
 * moved as buffers they are outside the heap (0.3 MB promoted per scavenge, 1.2 ms).
 *
 * A result row is `[seq, ...RESULT_COLUMNS]` (year a number, a missing origin ''); a trace `[region, year,
 * indicator, node]` with the node as its JSON text, the very text the store kept before (JSON.stringify).
 */
export interface PackedRun {
  meta: string;
  /** Rows stored (row_count). */
  count: number;
  results: Uint8Array[];
  traces: Uint8Array[];
}

const utf8 = new TextEncoder();

/**
 * A chunk's text as UTF-8 in a buffer of its own: a spare one (the server hands back the buffers of the runs it has
 * stored, see SPARE_BUFFERS) when the text fits, else a new one with room to spare, so that the next run's chunk of the
 * same size fits. Moved buffers are memory outside the V8 heap that the server's thread only frees in a full
 * collection: new ones for each run made one every ~80 computed posts (V8's "external memory pressure"), 30–40 ms
 * posts that set the p99; reused, they stay a few.
 */
function encodeChunk(text: string, spare: ArrayBuffer[] | undefined): Uint8Array {
  const bytes = Buffer.byteLength(text, 'utf8');
  let fits = -1; // the smallest spare buffer that holds the chunk
  if (spare)
    for (let i = 0; i < spare.length; i++)
      if (spare[i]!.byteLength >= bytes && (fits < 0 || spare[i]!.byteLength < spare[fits]!.byteLength)) fits = i;
  // headroom only where buffers go back to be reused (a run worker's packing)
  const buffer = fits >= 0 ? spare!.splice(fits, 1)[0]! : new ArrayBuffer(spare ? Math.ceil(bytes * 1.25) + 1024 : bytes);
  const view = new Uint8Array(buffer);
  const { read, written } = utf8.encodeInto(text, view);
  if (read !== text.length)
    throw new Error(`a chunk of ${bytes} bytes was written short (${written} of a ${buffer.byteLength}-byte buffer)`);
  return view.subarray(0, written);
}
/** Spare buffers the server keeps to hand back to its run workers (api/runs.ts): at most this many, of at most… */
export const SPARE_BUFFERS = 16;
/** …this many bytes each (a larger chunk's buffer is left to the collector). */
export const SPARE_BUFFER_BYTES = 16 * 2 ** 20;
/** The buffers a packed run's chunks are views of, to move them to another thread (each chunk has its own). */
export const packedBuffers = (p: PackedRun): ArrayBuffer[] => [...p.results, ...p.traces].map((c) => c.buffer as ArrayBuffer);
/** A chunk as the drivers bind bytes (a Buffer over the same memory: no copy). */
export const chunkBytes = (c: Uint8Array): Buffer => Buffer.from(c.buffer, c.byteOffset, c.byteLength);

// a chunk's JSON stays far below SQLite's 1e9-byte bound on a bound value (and PostgreSQL's 1 GB field)
const ROWS_PER_CHUNK = 4000;
const TRACE_CHUNK_CHARS = 4 * 2 ** 20;

/**
 * A lone surrogate (text from a JSON request, "\ud800") as the plain insert stored it: the drivers write strings as
 * UTF-8, which turns it into U+FFFD; JSON.stringify would escape it and the database's JSON reader decode the escape
 * into different bytes (found by review: test/store/packed-insert.test.ts).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const wellFormed = <T>(v: T): T => (typeof v === 'string' ? (v.replace(LONE_SURROGATE, '\uFFFD') as T) : v);

/**
 * JSON.stringify writes a lone surrogate, and only a lone surrogate, as an escape \ud800–\udfff (a pair stays as its
 * characters): a chunk without one has nothing for wellFormed to replace (text "\ud800" in a value, written "\\ud800",
 * only sends the chunk the careful way). Checked once per chunk instead of a regular expression per cell.
 */
const SURROGATE_ESCAPE = /\\ud[89a-f]/i;

/** Rows [from, to) as a JSON array of row arrays; `clean` applied to each text cell. */
function rowChunk(rows: ResultRow[], from: number, to: number, clean: (v: string) => string): string {
  const cells: unknown[][] = [];
  for (let seq = from; seq < to; seq++) {
    const r = rows[seq]!;
    const cell: unknown[] = [seq];
    for (const c of RESULT_COLUMNS) cell.push(c === 'year' ? Number(r.year) : clean(c === 'origin' ? (r.origin ?? '') : r[c]));
    cells.push(cell);
  }
  return JSON.stringify(cells);
}
const asIs = (v: string) => v;

/** `spare`: buffers to write the chunks into when they fit (taken from the array as used). */
export function packRun(meta: unknown, rows: ResultRow[], traces: TraceRow[], spare?: ArrayBuffer[]): PackedRun {
  const results: Uint8Array[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) {
    const end = Math.min(rows.length, i + ROWS_PER_CHUNK);
    const chunk = rowChunk(rows, i, end, asIs);
    results.push(encodeChunk(SURROGATE_ESCAPE.test(chunk) ? rowChunk(rows, i, end, wellFormed) : chunk, spare));
  }
  // the traces of a chunk written by one JSON.stringify of [region, year, indicator, node text] tuples (before, one
  // string per trace, then joined: two more copies of ~60 KB of two-byte text a region-year); a chunk closes once its
  // node texts pass TRACE_CHUNK_CHARS (escaped, the chunk is at most about twice that)
  const packedTraces: Uint8Array[] = [];
  let chunk: unknown[][] = [];
  let chars = 0;
  for (const t of traces) {
    const node = JSON.stringify(t.node);
    if (chunk.length && chars + node.length > TRACE_CHUNK_CHARS) {
      packedTraces.push(encodeChunk(JSON.stringify(chunk), spare));
      chunk = [];
      chars = 0;
    }
    chunk.push([wellFormed(t.region), t.year, wellFormed(t.indicator), node]);
    chars += node.length;
  }
  if (chunk.length) packedTraces.push(encodeChunk(JSON.stringify(chunk), spare));
  return { meta: JSON.stringify(meta), count: rows.length, results, traces: packedTraces };
}
