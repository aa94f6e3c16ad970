import { randomUUID } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { Dec, str, ZERO } from '../engine/core/decimal.ts';
import { accountDual } from '../engine/dual/account.ts';
import { accountGep } from '../engine/gep/account.ts';
import { RESULT_COLUMNS } from './rows.ts';
import { scoreRegions, type RegionScore } from '../engine/dual/scorecard.ts';
import type { Scorecard } from '../engine/dual/scorecard-schema.ts';
import { type BatchContext, type BatchPath, type BatchSpec, type ChunkResult, prepareBatch } from './batch-context.ts';
import { floatBatchChunk, SCREENING } from './batch-float.ts';
import { dualIndicatorRows, indicatorValue, loadScorecard } from './dual.ts';
import { floatText } from './float-text.ts';
import { DEFAULT_MODEL } from './run.ts';

// the setup of a batch lives in batch-context.ts (shared with the float chunk, lib/batch-float.ts); its names stay here
export { batchBaseYear, prepareBatch } from './batch-context.ts';
export type { BatchContext, BatchPath, BatchSpec, ChunkResult } from './batch-context.ts';

/** Account regions [from, to) on the batch's path: exact (batchChunk) or float64 screening (floatBatchChunk). */
export function runChunk(c: BatchContext, from: number, to: number): ChunkResult {
  return c.path === 'float' ? floatBatchChunk(c, from, to) : batchChunk(c, from, to);
}

/** Account regions [from, to) of the batch: GEP (current + constant) and the dual indicators. */
export function batchChunk(c: BatchContext, from: number, to: number): ChunkResult {
  const regions = c.regions.slice(from, to);
  // no ΔGEP split (decompose: []): no row of a batch shows it, and its evaluations at the earlier year's prices were
  // 29 % of the exact batch's CPU (2.51 → 1.79 ms per region-year, 10 years, alternated in one process)
  const acc = accountGep(c.model, c.data, { baseYear: c.baseYear, regions, years: c.years, trace: false, decompose: [] });
  const dual = accountDual(acc, c.economy, c.areas, c.dual);
  const rows = dualIndicatorRows(dual, c.scenario, c.model.ref);
  const totals: ChunkResult['totals'] = {};
  for (const r of dual.rows) {
    const t = totals[r.year] ?? { gep: '0', gdp: '0' };
    totals[r.year] = { gep: str(new Dec(t.gep).plus(r.gep)), gdp: str(new Dec(t.gdp).plus(r.gdp)) };
  }
  const last = Math.max(...c.years);
  const lastYear: ChunkResult['lastYear'] = {};
  for (const r of dual.rows.filter((x) => x.year === last)) {
    lastYear[r.region] = Object.fromEntries(
      c.indicators.flatMap((id) => {
        const v = indicatorValue(r, id);
        return v ? [[id, str(v)]] : [];
      }),
    );
  }
  return {
    csv: stringify(rows, { columns: [...RESULT_COLUMNS], record_delimiter: '\n' }),
    regionYears: dual.rows.length,
    totals,
    lastYear,
    model: c.model.ref,
  };
}

/**
 * Regions per task by default: a task's whole account (every value of its regions × years, both price bases) is
 * held until its rows are written, so the chunk sets the peak memory. 10 regions × 10 years peak at ~400 MiB of RSS
 * where 50 took ~510 MiB (bench/batch.ts), at the same cost per region-year.
 */
export const BATCH_CHUNK = 10;

/** A range of regions of a batch, run on a worker thread (lib/workers/tasks.ts). */
/** `run` names one runBatch call: a worker keeps its prepared setup for the chunks of that run only (files change). */
export type BatchTask = { kind: 'batch'; spec: BatchSpec; run: string; from: number; to: number };

