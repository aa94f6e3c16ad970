// Streaming batch benchmark (part of `npm run bench`), exact and float side by side: cost per region-year and peak
// RSS at 300, 3,000 and 30,000 regions × 10 years, each size and path in its own process (bench/batch/one.ts), rows
// streamed to disk as chunks finish. Memory should stay flat as regions grow. By default exact 300 and 3,000 and
// float 300, 3,000 and 30,000 (about two minutes idle); BENCH_BATCH_LARGE=1 adds exact 30,000 (~12 minutes idle).
// BENCH_BATCH_SIZES=300,3000 and BENCH_BATCH_PATHS=exact,float pick others.
//
// Then the analyst's full account of a dataset folder, `node dist/gep.mjs account -d <folder>` (with traces, as it
// runs by default; streamed by chunks of regions, reports/account-stream.ts), at BENCH_ACCOUNT_REGIONS regions × 10 years
// (default 30,100,300), and BENCH_ACCOUNT_NO_TRACE sizes with --no-trace (none by default), the folder written by
// bench/batch/dataset-folder.ts; beside each, the dataset loader alone on that folder (bench/batch/load-dataset.ts):
// its peak RSS bounds the account's. Needs dist/ (npm run build). BENCH_ACCOUNT_REGIONS=0 skips it.
// Figures are printed, not asserted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ACCOUNT_CHUNK } from '../reports/account-stream.ts';
import { BATCH_CHUNK } from '../lib/batch.ts';
import { writeDatasetFolder } from './batch/dataset-folder.ts';

const ROOT = resolve(import.meta.dirname, '..');
const YEARS = [2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022];
const list = (s: string) => s.split(',').filter(Boolean);
const sizes = list(process.env.BENCH_BATCH_SIZES ?? '300,3000,30000').map(Number);
const paths = list(process.env.BENCH_BATCH_PATHS ?? 'exact,float');
// exact 30,000 regions is ~12 minutes idle (2.35 ms per region-year): only when asked for
const wanted = (path: string, regions: number) =>
  !(path === 'exact' && regions >= 30_000 && !process.env.BENCH_BATCH_LARGE && !process.env.BENCH_BATCH_SIZES);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, n) => Math.max(h.length, ...rows.map((r) => r[n]!.length)));
  const line = (r: string[]) => r.map((c, n) => (n < 2 ? c.padEnd(w[n]!) : c.padStart(w[n]!))).join('  ');
  return [line(head), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(line)].join('\n');
}

const rows: string[][] = [];
const loadBefore = load();
for (const regions of sizes)
  for (const path of paths) {
    if (!wanted(path, regions)) continue;
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'batch', 'one.ts')], {
      env: { ...process.env, BENCH_BATCH_REGIONS: String(regions), BENCH_BATCH_PATH: path },
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      console.error(r.stderr);
      process.exit(1);
    }
    const m = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
      regionYears: number;
      seconds: number;
      cpuSeconds: number;
      bytes: number;
      maxRss: number;
    };
    rows.push([
      `${regions.toLocaleString('en')} × 10`,
      path,
      m.regionYears.toLocaleString('en'),
      `${m.seconds.toFixed(1)} s`,
      `${((m.seconds / m.regionYears) * 1e3).toFixed(3)} ms`,
      `${((m.cpuSeconds / m.regionYears) * 1e3).toFixed(3)} ms`,
      mib(m.bytes),
      mib(m.maxRss),
    ]);
  }
console.log(
  `Streaming batch (gep batch: GEP current + constant, dual indicators, scores; rows appended per chunk of ${process.env.BENCH_BATCH_CHUNK ?? BATCH_CHUNK} regions), one thread, exact and float (screening) paths; load average ${loadBefore} → ${load()}`,
);
console.log(
  table(['regions × years', 'path', 'region-years', 'wall', 'wall / region-year', 'CPU / region-year', 'rows streamed', 'peak RSS'], rows),
);

