/**
 * `gep account -d` reads its dataset by region (datasets/load-by-region.ts), which is what keeps a 3,000-region
 * account within 512 MiB (bench/batch.ts); nothing in its output says which reader was used, so this test watches the
 * call: the account goes through loadDatasetByRegion, and `gep validate` (which reads a dataset whole) does not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { gep } from './helpers/gep-cli.ts';

const calls = vi.hoisted(() => ({ byRegion: [] as string[] }));
vi.mock('../datasets/load-by-region.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../datasets/load-by-region.ts')>();
  return {
    ...real,
    loadDatasetByRegion: (dir: string, model: Parameters<typeof real.loadDatasetByRegion>[1]) => {
      calls.byRegion.push(dir);
      return real.loadDatasetByRegion(dir, model);
    },
  };
});

const out = mkdtempSync(join(tmpdir(), 'gep-by-region-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
beforeEach(() => {
  calls.byRegion.length = 0;
});

describe('gep account reads a dataset folder by region', () => {
  it('gep account -d goes through loadDatasetByRegion', async () => {
    const r = await gep('account', '-d', 'datasets/tianfu-sample', '-o', out);
    expect(r.status, r.stderr).toBe(0);
    expect(calls.byRegion).toHaveLength(1);
    expect(calls.byRegion[0]).toMatch(/tianfu-sample$/);
  });

  it('gep validate reads it whole', async () => {
    const r = await gep('validate', 'datasets/tianfu-sample');
    expect(r.status, r.stderr).toBe(0);
    expect(calls.byRegion).toHaveLength(0);
  });
});
