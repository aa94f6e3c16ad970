import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
// a module resolve hook that refuses tsx: what the bundle (and its workers' entries) load must be plain JavaScript
const noTsx = join(out, 'no-tsx.mjs');
const refuseTsx = `export async function resolve(s, c, next) {
  if (s === 'tsx' || s.startsWith('tsx/') || /\\.ts$/.test(s)) throw new Error('refused: ' + s + ' (tsx or TypeScript) from ' + c.parentURL);
  return next(s, c);
}`;
const withoutTsx = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', noTsx, ...args], { cwd: ROOT, encoding: 'utf8', timeout: LAUNCH_TIMEOUT });

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs', '--outdir', dist], { cwd: ROOT });
  writeFileSync(
    noTsx,
    `import { register } from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(refuseTsx)}));\n`,
  );
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
    'writes problems in Chinese, English beneath, in a zh_* locale (GEP_LANG=en keeps English)',
    () => {
      const { GEP_LANG: _, ...env } = process.env;
      const zh = spawnSync(process.execPath, [bin, 'account', '-d', '/nonexistent-gep-dataset'], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: LAUNCH_TIMEOUT,
        env: { ...env, LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
      });
      expect(zh.status).not.toBe(0);
      expect(zh.stderr).toMatch(
        /^数据集中有 1 个问题 \(1 problem in the dataset\):\n {2}- 数据集缺少清单文件 dataset\.yaml\n {4}.*\[manifest_missing\]\n$/,
      );
      const en = spawnSync(process.execPath, [bin, 'account', '-d', '/nonexistent-gep-dataset'], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: LAUNCH_TIMEOUT,
        env: { ...env, LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '', GEP_LANG: 'en' },
      });
      expect(en.stderr).toMatch(/^1 problem in the dataset:\n/);
    },
    LAUNCH_TIMEOUT,
  );

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
    "lists the models as the sources do, the second time from the listing it kept by the models' files",
    async () => {
      const { gep } = await import('./helpers/gep-cli.ts');
      const fromSources = (await gep('models')).stdout;
      const first = run('models');
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toBe(fromSources);
      const kept = join(dist, '.cache', 'models-listing.json');
      expect(JSON.parse(readFileSync(kept, 'utf8')).text).toBe(fromSources);
      expect(run('models').stdout).toBe(fromSources);
      // the kept text is what is printed (the models are not loaded again) …
      const k = JSON.parse(readFileSync(kept, 'utf8'));
      const { keepListing } = await import('../cli/models-listing.ts');
      keepListing({ modelsDir: join(ROOT, 'models'), file: kept }, k.models, 'kept\n');
      expect(run('models').stdout).toBe('kept\n');
      // … while the models' files are those it was made from
      keepListing({ modelsDir: join(ROOT, 'models'), file: kept }, '0'.repeat(64), 'kept\n');
      expect(run('models').stdout).toBe(fromSources);
      // … and it is the text keepListing wrote, not one edited in its place
      writeFileSync(kept, JSON.stringify({ ...k, text: 'edited\n' }));
      expect(run('models').stdout).toBe(fromSources);
    },
    LAUNCH_TIMEOUT * 2,
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

  it(
    'runs without tsx: the worker entries are bundled (.mjs in dist/) and the pools load them, not the .ts sources',
    () => {
      // the hook works: the sources need tsx
      const src = withoutTsx('--input-type=module', '-e', `await import(${JSON.stringify(join(ROOT, 'lib/workers/entry.mjs'))});`);
      expect(src.status).not.toBe(0);
      expect(src.stderr).toMatch(/refused: tsx/);
      // the worker entries load in plain node, tsx refused: their handlers are there
      for (const [file, name] of [
        ['workers/tasks.mjs', 'handle'],
        ['run-worker.mjs', 'default'],
      ] as const) {
        expect(existsSync(join(dist, file)), file).toBe(true);
        const r = withoutTsx(
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(join(dist, file))}); console.log(typeof m[${JSON.stringify(name)}]);`,
        );
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout.trim()).toBe('function');
      }
      // the pools in the bundle name those files (lib/workers/pool.ts, api/jobs/pool.ts under __GEP_BUNDLE_URL__)
      const code = readdirSync(dist)
        .filter((f) => f.endsWith('.mjs'))
        .map((f) => readFileSync(join(dist, f), 'utf8'))
        .join('\n');
      expect(code).toContain('new URL("./workers/tasks.mjs", __gepBundleUrl)');
      expect(code).toContain('new URL("./run-worker.mjs", __gepBundleUrl)');
      // and a threaded run from the bundle, tsx refused, gives the bytes of the one-thread run
      const runs = ['0', '2'].map((w) => {
        const dir = join(out, `mc-${w}`);
        const r = withoutTsx(bin, 'uncertainty', '--draws', '300', '--seed', '4', '--workers', w, '-o', dir);
        expect(r.status, r.stderr).toBe(0);
        const [id] = readdirSync(dir);
        return readFileSync(join(dir, id!, 'result.json'), 'utf8');
      });
      expect(runs[1]).toBe(runs[0]);
    },
    LAUNCH_TIMEOUT * 2,
  );
});