// The full account (gep account, traces on) of a dataset folder, from dist/: what an analyst runs on a large account.
const accountSizes = [
  ...list(process.env.BENCH_ACCOUNT_REGIONS ?? `30,100,300,1000${process.env.BENCH_ACCOUNT_LARGE ? ',3000' : ''}`).map((n) => ({
    regions: Number(n),
    trace: true,
  })),
  ...list(process.env.BENCH_ACCOUNT_NO_TRACE ?? '').map((n) => ({ regions: Number(n), trace: false })),
].filter((s) => s.regions > 0);
const bin = join(ROOT, 'dist', 'gep.mjs');
if (accountSizes.length && !existsSync(bin)) console.log(`\n(gep account not measured: ${bin} is missing, run npm run build)`);
else if (accountSizes.length) {
  const acc: string[][] = [];
  const before = load();
  for (const { regions, trace } of accountSizes) {
    const dir = mkdtempSync(join(tmpdir(), 'gep-bench-account-'));
    try {
      const data = writeDatasetFolder(join(dir, 'dataset'), regions, YEARS);
      const t0 = process.hrtime.bigint();
      const r = spawnSync(
        process.execPath,
        [
          '--import',
          pathToFileURL(join(import.meta.dirname, 'batch', 'rss-at-exit.mjs')).href,
          bin,
          'account',
          '-d',
          data,
          '-o',
          join(dir, 'runs'),
          ...(trace ? [] : ['--no-trace']),
        ],
        { encoding: 'utf8', maxBuffer: 1 << 30 },
      );
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (r.status !== 0) {
        console.error(r.stderr);
        process.exit(1);
      }
      const m = JSON.parse(r.stderr.trim().split('\n').at(-1)!) as { maxRss: number; cpuSeconds: number };
      const loader = (how: string) => {
        const l = spawnSync(
          process.execPath,
          ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'batch', 'load-dataset.ts'), data, how],
          { encoding: 'utf8' },
        );
        if (l.status !== 0) {
          console.error(l.stderr);
          process.exit(1);
        }
        return JSON.parse(l.stdout.trim().split('\n').at(-1)!) as { cpuSeconds: number; keptHeap: number; maxRss: number };
      };
      const ld = loader('whole');
      const br = loader('by-region');
      const ry = regions * YEARS.length;
      acc.push([
        `${regions.toLocaleString('en')} × 10`,
        trace ? 'exact, traces' : 'exact, --no-trace',
        ry.toLocaleString('en'),
        `${seconds.toFixed(1)} s`,
        `${((m.cpuSeconds / ry) * 1e3).toFixed(2)} ms`,
        mib(m.maxRss),
        `${(m.maxRss / ry / 1024).toFixed(0)} KiB`,
        mib(statSync(join(data, 'observations.csv')).size + statSync(join(data, 'extent.csv')).size),
        `${((ld.cpuSeconds / ry) * 1e3).toFixed(2)} ms`,
        mib(ld.keptHeap),
        mib(ld.maxRss),
        `${((br.cpuSeconds / ry) * 1e3).toFixed(2)} ms`,
        mib(br.keptHeap),
        mib(br.maxRss),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(
    `\nFull account: node dist/gep.mjs account -d <generated folder> (streamed by chunks of ${ACCOUNT_CHUNK} regions, its dataset read by region), and the dataset loaders alone on the folder: loadDataset (validate, batch, API) and by region (the account's); load average ${before} → ${load()}`,
  );
  console.log(
    table(
      [
        'regions × years',
        'path',
        'region-years',
        'wall',
        'CPU / region-year',
        'peak RSS',
        'RSS / region-year',
        'CSV',
        'load CPU / region-year',
        'loaded heap',
        'load peak RSS',
        'by region: CPU / region-year',
        'kept heap',
        'peak RSS',
      ],
      acc,
    ),
  );
}
