// Float64 benchmark (part of `npm run bench`, issue 13 items 1–2): side by side, in one run, the exact path, the float64
// path compiled from the model (engine/fast), and a straightforward float64 implementation of the same formulas
// written apart from the engine (bench/float-reference.py, NumPy; skipped when python3 or numpy is missing); then
// Monte Carlo of one region-year, 10,000 draws, on the float path (and the exact path's rate for comparison).
// Figures are printed, not asserted. Wall time and CPU time are both printed: on a shared machine CPU time is the
// fairer figure (the load average is printed too).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoefficientResolver } from '../engine/eval/coefficients.ts';
import { evaluateRegionYear } from '../engine/eval/evaluate.ts';
import { rowsAt, runRows } from '../engine/fast/account-float.ts';
import { DEFAULT_DATASET, loadDataset } from '../datasets/load.ts';
import { syntheticData } from '../datasets/generate.ts';
import { drawRange, floatOf, prepareUncertainty } from '../lib/uncertainty.ts';
import { loadModel } from '../models/load.ts';

const REGIONS = Number(process.env.BENCH_FLOAT_REGIONS ?? 3000);
const EXACT = Number(process.env.BENCH_EXACT_REGION_YEARS ?? 1000);
const DRAWS = Number(process.env.BENCH_DRAWS ?? 10000);
const YEARS = [2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022];

const model = loadModel('cn-gep-2022');
const data = syntheticData(loadDataset(DEFAULT_DATASET, model), { regions: REGIONS, years: YEARS });
const keys = data.regions.flatMap((region) => YEARS.map((year) => ({ region, year, priceYear: year })));
const n = keys.length;
const lines: [string, string, string][] = [];

/** Run f, return [wall s, cpu s]. */
function measure(f: () => void): [number, number] {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return [Number(process.hrtime.bigint() - t0) / 1e9, (c.user + c.system) / 1e6];
}
const rate = (units: number, s: number) => `${Math.round(units / s).toLocaleString('en')}`;
const row = (label: string, units: number, [wall, cpu]: [number, number], what = 'region-years/s') =>
  lines.push([
    label,
    `${rate(units, wall)} ${what} (CPU ${rate(units, cpu)})`,
    `${wall.toFixed(3)} s wall for ${units.toLocaleString('en')}`,
  ]);

// 1. Exact path: one current-price evaluation per region-year, no traces (as bench/gep.ts), on the first EXACT.
const exactGep: number[] = [];
const exactTime = measure(() => {
  const resolvers = new Map(YEARS.map((y) => [y, new CoefficientResolver(data, y, y)]));
  for (const k of keys.slice(0, EXACT)) {
    const r = evaluateRegionYear(model, data, k.region, k.year, { resolver: resolvers.get(k.year)! });
    if (r.issues.length) throw new Error(r.issues[0]!.message);
    exactGep.push(model.services.reduce((a, s) => a + r.values.get(s.money)!.value.toNumber(), 0));
  }
});
row('exact path (decimal), current prices, no traces', exactGep.length, exactTime);

// 2. Float path: the rows filled from the same AccountingData (once), then the compiled program over all of them.
let rows!: ReturnType<typeof rowsAt>;
row(
  'float path: fill, first time (builds the columnar form)',
  n,
  measure(() => {
    rows = rowsAt(model, data, keys);
  }),
);
// the dataset's columnar form is kept with it (engine/fast/columns.ts baseRow): another run's fill is a copy per row
let fills = 0;
const fill = measure(() => {
  const until = process.hrtime.bigint() + 500_000_000n;
  do {
    rows = rowsAt(model, data, keys);
    fills++;
  } while (process.hrtime.bigint() < until || fills < 3);
});
row(`float path: fill from the columnar form (${fills} runs)`, n * fills, fill);
let O = runRows(rows); // warm-up (compiles the generated code)
let reps = 0;
const kernel = measure(() => {
  const until = process.hrtime.bigint() + 1_000_000_000n;
  do {
    O = runRows(rows);
    reps++;
  } while (process.hrtime.bigint() < until || reps < 3);
});
row(`float path: compiled program (${reps} passes)`, n * reps, kernel);
// rows at current prices of a dataset already loaded: a view of its columnar form (columns.ts sharedRows), then the
// program. A screening batch does not read such rows (see the next line): this is the kernel's best case
let runs = 0;
const together = measure(() => {
  const until = process.hrtime.bigint() + 500_000_000n;
  do {
    O = runRows(rowsAt(model, data, keys));
    runs++;
  } while (process.hrtime.bigint() < until || runs < 3);
});
row(`float path: fill + program together, current prices only (${runs} runs)`, n * runs, together);
// what `gep batch --path float` and Monte Carlo give rowsAt: each region-year at current and at base-year prices, two
// rows in turn, which is no view of the dataset (filled per run); counted per region-year (two rows each)
const BASE = 2020;
const batchKeys = keys.flatMap((k) => [k, { ...k, priceYear: BASE }]);
runRows(rowsAt(model, data, batchKeys)); // first time: the columnar form at base-year prices, the program's layout
let batchRuns = 0;
const batchShape = measure(() => {
  const until = process.hrtime.bigint() + 500_000_000n;
  do {
    runRows(rowsAt(model, data, batchKeys));
    batchRuns++;
  } while (process.hrtime.bigint() < until || batchRuns < 3);
});
row(`float path: fill + program, a screening batch's rows (current + ${BASE} prices, ${batchRuns} runs)`, n * batchRuns, batchShape);
const NI = rows.program.indicators.length;
const moneyCols = model.services.map((s) => rows.program.indicators.indexOf(s.money));
const floatGep = Array.from({ length: n }, (_, r) => moneyCols.reduce((a, j) => a + O[r * NI + j]!, 0));

