/**
 * Review of the Monte Carlo on worker threads (issue 13): a worker keeps a prepared setup for the next chunks of
 * the same run. Keyed by the spec alone (the dataset's path), it outlived its run in a long-lived pool: after the
 * dataset's files changed, the next Monte Carlo on workers drew from the old files. As test/batch-worker-cache.test.ts.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runUncertainty } from '../lib/uncertainty.ts';
import { shutdownWorkers } from '../lib/workers/pool.ts';
import { copySample, editLine } from './fixtures/sample-copy.ts';

const dataset = copySample('gep-mc-cache-');
afterAll(async () => {
  await shutdownWorkers();
  rmSync(dirname(dataset), { recursive: true, force: true });
});

const mc = (workers: number) => runUncertainty({ dataset, region: 'tianfu', year: 2021, draws: 40, seed: 3, workers });
const summaries = async (workers: number) => JSON.stringify((await mc(workers)).summaries);

describe('a Monte Carlo on workers after its dataset changed', () => {
  it('draws from the files as they are now, as the one-thread run does', async () => {
    const before = await summaries(2);
    // a tenth more coniferous forest in 2021 (extent.csv line 14)
    editLine(dataset, 'extent.csv', 14, 'tianfu,2021,coniferous_forest,9000,', (t) => t.replace(',9000,', ',9900,'));
    const fresh = await summaries(0);
    const again = await summaries(2);
    expect(fresh).not.toBe(before); // the edit moves the draws
    expect(again).toBe(fresh);
  }, 240_000);
});
