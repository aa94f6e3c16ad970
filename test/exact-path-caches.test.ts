/**
 * Review of the exact-path speed-up (issue 13 item 3): the memos of transcendental steps live in each compiled
 * expression and the compiled models are kept per process, so nothing a run computes may leak into the next one.
 * Runs of different scenarios, models, a method variant and a batch, one after another in this process, give the
 * bytes a run gives as the first of a fresh module graph (vi.resetModules: every module-level table empty).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { shutdownWorkers } from '../lib/workers/pool.ts';
import { gep } from './helpers/gep-cli.ts';

const out = mkdtempSync(join(tmpdir(), 'gep-exact-caches-'));
afterAll(async () => {
  await shutdownWorkers();
  rmSync(out, { recursive: true, force: true });
});

async function resultsOf(run: typeof gep, ...args: string[]): Promise<string> {
  const r = await run(...args, '--no-trace', '-o', out);
  expect(r.status, r.stderr).toBe(0);
  const folder = /written to (\S+)/.exec(r.stdout)![1]!;
  return readFileSync(join(folder, 'results.csv'), 'utf8');
}

describe('exact path: no cache carries a value from one run into the next', () => {
  it('baseline and scenario runs after other scenarios, a variant, another model and a batch equal fresh ones', async () => {
    const price = ['account', '--scenario', 'scenarios/price-high.yaml'];
    const scenario1 = await resultsOf(gep, ...price);
    const baseline1 = await resultsOf(gep, 'account');
    await resultsOf(gep, 'account', '--model', 'esv-equivalent-2015');
    await resultsOf(gep, 'account', '-m', 'cn-gep-2022@1.1.0');
    expect((await gep('batch', '--regions', '3', '--years', '2021,2022', '-o', out)).status).toBe(0);
    const baseline2 = await resultsOf(gep, 'account');
    const scenario2 = await resultsOf(gep, ...price);
    expect(baseline2).toBe(baseline1);
    expect(scenario2).toBe(scenario1);
    expect(scenario1).not.toBe(baseline1);
    vi.resetModules();
    const fresh = (await import('./helpers/gep-cli.ts')).gep;
    expect(await resultsOf(fresh, ...price)).toBe(scenario1);
    vi.resetModules();
    const fresh2 = (await import('./helpers/gep-cli.ts')).gep;
    expect(await resultsOf(fresh2, 'account')).toBe(baseline1);
  }, 300_000);
});
