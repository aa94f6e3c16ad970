import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import type { Issue } from '../engine/core/errors.ts';
import { CSV_OPTIONS, csvBody, csvRow, headerFits, type Row } from './csv.ts';

// A long table read by region without holding it: streamed once to find where each region's records are (byte spans)
// and to hash it, then a region's rows parsed from its spans when they are wanted (datasets/load-by-region.ts).

/** Where one table's records are, by region. */
export interface CsvSpans {
  path: string;
  /** The table as messages name it. */
  file: string;
  header: string[];
  columns: readonly string[];
  /** The header record as written (after a byte order mark): parsed before each span, so that the parser reads it as in the whole file. */
  head: Buffer;
  headLines: number;
  /** Where csv-parse's bytes start in the file (3 after a byte order mark). */
  bodyAt: number;
  /** Per region, [start, end, lines before start] triples of body offsets, in file order; adjacent records merged. */
  byRegion: Map<string, number[]>;
  sha256: string;
  /** size, mtime, ctime and inode when it was indexed: a region read later from a changed file is refused. */
  stamp: string;
}

const stampOf = (fd: number) => {
  const s = fstatSync(fd, { bigint: true });
  return `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}`;
};

/**
 * Index a table by its `region` column, feeding every byte to `feed` (the dataset hash) as it is read, and each run of
 * consecutive rows of one region to `onRun` as it ends (a table in region order: each region's rows once). Undefined when
 * the table has any problem the whole-file reader would report (not UTF-8, syntax, header, cell count), a row of a
 * region not in `regions`, or it changed while read: the caller then reads it whole, which says what. An exception of
 * `onRun` is thrown.
 */
export async function indexCsv(
  path: string,
  file: string,
  fixed: readonly string[],
  extra: readonly string[],
  regions: ReadonlySet<string>,
  feed: (chunk: Buffer) => void,
  onRun: (region: string, rows: Row[]) => void,
): Promise<CsvSpans | undefined> {
  const fd = openSync(path, 'r');
  try {
    const stamp = stampOf(fd);
    const first = Buffer.alloc(3);
    const bodyAt = readSync(fd, first, 0, 3, 0) === 3 ? 3 - csvBody(first).length : 0;
    const hash = createHash('sha256');
    const take = (b: Buffer) => {
      hash.update(b);
      feed(b);
    };
    if (bodyAt) take(first);
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    const columns = [...fixed, ...extra];
    const byRegion = new Map<string, number[]>();
    let header: string[] | undefined;
    let headEnd = 0;
    let headLines = 0;
    let regionAt = -1;
    let bad = false;
    let end = 0;
    let lines = 0;
    let run: Row[] = [];
    let runRegion = '';
    // onRun's own exception is the caller's (a bug in its check), not a problem of the table: thrown after the stream,
    // not taken for one (which would read the dataset whole, a bug seen only as slowness)
    let thrown: { error: unknown } | undefined;
    const endRun = () => {
      if (run.length && !bad)
        try {
          onRun(runRegion, run);
        } catch (error) {
          thrown = { error };
          bad = true;
        }
      run = [];
    };
    const onRecord = (record: string[], info: { bytes: number; lines: number }) => {
      if (bad) return null;
      if (!header) {
        header = record.map((h) => h.trim());
        const issues: Issue[] = [];
        bad = !headerFits(file, header, fixed, issues, 1, extra) || issues.length > 0;
        regionAt = header.indexOf('region');
        [headEnd, headLines, end, lines] = [info.bytes, info.lines, info.bytes, info.lines];
        return null;
      }
      const region = (record[regionAt] ?? '').trim();
      if (record.length !== header.length || !regions.has(region)) {
        bad = true;
        return null;
      }
      if (region !== runRegion) {
        endRun();
        runRegion = region;
      }
      run.push(csvRow(header, columns, record, info.lines));
      const spans = byRegion.get(region);
      if (spans && spans.at(-2) === end) spans[spans.length - 2] = info.bytes;
      else if (spans) spans.push(end, info.bytes, lines);
      else byRegion.set(region, [end, info.bytes, lines]);
      [end, lines] = [info.bytes, info.lines];
      return null;
    };
    const stream = createReadStream('', { fd, start: bodyAt, autoClose: false, highWaterMark: 1 << 20 });
    stream.on('data', (b) => {
      take(b as Buffer);
      try {
        utf8.decode(b as Buffer, { stream: true });
      } catch {
        bad = true;
      }
    });
    try {
      await pipeline(stream, parseStream({ ...CSV_OPTIONS, on_record: onRecord as never }));
      utf8.decode();
      endRun();
    } catch {
      bad = true;
    }
    if (thrown) throw thrown.error;
    if (bad || !header || stampOf(fd) !== stamp) return undefined;
    const head = Buffer.alloc(headEnd);
    readSync(fd, head, 0, headEnd, bodyAt);
    return { path, file, header, columns, head, headLines, bodyAt, byRegion, sha256: hash.digest('hex'), stamp };
  } finally {
    closeSync(fd);
  }
}

/** A region's rows, in file order and with their lines, as readCsv reads them from the whole file. */
export function regionRows(t: CsvSpans, region: string): Row[] {
  const spans = t.byRegion.get(region);
  if (!spans) return [];
  const fd = openSync(t.path, 'r');
  try {
    if (stampOf(fd) !== t.stamp) throw new Error(`${t.file} changed while the dataset was being read: run the account again`);
    const rows: Row[] = [];
    for (let n = 0; n < spans.length; n += 3) {
      const [start, end, before] = [spans[n]!, spans[n + 1]!, spans[n + 2]!];
      const bytes = Buffer.alloc(t.head.length + end - start);
      t.head.copy(bytes);
      readSync(fd, bytes, t.head.length, end - start, t.bodyAt + start);
      let seenHead = false;
      parse(bytes, {
        ...CSV_OPTIONS,
        on_record: ((record: string[], info: { lines: number }) => {
          if (seenHead) rows.push(csvRow(t.header, t.columns, record, info.lines - t.headLines + before));
          seenHead = true;
          return null;
        }) as never,
      });
    }
    return rows;
  } finally {
    closeSync(fd);
  }
}
