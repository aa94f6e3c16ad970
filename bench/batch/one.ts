// One streamed batch in its own process (bench/batch.ts runs one per size and path, so that each peak RSS is its own):
// BENCH_BATCH_REGIONS regions × 10 years on BENCH_BATCH_PATH (exact, the default, or float), the dual indicators'
// rows streamed to a temporary file. Prints one JSON line: seconds, CPU seconds, region-years, bytes written, peak RSS.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BATCH_CHUNK, runBatch } from '../../lib/batch.ts';

const regions = Number(process.env.BENCH_BATCH_REGIONS ?? 300);
const CHUNK = Number(process.env.BENCH_BATCH_CHUNK ?? BATCH_CHUNK);
const path = process.env.BENCH_BATCH_PATH === 'float' ? 'float' : 'exact';
const years = [2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022];
const dir = mkdtempSync(join(tmpdir(), 'gep-bench-batch-'));
let peak = 0;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
try {
  const file = join(dir, 'results.csv');
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const b = await runBatch({ synthetic: { regions, years }, chunk: CHUNK, csvFile: file, path });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  clearInterval(timer);
  const maxRss = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  console.log(
    JSON.stringify({
      regions,
      path,
      regionYears: b.regionYears,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      bytes: statSync(file).size,
      maxRss,
    }),
  );
} finally {
  clearInterval(timer);
  rmSync(dir, { recursive: true, force: true });
}