export interface BatchOptions extends BatchSpec {
  /** Worker threads; 0 or 1 runs in this thread. */
  workers?: number;
  /** Regions per task (memory: a task's whole account is held until its rows are written). */
  chunk?: number;
  onProgress?: (regionsDone: number, regions: number) => void;
  /**
   * Stream the long rows to this file instead of keeping them: the header, then each chunk's rows appended as it
   * finishes, in region order, then the scores. Memory stays flat as regions grow (a chunk's account at a time).
   */
  csvFile?: string;
}

export interface BatchResult {
  /** The long rows as CSV text, or, when they were streamed (`csvFile`), undefined: read them from `csvFile`. */
  csv?: string;
  csvFile?: string;
  regionYears: number;
  regions: number;
  years: number[];
  totals: Record<string, { gep: Dec; gdp: Dec }>;
  model: string;
  /** Every region scored and ranked on the scorecard in the last year. */
  scores: RegionScore[];
  scorecard: Scorecard;
  /** exact, or float: a screening batch (float64 figures, lib/float-text.ts). */
  path: BatchPath;
}

/** The part of a chunk kept once its rows are written: totals and the last year's values for the scores. */
type ChunkKept = Omit<ChunkResult, 'csv'>;

/** A batch over many regions and years, single-threaded or on worker threads: the same CSV either way. */
export async function runBatch(opts: BatchOptions): Promise<BatchResult> {
  const spec: BatchSpec = {
    ...(opts.model ? { model: opts.model } : {}),
    ...(opts.dataset ? { dataset: opts.dataset } : {}),
    ...(opts.synthetic ? { synthetic: opts.synthetic } : {}),
    ...(opts.baseYear ? { baseYear: opts.baseYear } : {}),
    ...(opts.dualSpec ? { dualSpec: opts.dualSpec } : {}),
    ...(opts.scorecard ? { scorecard: opts.scorecard } : {}),
    ...(opts.method ? { method: opts.method } : {}),
    ...(opts.covers ? { covers: opts.covers } : {}),
    ...(opts.path === 'float' ? { path: 'float' as const } : {}),
  };
  const path: BatchPath = opts.path ?? 'exact';
  const ctx = (opts.workers ?? 0) > 1 ? undefined : prepareBatch(spec);
  const nRegions = ctx?.regions.length ?? opts.synthetic?.regions ?? prepareBatch(spec).regions.length;
  const size = Math.max(1, opts.chunk ?? BATCH_CHUNK);
  const ranges: [number, number][] = [];
  for (let f = 0; f < nRegions; f += size) ranges.push([f, Math.min(nRegions, f + size)]);
  const header = stringify([], { header: true, columns: [...RESULT_COLUMNS], record_delimiter: '\n' });
  const out = rowSink(opts.csvFile);
  out.write(header);
  const parts: ChunkKept[] = [];
  const keep = ({ csv, ...kept }: ChunkResult) => {
    out.write(csv);
    parts.push(kept);
  };
  if (ctx) {
    for (const [f, t] of ranges) {
      keep(runChunk(ctx, f, t));
      opts.onProgress?.(t, nRegions);
    }
  } else {
    let regionsDone = 0;
    const run = randomUUID();
    await inOrder(
      opts.workers!,
      ranges.map(([from, to]) => ({ kind: 'batch', spec, run, from, to }) satisfies BatchTask),
      (r: ChunkResult, i) => {
        keep(r);
        regionsDone += ranges[i]![1] - ranges[i]![0];
        opts.onProgress?.(regionsDone, nRegions);
      },
    );
  }
  const totals: BatchResult['totals'] = {};
  for (const p of parts)
    for (const [y, t] of Object.entries(p.totals)) {
      const a = totals[y] ?? { gep: ZERO, gdp: ZERO };
      totals[y] = { gep: a.gep.plus(t.gep), gdp: a.gdp.plus(t.gdp) };
    }
  // Scores need every region: the chunks send their last-year values, the ranking is made here.
  const scorecard = loadScorecard(opts.scorecard);
  const values = Object.assign({}, ...parts.map((p) => p.lastYear)) as ChunkResult['lastYear'];
  const lastYear = Math.max(...Object.keys(totals).map(Number));
  const regionIds = Object.keys(values);
  const scores = scoreRegions(
    scorecard,
    lastYear,
    (r, id) => (values[r]![id] !== undefined ? new Dec(values[r]![id]!) : undefined),
    regionIds,
  );
  const model = parts[0]?.model ?? ctx?.model.ref ?? opts.model ?? DEFAULT_MODEL;
  const scoreRows = scores.flatMap((s) => {
    const row = {
      level: 'scorecard',
      category: '',
      region: s.region,
      year: String(s.year),
      scenario: 'baseline',
      key: '',
      money_value: '',
      currency: '',
      price_year: '',
      price_basis: '',
      method: `${scorecard.id}@${scorecard.version}${path === 'float' ? `; ${SCREENING}` : ''}`,
      model,
    };
    // a float batch's score is reckoned exactly from float figures: printed to their precision
    const score = path === 'float' ? floatText(s.score.toNumber()) : str(s.score);
    return [
      { ...row, indicator: 'dual.score', physical_value: score, physical_unit: 'point' },
      { ...row, indicator: 'dual.rank', physical_value: String(s.rank), physical_unit: '1' },
    ];
  });
  out.write(stringify(scoreRows, { columns: [...RESULT_COLUMNS], record_delimiter: '\n' }));
  return {
    scores,
    scorecard,
    ...(opts.csvFile ? { csvFile: opts.csvFile } : { csv: out.text() }),
    regionYears: parts.reduce((a, p) => a + p.regionYears, 0),
    regions: nRegions,
    years: Object.keys(totals)
      .map(Number)
      .sort((a, b) => a - b),
    totals,
    model,
    path,
  };
}

