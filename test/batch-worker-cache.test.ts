/**
 * Review of the batch on worker threads (issue 13 item 4): a worker keeps a prepared setup (model and dataset
 * loaded) for the next chunks of the same run. The pool lives as long as the process (the API's, a test's), so a
 * setup keyed by the spec alone (the dataset's path) outlived its run: after the dataset's files changed, the next
 * batch on workers computed from the old files while the run was labelled with the new dataset hash.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBatch } from '../lib/batch.ts';
import { shutdownWorkers } from '../lib/workers/pool.ts';
import { copySample, editLine } from './fixtures/sample-copy.ts';

const dataset = copySample('gep-batch-cache-');
afterAll(async () => {
  await shutdownWorkers();
  rmSync(dirname(dataset), { recursive: true, force: true });
});

describe('a batch on workers after its dataset changed', () => {
  it('reads the files as they are now, as the one-thread batch does', async () => {
    const before = await runBatch({ dataset, workers: 2, chunk: 1 });
    // a tenth more coniferous forest in 2021 (extent.csv line 14; 2021 is no margin of extent-change.csv)
    editLine(dataset, 'extent.csv', 14, 'tianfu,2021,coniferous_forest,9000,', (t) => t.replace(',9000,', ',9900,'));
    const fresh = await runBatch({ dataset, workers: 0 });
    const again = await runBatch({ dataset, workers: 2, chunk: 1 });
    expect(fresh.csv).not.toBe(before.csv); // the edit moves the account
    expect(again.csv).toBe(fresh.csv);
  }, 240_000);
});
