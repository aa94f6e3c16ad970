import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../engine/version.ts';
import { LAUNCH_TIMEOUT, ROOT } from './helpers/gep-cli.ts';

/**
 * The published bin (issue 13 item 5): scripts/build-cli.mjs bundles cli/gep.ts with esbuild (`prepare` runs it on
 * `npm ci`). Built here into a temporary folder, it answers --version without loading the commands, finds the models
 * and the sample next to the sources, and starts its worker threads.
 */
// inside the repository, as dist/ is: the bundle finds its packages in node_modules from where it lies
mkdirSync(join(ROOT, 'out'), { recursive: true });
const dist = mkdtempSync(join(ROOT, 'out', 'bundle-'));
const out = mkdtempSync(join(tmpdir(), 'gep-bundle-runs-'));
const bin = join(dist, 'gep.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, encoding: 'utf8', timeout: LAUNCH_TIMEOUT });

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs', '--outdir', dist], { cwd: ROOT });
}, LAUNCH_TIMEOUT);
afterAll(() => {
  rmSync(dist, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

describe('the compiled gep bin', () => {
  it('answers --version (and -V) with the engine version, as the TypeScript CLI does', () => {
    for (const flag of ['--version', '-V']) {
      const r = run(flag);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(`${ENGINE_VERSION}\n`);
    }
  });

  it(
    'finds the models and the sample dataset relative to the sources (import.meta rewritten), and accounts',
    () => {
      const models = run('models');
      expect(models.status, models.stderr).toBe(0);
      expect(models.stdout).toMatch(/cn-gep-2022/);
      const acc = run('account', '--years', '2022', '--no-trace', '-o', out);
      expect(acc.status, acc.stderr).toBe(0);
      expect(acc.stdout).toMatch(/tianfu {2}2022 +212\.78 +209\.38/);
    },
    LAUNCH_TIMEOUT,
  );

  it(
    'starts its worker threads (gep batch --workers 2)',
    () => {
      const r = run('batch', '--regions', '2', '--years', '2022', '--workers', '2', '--chunk', '1', '-o', out);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/2 regions × 1 years = 2 region-years, 2 workers/);
    },
    LAUNCH_TIMEOUT,
  );
});