/** Where the rows go: appended to a file (written whole: header first, truncating an old one), or kept as text. */
function rowSink(file: string | undefined): { write(s: string): void; text(): string } {
  if (file === undefined) {
    const parts: string[] = [];
    return { write: (s) => parts.push(s), text: () => parts.join('') };
  }
  let first = true;
  return {
    write(s) {
      if (first) writeFileSync(file, s);
      else appendFileSync(file, s);
      first = false;
    },
    text: () => '',
  };
}

/**
 * Run tasks on worker threads and hand each result over in task order as soon as it and all before it are done.
 * Two tasks per thread are in flight, and no task starts more than four per thread ahead of the first one not yet
 * handed over: results are never all held at once, whatever the batch's size.
 */
export async function inOrder<T>(
  threads: number,
  tasks: BatchTask[],
  take: (r: T, index: number) => void,
  run?: (task: BatchTask) => Promise<T>,
): Promise<void> {
  const { mapChunks } = await import('./workers/pool.ts');
  const runTask = run ?? (async (t: BatchTask) => (await mapChunks<T, BatchTask>(threads, [t]))[0]!);
  const ready = new Map<number, T>();
  let next = 0;
  let started = 0;
  // once a task has failed no lane starts another: the batch has failed, and a task started after the caller has
  // shut the pool down would start a new pool that keeps the process alive
  let failed = false;
  let wake: (() => void)[] = [];
  const flush = () => {
    while (!failed && ready.has(next)) {
      const r = ready.get(next)!;
      ready.delete(next);
      take(r, next++);
    }
    const w = wake;
    wake = [];
    for (const f of w) f();
  };
  const lane = async (): Promise<void> => {
    while (!failed && started < tasks.length) {
      if (started - next >= threads * 4) {
        await new Promise<void>((r) => wake.push(r));
        continue;
      }
      const i = started++;
      let r: T;
      try {
        r = await runTask(tasks[i]!);
      } catch (e) {
        failed = true;
        flush(); // wakes the waiting lanes, which now stop
        throw e;
      }
      if (failed) return;
      ready.set(i, r);
      flush();
    }
  };
  await Promise.all(Array.from({ length: Math.min(tasks.length, threads * 2) }, lane));
}
