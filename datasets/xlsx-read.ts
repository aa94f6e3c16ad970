import { createHash } from 'node:crypto';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { inflateRawSync } from 'node:zlib';

// Reading the cells of a .xlsx workbook synchronously, within bounds. A workbook is a zip of XML parts: before
// exceljs sees it, every part is inflated here once with a ceiling on the output, so that a zip bomb (a few MB
// that inflate to GB) is refused with a message instead of exhausting the heap.

export const XLSX_LIMITS = {
  /** the workbook file itself */
  bytes: 50 * 1024 * 1024,
  /** all its parts, inflated (a sheet of a million cells is about 60 MB of XML) */
  unzipped: 200 * 1024 * 1024,
  parts: 10_000,
  /** exceljs is given this long to read a workbook that passed the bounds above */
  timeoutMs: 120_000,
} as const;

/** One non-empty cell as exceljs read it: row and column (1-based), the formula, and [kind, value, number format]. */
export interface RawCell {
  r: number;
  c: number;
  f?: string;
  /** n number, s text, b boolean, d date (ISO), e error value, m a merged cell (with its master's address) */
  v?: ['n', number] | ['s', string] | ['b', boolean] | ['d', string, string] | ['e', string] | ['m', string];
  merged?: boolean;
}
export interface RawSheet {
  name: string;
  cells: RawCell[];
}
export type WorkbookRead = { ok: true; sheets: RawSheet[] } | { ok: false; code: 'xlsx_unreadable' | 'xlsx_too_large'; message: string };

const MIB = 1024 * 1024;
const cache = new Map<string, RawSheet[]>();

/** The sheets of a workbook, or why it cannot be read. The same bytes are read once per process. */
export function readWorkbook(bytes: Buffer): WorkbookRead {
  if (bytes.length > XLSX_LIMITS.bytes)
    return {
      ok: false,
      code: 'xlsx_too_large',
      message: `the workbook is ${mib(bytes.length)}; at most ${mib(XLSX_LIMITS.bytes)} are read`,
    };
  const key = createHash('sha256').update(bytes).digest('hex');
  const hit = cache.get(key);
  if (hit) return { ok: true, sheets: hit };
  const bounds = checkZip(bytes);
  if (bounds) return bounds;
  const r = readOnWorker(bytes);
  if (r.ok) {
    if (cache.size >= 8) cache.delete(cache.keys().next().value!);
    cache.set(key, r.sheets);
  }
  return r;
}

/** Walk the zip's central directory and inflate every part against the ceiling; undefined when it is within bounds. */
function checkZip(b: Buffer): WorkbookRead | undefined {
  const bad = (message: string): WorkbookRead => ({ ok: false, code: 'xlsx_unreadable', message });
  // the end-of-central-directory record is in the last 22 + 65535 bytes (its comment may be that long)
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--)
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return bad('it is not an .xlsx workbook (not a zip file); save it from Excel as "Excel Workbook (*.xlsx)"');
  const count = b.readUInt16LE(eocd + 10);
  let at = b.readUInt32LE(eocd + 16);
  if (count > XLSX_LIMITS.parts)
    return { ok: false, code: 'xlsx_too_large', message: `the workbook has ${count} parts; at most ${XLSX_LIMITS.parts}` };
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > b.length || b.readUInt32LE(at) !== 0x02014b50) return bad('its zip directory is damaged');
    const method = b.readUInt16LE(at + 10);
    const size = b.readUInt32LE(at + 20);
    const nameLen = b.readUInt16LE(at + 28);
    const local = b.readUInt32LE(at + 42);
    at += 46 + nameLen + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
    if (local + 30 > b.length || b.readUInt32LE(local) !== 0x04034b50) return bad('its zip directory is damaged');
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const data = b.subarray(start, start + size);
    const left = XLSX_LIMITS.unzipped - total;
    try {
      if (method === 8) total += inflateRawSync(data, { maxOutputLength: Math.max(left, 1) }).length;
      else if (method === 0) total += data.length;
      else return bad(`a part is compressed with method ${method}, which .xlsx does not use`);
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge();
      return bad(`a part does not inflate (${(e as Error).message})`);
    }
    if (total > XLSX_LIMITS.unzipped) return tooLarge();
  }
  return undefined;
}

const tooLarge = (): WorkbookRead => ({
  ok: false,
  code: 'xlsx_too_large',
  message: `the workbook inflates to more than ${mib(XLSX_LIMITS.unzipped)} of XML; split it or remove what the dataset does not read`,
});

/** exceljs on a worker thread, waited for: the loaders that call this are synchronous. */
function readOnWorker(bytes: Buffer): WorkbookRead {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./xlsx-worker.mjs', import.meta.url), {
    workerData: { port: port2, signal, bytes },
    transferList: [port2],
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: 2048 },
  });
  try {
    const waited = Atomics.wait(signal, 0, 0, XLSX_LIMITS.timeoutMs);
    const reply = receiveMessageOnPort(port1)?.message as { ok: true; sheets: RawSheet[] } | { ok: false; message: string } | undefined;
    if (!reply)
      return {
        ok: false,
        code: 'xlsx_unreadable',
        message:
          waited === 'timed-out' ? `reading it took longer than ${XLSX_LIMITS.timeoutMs / 1000} s` : 'the reader stopped without an answer',
      };
    return reply.ok ? reply : { ok: false, code: 'xlsx_unreadable', message: `exceljs cannot read it: ${reply.message}` };
  } finally {
    port1.close();
    void worker.terminate();
  }
}

const mib = (n: number) => `${(n / MIB).toFixed(n < MIB ? 2 : 0)} MiB`;