// 3. The reference written apart from the engine (NumPy), on the same region-years.
const reference = numpyReference();
if (reference)
  lines.push([
    'NumPy reference (bench/float-reference.py), vectorised',
    `${rate(1, 1 / reference.rate)} region-years/s`,
    `best of ${reference.runs}, ${reference.seconds.toFixed(3)} s for ${n.toLocaleString('en')}`,
  ]);
else lines.push(['NumPy reference', 'skipped', 'python3 with numpy not found']);

// 4. Monte Carlo of the sample's region-year: preparing (model, dataset, parameters), then DRAWS draws.
let prepared!: ReturnType<typeof prepareUncertainty>;
const prep = measure(() => {
  prepared = prepareUncertainty({});
  floatOf(prepared);
});
lines.push(['Monte Carlo: prepare (load, parameters, compile)', '', `${prep[0].toFixed(3)} s wall, ${prep[1].toFixed(3)} s CPU`]);
row(
  `Monte Carlo, float path, ${DRAWS.toLocaleString('en')} draws`,
  DRAWS,
  measure(() => {
    drawRange(prepared, 1, 0, DRAWS);
  }),
  'draws/s',
);
const exactDraws = Math.min(100, DRAWS);
const exactPrepared = prepareUncertainty({ path: 'exact' });
const ex = measure(() => {
  drawRange(exactPrepared, 1, 0, exactDraws);
});
row(`Monte Carlo, exact path, ${exactDraws} draws (× ${DRAWS / exactDraws} for ${DRAWS.toLocaleString('en')})`, exactDraws, ex, 'draws/s');

// agreement, so that the rates compare the same work
const relMax = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i]!) / Math.abs(b[i]!)));
console.log(
  `gep-ledger float64 benchmark — ${model.ref}, ${REGIONS} regions × ${YEARS.length} years = ${n.toLocaleString('en')} region-years (generated), ${model.indicators.length} indicators; Node ${process.version}, one core; load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
const w = [Math.max(...lines.map((r) => r[0].length)), Math.max(...lines.map((r) => r[1].length))];
for (const [a, b, c] of lines) console.log(`${a.padEnd(w[0]!)}  ${b.padStart(w[1]!)}  (${c})`);
const fk = (n * reps) / kernel[0];
const exactRate = exactGep.length / exactTime[0];
console.log(
  `ratios (wall): float path / exact path ${(fk / exactRate).toFixed(0)}×` +
    (reference ? `; float path / NumPy reference ${(fk / reference.rate).toFixed(2)}×` : ''),
);
console.log(
  `agreement: GEP float vs exact (first ${exactGep.length}) max relative ${relMax(floatGep.slice(0, exactGep.length), exactGep).toExponential(2)}` +
    (reference ? `; float vs NumPy reference (all) ${relMax(floatGep, reference.gep).toExponential(2)}` : ''),
);

function numpyReference(): { rate: number; seconds: number; runs: number; gep: number[] } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'gep-float-bench-'));
  try {
    // one matrix: every input column of a row, then every coefficient cell its year has in force
    const p = rows.program;
    const CW = p.coefficients.length;
    const names = [
      ...[...p.inputs.values()].flatMap((c) => (c.keys ? c.keys.map((k) => `${c.info.name}[${k}]`) : [c.info.name])),
      ...p.coefficients.map((c) => `coef:${c.name}${c.keys.length ? `[${c.keys.join('|')}]` : ''}`),
    ];
    const inputWidth = names.length - CW;
    const M = new Float64Array(n * names.length);
    for (let r = 0; r < n; r++) {
      M.set(rows.X.subarray(r * p.width, r * p.width + inputWidth), r * names.length);
      M.set(rows.C.subarray(rows.cRow[r]! * CW, (rows.cRow[r]! + 1) * CW), r * names.length + inputWidth);
    }
    writeFileSync(join(dir, 'm.f64'), M);
    const eco = model.dims.get('ecosystem_type')!;
    const product = model.dims.get('product')!;
    const header = {
      rows: n,
      columns: names,
      matrix: join(dir, 'm.f64'),
      keys: Object.fromEntries([...model.dims.values()].map((d) => [d.name, p.layout.get(d.name) ?? (d.open ? [] : d.dataKeys)])),
      ecosystem_group: Object.fromEntries(eco.dataKeys.map((k) => [k, eco.groupOf.get(k) ?? k])),
      product_group: Object.fromEntries(product.keys.map((k) => [k, product.groupOf.get(k) ?? k])),
    };
    writeFileSync(join(dir, 'head.json'), JSON.stringify(header));
    const r = spawnSync('python3', [join(import.meta.dirname, 'float-reference.py'), join(dir, 'head.json')], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    if (r.status !== 0) {
      if (r.stderr) console.error(r.stderr.trim().split('\n').slice(-3).join('\n'));
      return undefined;
    }
    return JSON.parse(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
