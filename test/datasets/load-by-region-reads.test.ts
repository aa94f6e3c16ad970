/**
 * loadDatasetByRegion falls back to loadDataset on any problem, and nothing in the Dataset says which was used, so a
 * by-region reader that gave up on a good folder (an exception in its stream callback, a line end it mishandles)
 * would still pass every "the same dataset as loadDataset's" test (test/datasets/load-by-region.test.ts), only
 * slower and larger. This test watches the call: good folders are read by region, never whole; the others whole.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeDatasetFolder } from '../../bench/batch/dataset-folder.ts';
import { loadDatasetByRegion } from '../../datasets/load-by-region.ts';
import { loadModel } from '../../models/load.ts';
import { untidy } from '../helpers/untidy-folder.ts';

const calls = vi.hoisted(() => ({ whole: 0 }));
vi.mock('../../datasets/load.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../datasets/load.ts')>();
  return {
    ...real,
    loadDataset: (...a: Parameters<typeof real.loadDataset>) => {
      calls.whole++;
      return real.loadDataset(...a);
    },
  };
});

const model = loadModel('cn-gep-2022');
const ROOT = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'gep-by-region-reads-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeEach(() => {
  calls.whole = 0;
});

/** A generated folder with CR-only line ends and multi-line quoted cells in Chinese. */
function crOnly(dir: string): string {
  writeDatasetFolder(dir, 4, [2021, 2022]);
  for (const f of ['observations.csv', 'extent.csv']) {
    const text = readFileSync(join(dir, f), 'utf8').replace(/bench copy of the sample/g, (_, at: number) =>
      at % 3 ? '样本' : '"样本\n数据"',
    );
    writeFileSync(join(dir, f), text.replace(/\n/g, '\r'));
  }
  return dir;
}

describe('loadDatasetByRegion reads a good folder by region, never whole', () => {
  const good: [string, () => string, string?][] = [
    ['rows out of region order, a byte order mark, CRLF, empty lines, a quoted line break', () => untidy(join(tmp, 'untidy'))],
    ['CR-only line ends, multi-line quoted cells in Chinese', () => crOnly(join(tmp, 'cr'))],
    ['park city', () => join(ROOT, 'datasets/tianfu-park-city'), 'park-city-gep-2023'],
    ['baiyangdian', () => join(ROOT, 'datasets/published/baiyangdian-2011')],
    ['garze (given values)', () => join(ROOT, 'datasets/published/garze-2010')],
  ];
  for (const [what, folder, m] of good)
    it(what, async () => {
      const dir = folder();
      const d = await loadDatasetByRegion(dir, m ? loadModel(m) : model);
      for (const r of d.regions) for (const y of d.years) d.values(r, y);
      expect(calls.whole).toBe(0);
    });
});

describe('loadDatasetByRegion reads it whole (loadDataset) when', () => {
  it('the dataset has an extent change (the sample)', async () => {
    await loadDatasetByRegion(join(ROOT, 'datasets/tianfu-sample'), model);
    expect(calls.whole).toBe(1);
  });

  it('a table has a problem (loadDataset throws it)', async () => {
    const dir = untidy(join(tmp, 'broken'));
    appendFileSync(join(dir, 'observations.csv'), '\r\nr00001,2021\r\n');
    await expect(loadDatasetByRegion(dir, model)).rejects.toThrow(/the row has 2 cells/);
    expect(calls.whole).toBe(1);
  });
});
