// API load test (part of `npm run bench`): autocannon against the server on loopback, bounded in time.
// 1. Per route, in the server's process: GET /runs/:id/results (a page of 100 long rows) and POST /runs for one
//    region (rerun: true, so every request really accounts the region and stores its rows). BENCH_SECONDS
//    (default 8) sets the time per route.
// 2. A bounded mixed load (issue 12) on a `gep serve` process: reads and repeated posts beside a stream of
//    requests that must be refused (unbounded numbers, unknown runs, 405, a 100,000-character name), for
//    BENCH_LOAD_SECONDS (default 60; 5 for a quick look). req/s, p50/p99, errors (a 5xx, a refusal answered
//    2xx, a reset or a timeout) and the server's RSS, sampled from /proc.
// Figures are printed, not asserted.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { buildApp } from '../api/app.ts';
import { openStore } from '../api/store/db.ts';
import { createKey } from '../api/store/keys.ts';
import { getRun, queryResults, runHead } from '../api/store/runs.ts';
import { RESULT_COLUMNS } from '../lib/rows.ts';

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  resets: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Request = { method?: string; path: string; headers?: Record<string, string>; body?: string };
type Options = {
  url: string;
  method?: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  body?: string;
  requests?: Request[];
  timeout?: number;
  includeErrorStats?: boolean;
};
// autocannon publishes no types; this is the part used here.
const autocannon = createRequire(import.meta.url)('autocannon') as (o: Options) => Promise<Result>;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const timer = setInterval(sample, 50);

const dir = mkdtempSync(join(tmpdir(), 'gep-bench-'));
const store = await openStore({ file: join(dir, 'gep.sqlite'), url: '' });
const app = await buildApp({ store, dataDir: dir, config: { syncWaitMs: 60_000, runWorkers: 1 } }); // as gep serve: runs in a worker thread
const { key } = await createKey(store.db, 'bench', new Date().toISOString());
const base = await app.listen({ host: '127.0.0.1', port: 0 });
const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

const first = await fetch(`${base}/runs`, { method: 'POST', headers, body: JSON.stringify({ regions: ['tianfu'] }) });
const run = (await first.json()) as { id: string; rows: number };

const rows: string[][] = [];
async function measure(label: string, o: Omit<Options, 'duration'>) {
  const r = await autocannon({ ...o, duration: SECONDS });
  sample();
  rows.push([
    label,
    `${o.connections}`,
    r.requests.average.toFixed(1),
    `${r.latency.p50}`,
    `${r.latency.p99}`,
    `${r.requests.total}`,
    `${r.non2xx + r.errors + r.timeouts}`,
  ]);
}

await measure(`GET /runs/:id/results?limit=100 (${run.rows} rows stored)`, {
  url: `${base}/runs/${run.id}/results?limit=100`,
  connections: 10,
});
await measure('GET /runs/:id/results?indicator=gep&year=2022', {
  url: `${base}/runs/${run.id}/results?indicator=gep&year=2022`,
  connections: 10,
});
await measure('POST /runs, one region × 1 year, stored (a lookup)', {
  url: `${base}/runs`,
  method: 'POST',
  connections: 2,
  headers,
  body: JSON.stringify({ regions: ['tianfu'], years: [2022] }),
});
await measure('POST /runs, one region × 1 year (rerun: accounted and stored each time)', {
  url: `${base}/runs`,
  method: 'POST',
  connections: 2,
  headers,
  body: JSON.stringify({ regions: ['tianfu'], years: [2022], rerun: true }),
});
await measure('POST /runs, one region × 3 years (rerun)', {
  url: `${base}/runs`,
  method: 'POST',
  connections: 2,
  headers,
  body: JSON.stringify({ regions: ['tianfu'], rerun: true }),
});

// Before → after, side by side in one process (interleaved rounds, so that the machine's load falls on both): a
// page of 100 rows as the store read it before (the whole run row, a count, an OFFSET page, built by Kysely on each
// call, a copy per row) and as it reads it now (prepared statements: the run's head, a keyset range of seq).
async function pageBefore(limit: number, offset: number) {
  const r = await getRun(store.db, run.id);
  const q = store.db.selectFrom('results').where('run_id', '=', r!.id);
  const { n } = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const got = await q
    .select([...RESULT_COLUMNS])
    .orderBy('seq')
    .limit(limit)
    .offset(offset)
    .execute();
  return { total: Number(n), rows: got.map(({ origin, ...x }) => ({ ...x, year: String(x.year), ...(origin ? { origin } : {}) })) };
}
const pageAfter = async (limit: number, offset: number) =>
  queryResults(store.db, run.id, {}, limit, offset, await runHead(store.db, run.id));
