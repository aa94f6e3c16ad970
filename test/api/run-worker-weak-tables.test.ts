/**
 * The run worker keeps its compiled model and loaded dataset for every run (api/run-worker.ts), so the engine's
 * module caches (WeakMaps) are filled by the first run and must stay as they are: a cache keyed by an object a run
 * makes (a resolved coefficient, say) takes new entries every run, ephemerons that pile up between collections
 * (traceCoefficient's module WeakMap took 107 a run: bench/worker-gc.ts). Per-run caches live with the run.
 */
import { describe, expect, it } from 'vitest';
import type { PackedRun } from '../../api/store/row-pack.ts';
import run, { type RunTask } from '../../api/run-worker.ts';
import { DEFAULT_DATASET, loadDataset } from '../../datasets/load.ts';
import { loadModel } from '../../models/load.ts';

const model = loadModel('cn-gep-2022');
// as POST /runs {regions: ['tianfu'], years: [2022]} asks it (api/runs.ts): traced, packed for the store
const task: RunTask = {
  params: { kind: 'gep', model: model.ref, dataset: 'tianfu-sample', regions: ['tianfu'], years: [2022], base_year: 2020, trace: true },
  datasetDir: DEFAULT_DATASET,
  datasetHash: loadDataset(DEFAULT_DATASET, model).hash,
  pack: true,
};

/** Where this repository's code (not vitest's, whose spies keep WeakMaps of their own) calls `f` of `proto` during `body`. */
async function callersOf(proto: object, f: 'set' | 'add', body: () => Promise<unknown>): Promise<string[]> {
  const original = (proto as Record<string, (...a: unknown[]) => unknown>)[f]!;
  const callers: string[] = [];
  Object.defineProperty(proto, f, {
    configurable: true,
    writable: true,
    value(this: unknown, ...args: unknown[]) {
      const site = new Error().stack!.split('\n')[2]!.trim();
      if (!site.includes('node_modules')) callers.push(site);
      return original.apply(this, args);
    },
  });
  try {
    await body();
  } finally {
    Object.defineProperty(proto, f, { configurable: true, writable: true, value: original });
  }
  return callers;
}

describe('the run worker’s module caches', () => {
  it('a run of a model and dataset already used adds no entry to any WeakMap or WeakSet, and gives the same bytes', async () => {
    const first = (await run(task)) as PackedRun;
    let again: PackedRun | undefined;
    const sets = await callersOf(WeakMap.prototype, 'set', async () => {
      again = (await run(task)) as PackedRun;
    });
    expect(sets).toEqual([]);
    expect(await callersOf(WeakSet.prototype, 'add', () => run(task))).toEqual([]);
    expect(again).toEqual(first);
  }, 60_000);
});
