// GEP benchmark (part of `npm run bench`): throughput of the national GEP method on 3,000 regions × 10 years.
// Then the same benchmark of the tree at BENCH_GEP_BEFORE (default afad411, the code before issue 13's speed work;
// `none` skips it) in its own process, and the two side by side with their ratio: a speed-up is read from figures
// taken on one machine in the same minutes, never from figures of another day (the machine drifts).
// Figures are printed, not asserted: speed is measured, not assumed.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Dec } from '../engine/core/decimal.ts';
import { CoefficientResolver } from '../engine/eval/coefficients.ts';
import { evaluateRegionYear } from '../engine/eval/evaluate.ts';
import { accountGep } from '../engine/gep/account.ts';
import { DEFAULT_DATASET, loadDataset } from '../datasets/load.ts';
import { syntheticData } from '../datasets/generate.ts';
import { loadModel } from '../models/load.ts';
import { beforeTree } from './before-tree.ts';

const REGIONS = Number(process.env.BENCH_REGIONS ?? 3000);
const BEFORE = process.env.BENCH_GEP_BEFORE ?? 'afad411';
const YEARS = [2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022];

let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const timer = setInterval(sample, 20);

const model = loadModel('cn-gep-2022');
const sampleData = loadDataset(DEFAULT_DATASET, model);
const data = syntheticData(sampleData, { regions: REGIONS, years: YEARS });
const n = REGIONS * YEARS.length;
const rows: [string, string, string][] = [];

// Wall time, and the process's CPU time beside it: on a shared machine the CPU figure is the steadier of the two.
function time(label: string, units: number, f: () => void): void {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  f();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  sample();
  rows.push([
    label,
    `${(units / s).toFixed(0)} region-years/s`,
    `${s.toFixed(2)} s for ${units}; ${(units / cpu).toFixed(0)}/s of CPU time`,
  ]);
}

// 1. The core: one evaluation (current prices) per region-year, results discarded, one core.
for (const trace of [false, true]) {
  time(`evaluate, current prices, ${trace ? 'with' : 'without'} traces`, n, () => {
    const resolvers = new Map(YEARS.map((y) => [y, new CoefficientResolver(data, y, y)]));
    let check = new Dec(0);
    for (const r of data.regions)
      for (const y of YEARS) {
        const res = evaluateRegionYear(model, data, r, y, { trace, resolver: resolvers.get(y)! });
        if (res.issues.length) throw new Error(res.issues[0]!.message);
        check = check.plus(res.values.get('climate_regulation.money')!.value);
      }
    if (check.isZero()) throw new Error('nothing computed');
  });
}

// 2. The whole account: current and constant prices, category totals, ΔGEP decompositions of 10 year pairs.
time('full account (current + constant + ΔGEP split), no traces', n, () => {
  const acc = accountGep(model, data, { baseYear: 2020 });
  if (acc.regionYears.length !== n) throw new Error('incomplete');
});

clearInterval(timer);
sample();
const maxRss = process.resourceUsage().maxRSS * 1024;
console.log(
  `gep-ledger benchmark — ${model.ref}, ${REGIONS} regions × ${YEARS.length} years = ${n} region-years, ${model.indicators.length} indicators each; Node ${process.version}, one core; load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
for (const [a, b, c] of rows) console.log(`${a.padEnd(w[0]!)}  ${b.padStart(w[1]!)}  (${c})`);
console.log(`peak memory (max RSS): ${(Math.max(maxRss, peakRss) / 2 ** 20).toFixed(0)} MiB`);

// The tree before: its own bench/gep.ts, whose lines read "<label>  <n> region-years/s  (…)".
if (BEFORE !== 'none' && BEFORE !== '') {
  const tree = beforeTree(join(import.meta.dirname, '..'), BEFORE);
  if (tree) {
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(tree.dir, 'bench', 'gep.ts')], {
        encoding: 'utf8',
        env: { ...process.env, BENCH_REGIONS: String(REGIONS), BENCH_GEP_BEFORE: 'none' },
        maxBuffer: 1 << 24,
      });
      const rate = new Map<string, number>();
      for (const line of r.stdout.split('\n')) {
        const m = /^(.*?)\s+(\d+) region-years\/s/.exec(line);
        if (m) rate.set(m[1]!.trim(), Number(m[2]));
      }
      if (r.status !== 0 || rate.size === 0)
        console.log(`(no "before" figures: ${BEFORE}'s bench/gep.ts failed: ${r.stderr.split('\n')[0]})`);
      else {
        console.log(
          `\nthis tree beside ${BEFORE} (its bench/gep.ts, same sizes, run just after; load average ${loadavg()[0]!.toFixed(1)})`,
        );
        for (const [label, now] of rows) {
          const before = rate.get(label);
          const n = Number.parseInt(now, 10);
          console.log(
            `${label.padEnd(w[0]!)}  ${now.padStart(w[1]!)}  ${before === undefined ? '(not in the tree before)' : `before ${before} region-years/s, ×${(n / before).toFixed(2)}`}`,
          );
        }
      }
    } finally {
      tree.remove();
    }
  }
}
