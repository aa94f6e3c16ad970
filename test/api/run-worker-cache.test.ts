/**
 * The run worker (api/run-worker.ts) keeps loaded datasets by content hash, so that a one-region run reads nothing
 * from disk (issue 13 item 6). It must never serve a dataset other than the one the task names: after the files
 * change (a new hash), the next run reads them again; a folder that does not hold the named hash is refused.
 * Called in-process here (the pool runs this same module in each thread).
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunOutput } from '../../api/compute.ts';
import run, { datasetLoadCount, type RunTask } from '../../api/run-worker.ts';
import { loadDataset } from '../../datasets/load.ts';
import { loadModel } from '../../models/load.ts';
import { copySample, editLine } from '../fixtures/sample-copy.ts';

const dir = copySample('gep-run-worker-');
afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));
const model = loadModel('cn-gep-2022');
const params = {
  kind: 'gep',
  model: model.ref,
  dataset: 'copy',
  regions: ['tianfu'],
  years: [2021],
  base_year: 2020,
  trace: false,
} as const;
const task = (): RunTask => ({
  params: { ...params, regions: [...params.regions], years: [...params.years] },
  datasetDir: dir,
  datasetHash: loadDataset(dir, model).hash,
});
const gep = (out: RunOutput) => out.rows.find((r) => r.indicator === 'gep' && r.price_basis === 'current')!.money_value;

describe('the run worker cache', () => {
  it('a second run of the same dataset reads nothing from disk; a changed dataset is read again, never served from the cache', async () => {
    const first = task();
    const a = (await run(first)) as RunOutput;
    const loads = datasetLoadCount();
    const again = (await run(first)) as RunOutput;
    expect(datasetLoadCount()).toBe(loads); // served from the cache
    expect(again.rows).toEqual(a.rows);

    // a tenth more coniferous forest in 2021 (extent.csv line 14): another hash, the same folder
    editLine(dir, 'extent.csv', 14, 'tianfu,2021,coniferous_forest,9000,', (t) => t.replace(',9000,', ',9900,'));
    const changed = task();
    expect(changed.datasetHash).not.toBe(first.datasetHash);
    const b = (await run(changed)) as RunOutput;
    expect(datasetLoadCount()).toBe(loads + 1);
    expect(gep(b)).not.toBe(gep(a)); // the edit moves GEP: the old dataset was not served
    // the first hash is still the first dataset's content: a task naming it is answered from the cache, as it was
    expect(gep((await run(first)) as RunOutput)).toBe(gep(a));
    // a hash the folder does not hold (and the cache has not seen) is refused, not answered from the files there
    await expect(run({ ...changed, datasetHash: '0'.repeat(64) })).rejects.toThrow(/does not match the store/);
  }, 120_000);
});
