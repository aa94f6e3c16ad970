// Dual / Monte Carlo / batch benchmark (part of `npm run bench`): 10,000 Monte Carlo draws of the full GEP
// account of one region-year, and a batch of 3,000 regions × 10 years with the dual indicators, each on one
// thread and on worker threads (piscina). Figures are printed, not asserted. Shrink for a quick check:
// BENCH_DRAWS=500 BENCH_REGIONS=100 npm run bench dual; BENCH_WORKERS sets the thread count (default 2).
import { createHash } from 'node:crypto';
import { cpus } from 'node:os';
import { runBatch } from '../lib/batch.ts';
import { runUncertainty, uncertaintyRows } from '../lib/uncertainty.ts';
import { shutdownWorkers } from '../lib/workers/pool.ts';

const DRAWS = Number(process.env.BENCH_DRAWS ?? 10000);
const REGIONS = Number(process.env.BENCH_REGIONS ?? 3000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const YEARS = [2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022];

let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const timer = setInterval(sample, 50);
const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);
const rows: string[][] = [];

async function time<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = process.hrtime.bigint();
  const r = await f();
  sample();
  return [r, Number(process.hrtime.bigint() - t0) / 1e9];
}

// 1. Monte Carlo: tianfu 2022 over the model's ranged coefficients (current + constant prices, dual indicators).
const [mc1, s1] = await time(() => runUncertainty({ draws: DRAWS, seed: 20221 }));
// Starting the workers loads the engine in each (seconds): timed apart, once, so the rows below measure work.
const [, warm] = await time(() => runUncertainty({ draws: WORKERS, seed: 1, workers: WORKERS }));
const [mcN, sN] = await time(() => runUncertainty({ draws: DRAWS, seed: 20221, workers: WORKERS }));
const sameMc = sha(JSON.stringify(uncertaintyRows(mc1))) === sha(JSON.stringify(uncertaintyRows(mcN)));
rows.push([`start ${WORKERS} worker threads (engine load, once)`, '', `${warm.toFixed(1)} s`, '']);
rows.push([`Monte Carlo, ${DRAWS} draws, 1 thread`, `${(DRAWS / s1).toFixed(0)} draws/s`, `${s1.toFixed(1)} s`, '']);
rows.push([
  `Monte Carlo, ${DRAWS} draws, ${WORKERS} workers`,
  `${(DRAWS / sN).toFixed(0)} draws/s`,
  `${sN.toFixed(1)} s`,
  `speed-up ×${(s1 / sN).toFixed(2)}, identical: ${sameMc}`,
]);

// 2. Batch: generated regions × 10 years, GEP (current + constant, ΔGEP split) + dual indicators, long rows as CSV.
const synthetic = { regions: REGIONS, years: YEARS };
const [b1, t1] = await time(() => runBatch({ synthetic, chunk: 50 }));
const [bN, tN] = await time(() => runBatch({ synthetic, chunk: 50, workers: WORKERS }));
const n = b1.regionYears;
rows.push([
  `batch ${REGIONS} × ${YEARS.length} with dual indicators, 1 thread`,
  `${(n / t1).toFixed(0)} region-years/s`,
  `${t1.toFixed(1)} s`,
  `${(b1.csv!.length / 2 ** 20).toFixed(0)} MiB of rows`,
]);
rows.push([
  `batch ${REGIONS} × ${YEARS.length} with dual indicators, ${WORKERS} workers`,
  `${(n / tN).toFixed(0)} region-years/s`,
  `${tN.toFixed(1)} s`,
  `speed-up ×${(t1 / tN).toFixed(2)}, identical: ${sha(b1.csv!) === sha(bN.csv!)}`,
]);

await shutdownWorkers();
clearInterval(timer);
sample();
const maxRss = Math.max(process.resourceUsage().maxRSS * 1024, peakRss);
console.log(
  `gep-ledger dual benchmark — Node ${process.version}, ${cpus().length} cores visible (shared with other work: speed-ups are bounded by the free cores)`,
);
const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(`${r[0]!.padEnd(w[0]!)}  ${r[1]!.padStart(w[1]!)}  ${r[2]!.padStart(w[2]!)}  ${r[3]}`);
console.log(`peak memory (max RSS of the process, workers included): ${(maxRss / 2 ** 20).toFixed(0)} MiB`);
