// Streaming batch benchmark (part of `npm run bench`): cost per region-year and peak RSS at 300 and 3,000 regions ×
// 10 years (30,000 with BENCH_BATCH_LARGE=1: minutes), each size in its own process (bench/batch/one.ts), rows
// streamed to disk as chunks finish. Memory should stay flat as regions grow. Figures are printed, not asserted.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { BATCH_CHUNK } from '../lib/batch.ts';

const sizes = (process.env.BENCH_BATCH_SIZES ?? (process.env.BENCH_BATCH_LARGE ? '300,3000,30000' : '300,3000')).split(',').map(Number);
const rows: string[][] = [];
for (const regions of sizes) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'batch', 'one.ts')], {
    env: { ...process.env, BENCH_BATCH_REGIONS: String(regions) },
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
    m.regionYears.toLocaleString('en'),
    `${m.seconds.toFixed(1)} s`,
    `${((m.seconds / m.regionYears) * 1e3).toFixed(2)} ms`,
    `${((m.cpuSeconds / m.regionYears) * 1e3).toFixed(2)} ms`,
    `${(m.bytes / 2 ** 20).toFixed(0)} MiB`,
    `${(m.maxRss / 2 ** 20).toFixed(0)} MiB`,
  ]);
}
const head = ['regions × years', 'region-years', 'wall', 'wall / region-year', 'CPU / region-year', 'rows streamed', 'peak RSS'];
const w = head.map((h, n) => Math.max(h.length, ...rows.map((r) => r[n]!.length)));
const line = (r: string[]) => r.map((c, n) => (n === 0 ? c.padEnd(w[n]!) : c.padStart(w[n]!))).join('  ');
console.log(
  `Streaming batch (gep batch: GEP current + constant, ΔGEP split, dual indicators; rows appended per chunk of ${process.env.BENCH_BATCH_CHUNK ?? BATCH_CHUNK} regions), one thread; load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
console.log([line(head), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(line)].join('\n'));