if (JSON.stringify(await pageBefore(100, 100)) !== JSON.stringify(await pageAfter(100, 100))) throw new Error('the two read paths differ');
const ab: Record<'before' | 'after', { cpu: number[]; wall: number[] }> = { before: { cpu: [], wall: [] }, after: { cpu: [], wall: [] } };
for (let round = 0; round < 5; round++)
  for (const [k, f] of [
    ['before', pageBefore],
    ['after', pageAfter],
  ] as const) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) await f(100, (i * 100) % Math.max(1, run.rows));
    const c = process.cpuUsage(c0);
    ab[k].cpu.push((c.user + c.system) / 1000 / 200);
    ab[k].wall.push((performance.now() - t0) / 200);
  }
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

await app.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
clearInterval(timer);

const head = ['route', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors'];
const w = head.map((h, n) => Math.max(h.length, ...rows.map((r) => r[n]!.length)));
const line = (r: string[]) => r.map((c, n) => (n === 0 ? c.padEnd(w[n]!) : c.padStart(w[n]!))).join('  ');
console.log(
  `API on loopback (SQLite store, runs in one worker thread as in gep serve; autocannon in the server process), ${SECONDS} s per route`,
);
console.log([line(head), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(line)].join('\n'));
console.log(`peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
console.log(
  `a page of 100 rows in the store (SQLite), before → after: ${median(ab.before.cpu).toFixed(3)} → ${median(ab.after.cpu).toFixed(3)} ms CPU, ` +
    `${median(ab.before.wall).toFixed(3)} → ${median(ab.after.wall).toFixed(3)} ms wall (median of 5 interleaved rounds of 200; load ${loadavg()[0]!.toFixed(1)})`,
);

// ── 2. bounded mixed load on a gep serve process ──
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const loadDir = mkdtempSync(join(tmpdir(), 'gep-bench-load-'));
const loadStore = await openStore({ file: join(loadDir, 'gep.sqlite'), url: '' });
const loadKey = (await createKey(loadStore.db, 'bench-load', new Date().toISOString())).key;
await loadStore.close();
const server = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../cli/gep.ts'), 'serve', '--port', '0', '--quiet'], {
  env: { ...process.env, GEP_DATA_DIR: loadDir, DATABASE_URL: '' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
const address = await new Promise<string>((resolve, reject) => {
  let err = '';
  server.stderr!.on('data', (d) => {
    err += d;
    const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(err);
    if (m) resolve(m[1]!);
  });
  server.on('exit', (code) => reject(new Error(`gep serve exited (${code}): ${err}`)));
});
/** The server's resident memory (its worker threads included), from /proc on Linux. */
const serverRss = () => {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) * 1024;
  } catch {
    return Number.NaN;
  }
};
const rss = { start: 0, peak: 0, end: 0 };
const rssTimer = setInterval(() => {
  rss.peak = Math.max(rss.peak, serverRss() || 0);
}, 200);
const loadHeaders = { authorization: `Bearer ${loadKey}`, 'content-type': 'application/json' };
const runBody = JSON.stringify({ regions: ['tianfu'], years: [2022] });
const stored = (await (await fetch(`${address}/runs`, { method: 'POST', headers: loadHeaders, body: runBody })).json()) as { id: string };
// a loaded machine may answer 202 (still running): the reads need the run done
while (true) {
  const { status } = (await (await fetch(`${address}/runs/${stored.id}`)).json()) as { status: string };
  if (status === 'done') break;
  if (status === 'failed' || status === 'interrupted') throw new Error(`the bench's run is ${status}`);
  await new Promise((r) => setTimeout(r, 200));
}
rss.start = serverRss();

// what must be refused: a scenario value and a dataset cell of 1e9999999999, an unknown run, a 405, a long name
const sampleDir = join(import.meta.dirname, '../datasets/tianfu-sample');
const manifest = readFileSync(join(sampleDir, 'dataset.yaml'), 'utf8');
const files = ['dataset.yaml', ...Object.values((YAML.parse(manifest) as { files: Record<string, string> }).files)].map((name) => ({
  name,
  content: readFileSync(join(sampleDir, name), 'utf8')
    .replace('id: tianfu-sample', 'id: bench-refused')
    .replace('tianfu,2020,precipitation,,1021.4,', 'tianfu,2020,precipitation,,1e9999999999,'),
}));
const scenario = {
  id: 'bench-refused',
  label: 'refused',
  base: { model: 'cn-gep-2022@1.0.0', dataset: 'tianfu-sample' },
  overrides: { coefficients: [{ coefficient: 'reservoir_cost', from: 2021, value: '1e9999999999', source: 'bench' }] },
};
const refusals: Request[] = [
  { method: 'POST', path: '/scenarios', headers: loadHeaders, body: JSON.stringify(scenario) },
  { method: 'POST', path: '/datasets', headers: loadHeaders, body: JSON.stringify({ files }) },
  { method: 'GET', path: '/runs/0000000000000000' },
  { method: 'DELETE', path: '/models' },
  { method: 'POST', path: '/runs', headers: loadHeaders, body: JSON.stringify({ model: 'x'.repeat(100_000) }) },
];
const mixed: Request[] = [
  { method: 'GET', path: `/runs/${stored.id}/results?limit=100` },
  { method: 'GET', path: `/runs/${stored.id}/results?indicator=gep&year=2022` },
  { method: 'GET', path: `/runs/${stored.id}` },
  { method: 'GET', path: '/health' },
  { method: 'POST', path: '/runs', headers: loadHeaders, body: runBody }, // the stored run again: 200
];
const [good, bad] = await Promise.all([
  autocannon({ url: address, connections: 8, duration: LOAD_SECONDS, requests: mixed, timeout: 10 }),
  autocannon({ url: address, connections: 2, duration: LOAD_SECONDS, requests: refusals, timeout: 10, includeErrorStats: true }),
]);
rss.end = serverRss();
const healthy = (await fetch(`${address}/health`)).ok;
clearInterval(rssTimer);
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(loadDir, { recursive: true, force: true });

const count = (r: Result, ok: (status: number) => boolean) =>
  Object.entries(r.statusCodeStats)
    .filter(([s]) => ok(Number(s)))
    .reduce((n, [, v]) => n + v.count, 0);
const codes = (r: Result) =>
  Object.entries(r.statusCodeStats)
    .map(([s, v]) => `${s}×${v.count}`)
    .join(' ');
const loadRows = [
  [
    'reads + repeated POST /runs (expect 2xx)',
    '8',
    good.requests.average.toFixed(1),
    `${good.latency.p50}`,
    `${good.latency.p99}`,
    `${good.requests.total}`,
    `${count(good, (s) => s >= 300) + good.errors + good.timeouts + good.resets}`,
    codes(good),
  ],
  [
    'refusals: 1e9999999999 scenario and cell, 404, 405, 100k name (expect 4xx)',
    '2',
    bad.requests.average.toFixed(1),
    `${bad.latency.p50}`,
    `${bad.latency.p99}`,
    `${bad.requests.total}`,
    `${count(bad, (s) => s < 400 || s >= 500) + bad.errors + bad.timeouts + bad.resets}`,
    codes(bad),
  ],
];
const loadHead = ['stream', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors', 'statuses'];
const lw = loadHead.map((h, n) => Math.max(h.length, ...loadRows.map((r) => r[n]!.length)));
const lline = (r: string[]) => r.map((c, n) => (n === 0 || n === 7 ? c.padEnd(lw[n]!) : c.padStart(lw[n]!))).join('  ');
const mib = (b: number) => (Number.isNaN(b) ? 'n/a' : `${(b / 2 ** 20).toFixed(0)} MiB`);
console.log(`\nBounded mixed load on a gep serve process (SQLite, one run worker thread), ${LOAD_SECONDS} s, both streams at once`);
console.log([lline(loadHead), lw.map((x) => '-'.repeat(x)).join('  '), ...loadRows.map(lline)].join('\n'));
console.log(
  `server RSS: ${mib(rss.start)} before, ${mib(rss.peak)} peak, ${mib(rss.end)} after; /health after the load: ${healthy ? 'ok' : 'FAILED'}`,
);
