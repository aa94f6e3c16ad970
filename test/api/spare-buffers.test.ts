/**
 * The server hands the buffers of a stored run's chunks back to its run worker threads, which pack the next run into
 * them (api/store/row-pack.ts): new buffers for every run were memory outside the heap that only a full collection
 * frees, one every ~80 computed posts on the server's thread (issue 13: 30–40 ms posts, the p99). A pool that runs the
 * real worker task in this thread shows what each task was given and what the store kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { valueSymbol } from 'piscina';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalogue } from '../../api/catalogue.ts';
import { runPool } from '../../api/jobs/pool.ts';
import run, { type RunTask } from '../../api/run-worker.ts';
import { RunRequest, RunService } from '../../api/runs.ts';
import { openStore } from '../../api/store/db.ts';
import { type PackedRun, packedBuffers } from '../../api/store/row-pack.ts';
import { allResults } from '../../api/store/runs.ts';
import { loadDataset } from '../../datasets/load.ts';
import { loadModel } from '../../models/load.ts';
import { SAMPLE_DIR } from '../fixtures/sample-copy.ts';

const dir = mkdtempSync(join(tmpdir(), 'gep-spare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a stored run’s chunk buffers pack the next run', () => {
  it('the second computation is given the first one’s buffers (in its transfer list) and stores the same rows', async () => {
    const store = await openStore({ file: ':memory:', url: '' });
    const catalogue = new Catalogue(store.db, dir);
    await catalogue.seed('2026-12-01T00:00:00.000Z');
    const given: { spare: ArrayBuffer[]; transfer: unknown[] }[] = [];
    const returned: ArrayBuffer[][] = [];
    const pool = {
      options: { maxThreads: 1 },
      destroy: async () => {},
      async run(task: RunTask, opts?: { transferList?: unknown[] }) {
        given.push({ spare: [...(task.spare ?? [])], transfer: [...(opts?.transferList ?? [])] });
        const packed = ((await run(task)) as unknown as Record<symbol, PackedRun>)[valueSymbol]!;
        returned.push(packedBuffers(packed));
        return packed;
      },
    };
    const runs = new RunService(store.db, catalogue, 1, () => '2026-12-01T00:00:00.000Z', undefined, pool as never, {
      worker: true,
      pollMs: 20,
    });
    await runs.start();
    try {
      const post = async (rerun: boolean) => {
        const s = await runs.submit(RunRequest.parse({ regions: ['tianfu'], years: [2022], rerun }));
        expect(await runs.settled(s.done, 60_000)).toBe(true);
        return s.id;
      };
      const id = await post(false);
      const first = JSON.stringify(await allResults(store.db, id));
      expect(await post(true)).toBe(id);
      expect(given).toHaveLength(2);
      expect(given[0]!.spare).toEqual([]);
      // the first run's buffers, every one, went back with the second task, and into its transfer list
      expect(returned[0]!.length).toBeGreaterThanOrEqual(2);
      // (compared by identity: toEqual finds any two ArrayBuffers equal)
      const same = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((x) => b.includes(x));
      expect(same(given[1]!.spare, returned[0]!)).toBe(true);
      expect(same(given[1]!.transfer, given[1]!.spare)).toBe(true);
      // the second run was packed into them (its chunks fit: the same run) and stored the same rows
      expect(same(returned[1]!, returned[0]!)).toBe(true);
      expect(JSON.stringify(await allResults(store.db, id))).toBe(first);
    } finally {
      await runs.close(1000);
      await store.close();
    }
  }, 120_000);

  it('through a real worker thread: the spare buffers move there (detached here) and the run packs the same text', async () => {
    const model = loadModel('cn-gep-2022');
    const pool = runPool(1);
    try {
      const task = {
        params: {
          kind: 'gep',
          model: model.ref,
          dataset: 'sample',
          regions: ['tianfu'],
          years: [2022],
          base_year: 2020,
          trace: true,
        },
        datasetDir: SAMPLE_DIR,
        datasetHash: loadDataset(SAMPLE_DIR, model).hash,
        pack: true,
      } as unknown as RunTask;
      const text = (p: PackedRun) => [...p.results, ...p.traces].map((c) => new TextDecoder().decode(c));
      const first = (await pool.run({ ...task, spare: [] }, { transferList: [] })) as PackedRun;
      // buffers of sizes no new one has (a new one is the chunk's size + 25 % + 1 KiB), so their use is seen
      const sizes = packedBuffers(first).map((b) => b.byteLength + 7777);
      const spare = sizes.map((n) => new ArrayBuffer(n));
      expect(sizes.every((n) => n > 0)).toBe(true);
      const before = text(first);
      const second = (await pool.run({ ...task, spare }, { transferList: spare })) as PackedRun;
      expect(spare.map((b) => b.byteLength)).toEqual(sizes.map(() => 0)); // moved, not copied
      expect(text(second)).toEqual(before);
      // the worker packed into the buffers it was given: they came back with the same sizes
      expect(
        packedBuffers(second)
          .map((b) => b.byteLength)
          .sort(),
      ).toEqual([...sizes].sort());
    } finally {
      await pool.destroy();
    }
  }, 120_000);
});
