/**
 * Worker threads (piscina) load the TypeScript engine through lib/workers/entry.mjs (tsx's ESM loader
 * registered in the worker) and give exactly the single-threaded output: Monte Carlo and batch.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { str } from '../engine/core/decimal.ts';
import { runBatch } from '../lib/batch.ts';
import { runUncertainty, uncertaintyRows } from '../lib/uncertainty.ts';
import { shutdownWorkers } from '../lib/workers/pool.ts';

afterAll(shutdownWorkers);

describe('worker threads', () => {
  it('Monte Carlo on 2 workers = single-threaded, byte for byte', async () => {
    const one = await runUncertainty({ draws: 24, seed: 99 });
    const two = await runUncertainty({ draws: 24, seed: 99, workers: 2 });
    expect(JSON.stringify(uncertaintyRows(two))).toBe(JSON.stringify(uncertaintyRows(one)));
  }, 120_000);

  it('a batch over a generated set on 2 workers = single-threaded, byte for byte, with progress', async () => {
    const synthetic = { regions: 12, years: [2020, 2021, 2022] };
    const seen: number[] = [];
    const one = await runBatch({ synthetic, chunk: 4 });
    const two = await runBatch({ synthetic, chunk: 4, workers: 2, onProgress: (done) => seen.push(done) });
    expect(two.csv).toBe(one.csv);
    expect(one.regionYears).toBe(36);
    expect(seen.at(-1)).toBe(12);
    expect(str(two.totals['2022']!.gep)).toBe(str(one.totals['2022']!.gep));
    // every region scored and ranked across the whole set, the same way on workers
    expect(two.scores.map((s) => [s.region, str(s.score)])).toEqual(one.scores.map((s) => [s.region, str(s.score)]));
    expect(one.scores.map((s) => s.rank)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (let i = 1; i < 12; i++) expect(one.scores[i - 1]!.score.gte(one.scores[i]!.score)).toBe(true);
    // rows for every region-year: dual.gep at current prices once each
    expect(one.csv!.split('\n').filter((l) => l.startsWith('dual.gep,dual,') && l.includes(',current,')).length).toBe(36);
  }, 120_000);
});
