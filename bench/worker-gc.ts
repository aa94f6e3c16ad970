// In-process GC figures of the run worker (issue 13, POST /runs p99): the worker's own task function
// (api/run-worker.ts: computeRun + runOutput + packRun, model and dataset kept) for one region-year, N times.
//   npx tsx bench/worker-gc.ts [N=2000]        (BENCH_BEFORE=<commit> also measures that commit's tree, interleaved)
// runs itself again under `node --expose-gc --trace-gc-nvp` and reads V8's GC lines of the timed runs: bytes
// allocated per run (the sum of each GC's `allocated`), scavenges per 1000 runs and their mean pause, the
// mark-compacts and their `mark.ephemeron.marking`, and a full GC forced after the runs; time per run (mean, p50,
// p99); a hash of the last packed run (must not change). V8 counts under mark.ephemeron.marking the draining of the
// marking worklist inside its ephemeron fixpoint: in a non-incremental full GC that is nearly all the marking of the
// live heap (10–20 ms here with no run made at all, the same after 2,000 runs), not only the weak tables' entries.
// BENCH_PROFILE=file.heapprofile: a sampling heap profile of the timed runs (objects collected by GCs included).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { beforeTree } from './before-tree.ts';
import { valueSymbol } from 'piscina';

const N = Number(process.argv[2] ?? 2000);
const MARK = '@@worker-gc';

if (!process.argv.includes('--child')) {
  // BENCH_BEFORE=<commit>: that commit's tree (bench/before-tree.ts, this script copied in) measured too, rounds
  // interleaved (before, after, before, after …) so that the machine's load falls on both; BENCH_ROUNDS (default 3)
  const commit = process.env.BENCH_BEFORE;
  const before = commit ? beforeTree(join(import.meta.dirname, '..'), commit) : undefined;
  if (before) copyFileSync(fileURLToPath(import.meta.url), join(before.dir, 'bench/worker-gc.ts'));
  const trees: [string, string][] = [
    ...(before ? [[`before ${commit}`, join(before.dir, 'bench/worker-gc.ts')] as [string, string]] : []),
    ['after', fileURLToPath(import.meta.url)],
  ];
  const rounds = Number(process.env.BENCH_ROUNDS ?? (before ? 3 : 1));
  console.log(JSON.stringify({ loadavg: loadavg().map((x) => +x.toFixed(2)) }));
  try {
    for (let round = 0; round < rounds; round++)
      for (const [label, script] of trees) console.log(JSON.stringify({ tree: label, ...measure(script) }));
  } finally {
    before?.remove();
  }
  console.log(JSON.stringify({ loadavg: loadavg().map((x) => +x.toFixed(2)) }));
}

/** One child process of `script` under --trace-gc-nvp: its figures from V8's GC lines and its own timings. */
function measure(script: string): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--expose-gc', '--trace-gc-nvp', '--import', 'tsx', script, String(N), '--child'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: process.env,
  });
  if (r.status !== 0) throw new Error(r.stderr || `exit ${r.status}`);
  let phase = '';
  const gcs: Record<string, Record<string, string>[]> = { runs: [], forced: [] };
  let result: Record<string, unknown> = {};
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith(MARK)) {
      const [, what, json] = line.split(' ');
      if (what === 'result') result = JSON.parse(json!);
      else phase = what!;
    } else if (line.includes(' gc=') && gcs[phase])
      gcs[phase]!.push(Object.fromEntries([...line.matchAll(/(\S+)=(\S+)/g)].map((m) => [m[1], m[2]])));
  }
  const sum = (xs: Record<string, string>[], k: string) => xs.reduce((s, g) => s + Number(g[k]), 0);
  const scav = gcs.runs!.filter((g) => g.gc === 's');
  const mc = gcs.runs!.filter((g) => g.gc === 'mc');
  const forced = gcs.forced!.filter((g) => g.gc === 'mc');
  return {
    N,
    ...result,
    bytesPerRun: Math.round(sum([...gcs.runs!, ...forced], 'allocated') / N),
    scavengesPer1000: +((scav.length * 1000) / N).toFixed(1),
    scavengePauseMs: +(sum(scav, 'pause') / (scav.length || 1)).toFixed(2),
    markCompacts: mc.map((g) => ({ pause: +g.pause!, ephemeron: +g['mark.ephemeron.marking']! })),
    forcedMc: forced.map((g) => ({ pause: +g.pause!, ephemeron: +g['mark.ephemeron.marking']!, heapAfter: +g.total_size_after! })),
  };
}

if (process.argv.includes('--child')) {
  const { default: run } = await import('../api/run-worker.ts');
  const { DEFAULT_DATASET, loadDataset } = await import('../datasets/load.ts');
  const { DEFAULT_MODEL } = await import('../lib/run.ts');
  const { loadModel } = await import('../models/load.ts');
  const { DEFAULTS } = await import('../models/defaults.ts');
  type PackedRun = import('../api/store/row-pack.ts').PackedRun;
  const gc = (globalThis as unknown as { gc: () => void }).gc;
  const dataset = loadDataset(DEFAULT_DATASET, loadModel(DEFAULT_MODEL));
  // as POST /runs {regions:['tianfu'],years:[2022],rerun:true} asks the worker (api/runs.ts submit, #task)
  const task = {
    params: {
      kind: 'gep' as const,
      model: DEFAULT_MODEL,
      dataset: DEFAULTS.gep.dataset,
      regions: ['tianfu'],
      years: [2022],
      base_year: dataset.manifest.price_year,
      trace: true,
    },
    datasetDir: DEFAULT_DATASET,
    datasetHash: dataset.hash,
    pack: true,
  };
  for (let i = 0; i < 50; i++) await run(task); // the first runs compile the model's plans and the JIT's code
  gc();
  const profile = process.env.BENCH_PROFILE;
  const session = profile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  console.log(`${MARK} runs`);
  const times: number[] = [];
  let last: PackedRun | undefined;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const a = performance.now();
    last = (await run(task)) as PackedRun;
    times.push(performance.now() - a);
  }
  const total = performance.now() - t0;
  console.log(`${MARK} forced`);
  gc();
  console.log(`${MARK} end`);
  if (session) writeFileSync(profile!, JSON.stringify((await session.post('HeapProfiler.stopSampling')).profile));
  times.sort((x, y) => x - y);
  const at = (q: number) => +times[Math.floor(N * q)]!.toFixed(3);
  // the run worker hands piscina its packed run to move (api/run-worker.ts): the hash is of the chunks' JSON text
  const packed = ((last as unknown as Record<symbol, unknown>)[valueSymbol] ?? last) as PackedRun;
  const text = (c: Uint8Array | string) => (typeof c === 'string' ? c : new TextDecoder().decode(c));
  const hash = createHash('sha256')
    .update(JSON.stringify({ ...packed, results: packed.results.map(text), traces: packed.traces.map(text) }))
    .digest('hex')
    .slice(0, 16);
  console.log(`${MARK} result ${JSON.stringify({ hash, msPerRun: +(total / N).toFixed(3), p50: at(0.5), p99: at(0.99) })}`);
}
