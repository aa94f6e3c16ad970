// API load test (part of `npm run bench`): autocannon against `gep serve` processes on loopback, bounded in time.
// autocannon runs in this process and each server in its own (on a 2-core machine a load generator in the
// server's process takes half of it).
// 1. Before → after, side by side: a server of the tree at BENCH_API_BEFORE (default 0a7887a, before issue 13's
//    sixth round: `git archive` into a temporary folder, this checkout's node_modules linked) and a server of this
//    tree, each on its own SQLite store with one run worker thread (as gep serve). Per route, BENCH_ROUNDS
//    (default 2) interleaved rounds of BENCH_SECONDS (default 4) each (before, after, before, after…), so that the
//    machine's load falls on both: GET /runs/:id/results (a page of 100 long rows, and a filtered page), POST
//    /runs of a stored run (a lookup) and of a run computed again (rerun: true, one region × one year). req/s,
//    p50/p99 of all the requests of a route's rounds (and the worst round's own p99), errors, the server's CPU per
//    request (/proc: all its threads, so the load of other processes does not count) and its peak RSS. BENCH_API_BEFORE=none measures this tree alone.
// 2. A bounded mixed load (issue 12) on a `gep serve` process of this tree: reads and repeated posts beside a
//    stream of requests that must be refused (unbounded numbers, unknown runs, 405, a 100,000-character name), for
//    BENCH_LOAD_SECONDS (default 20; 60 for a longer look). req/s, p50/p99, errors (a 5xx, a refusal answered
//    2xx, a reset or a timeout) and the server's RSS, sampled from /proc.
// Figures are printed, not asserted.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { openStore } from '../api/store/db.ts';
import { beforeTree } from './before-tree.ts';
import { startGepServe } from './gep-serve.ts';
import { getRun, queryResults, runHead } from '../api/store/runs.ts';
import { RESULT_COLUMNS } from '../lib/rows.ts';

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  duration: number;
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
// autocannon publishes no types; this is the part used here. Its run is a promise and an emitter of each response
// (with its latency in ms), from which the p50 and p99 of all the requests of a route's rounds are taken.
type Run = Promise<Result> & { on(event: 'response', f: (client: unknown, status: number, bytes: number, ms: number) => void): void };
const autocannon = createRequire(import.meta.url)('autocannon') as (o: Options) => Run;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const BEFORE = process.env.BENCH_API_BEFORE ?? '0a7887a';
const root = join(import.meta.dirname, '..');
const load0 = loadavg();

/** A process's resident memory and CPU time (all its threads), from /proc on Linux. */
const procRss = (pid: number | undefined) => {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
  } catch {
    return Number.NaN;
  }
};
const procCpuMs = (pid: number | undefined) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in ticks of 1/100 s
  } catch {
    return Number.NaN;
  }
};

interface Server {
  label: string;
  tree: string;
  dir: string;
  remove: () => void;
  proc: ChildProcess;
  address: string;
  headers: Record<string, string>;
  peakRss: number;
  timer: NodeJS.Timeout;
}

/** `gep serve` of a tree on its own SQLite store and port, with a key; resolves once it listens. */
async function startServer(label: string, tree: string): Promise<Server> {
  const { proc, address, key, dir, remove, bin } = await startGepServe(tree, label);
  const s: Server = {
    label: `${label}, ${bin}`,
    tree,
    dir,
    remove,
    proc,
    address,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    peakRss: 0,
    timer: setInterval(() => {
      s.peakRss = Math.max(s.peakRss, procRss(proc.pid) || 0);
    }, 200),
  };
  return s;
}
async function stopServer(s: Server) {
  clearInterval(s.timer);
  s.proc.kill('SIGTERM');
  await new Promise((r) => s.proc.once('exit', r));
}

const before = BEFORE === 'none' || BEFORE === '' ? undefined : beforeTree(root, BEFORE);
const beforeDir = before?.dir;
const servers: Server[] = [];
if (beforeDir) servers.push(await startServer(`before (${BEFORE})`, beforeDir));
servers.push(await startServer('after (this tree)', root));
const runOf = new Map<Server, { id: string; rows: number }>();
for (const s of servers) {
  const post = async (body: object) =>
    (await (await fetch(`${s.address}/runs`, { method: 'POST', headers: s.headers, body: JSON.stringify(body) })).json()) as {
      id: string;
      rows: number;
      status: string;
    };
  // a loaded machine answers 202 (still running, past GEP_SYNC_WAIT_MS): the routes below need both runs done, or
  // the first one's requests are 409s counted as errors (53 of them seen once under load)
  const done = async (r: { id: string; rows: number; status: string }) => {
    while (r.status !== 'done') {
      if (r.status === 'failed' || r.status === 'interrupted') throw new Error(`the bench's run is ${r.status}`);
      await new Promise((ok) => setTimeout(ok, 200));
      r = (await (await fetch(`${s.address}/runs/${r.id}`)).json()) as typeof r;
    }
    return r;
  };
  runOf.set(s, await done(await post({ regions: ['tianfu'] })));
  await done(await post({ regions: ['tianfu'], years: [2022] })); // stored: the lookup below finds it
}

interface Route {
  label: string;
  connections: number;
  options: (s: Server) => Omit<Options, 'duration' | 'connections'>;
}
const oneYear = JSON.stringify({ regions: ['tianfu'], years: [2022] });
const routes: Route[] = [
  {
    label: 'GET /runs/:id/results?limit=100',
    connections: 10,
    options: (s) => ({ url: `${s.address}/runs/${runOf.get(s)!.id}/results?limit=100` }),
  },
  {
    label: 'GET /runs/:id/results?indicator=gep&year=2022',
    connections: 10,
    options: (s) => ({ url: `${s.address}/runs/${runOf.get(s)!.id}/results?indicator=gep&year=2022` }),
  },
  {
    label: 'POST /runs, 1 region × 1 year, stored (a lookup)',
    connections: 2,
    options: (s) => ({ url: `${s.address}/runs`, method: 'POST', headers: s.headers, body: oneYear }),
  },
  // computed: one connection is the latency of one post (its computation and store); ten on a 2-core machine is
  // also queueing (posts arriving while a rerun computes join its job group, so fewer computations than posts)
  ...[1, 10].map(
    (connections): Route => ({
      label: 'POST /runs, 1 region × 1 year, computed (rerun)',
      connections,
      options: (s) => ({
        url: `${s.address}/runs`,
        method: 'POST',
        headers: s.headers,
        body: JSON.stringify({ regions: ['tianfu'], years: [2022], rerun: true }),
      }),
    }),
  ),
];

type Cell = { requests: number; seconds: number; ms: number[]; p99: number[]; errors: number; cpuMs: number };
const cells = new Map<string, Cell>();
for (const route of routes)
  for (let round = 0; round < ROUNDS; round++)
    for (const s of servers) {
      const cpu0 = procCpuMs(s.proc.pid);
      const run = autocannon({ ...route.options(s), connections: route.connections, duration: SECONDS });
      const ms: number[] = [];
      run.on('response', (_client, _status, _bytes, latency) => ms.push(latency));
      const r = await run;
      const cpu = procCpuMs(s.proc.pid) - cpu0;
      const k = `${route.label}\0${route.connections}\0${s.label}`;
      const c = cells.get(k) ?? { requests: 0, seconds: 0, ms: [], p99: [], errors: 0, cpuMs: 0 };
      c.requests += r.requests.total;
      c.seconds += r.duration;
      for (const x of ms) c.ms.push(x);
      c.p99.push(r.latency.p99);
      c.errors += r.non2xx + r.errors + r.timeouts;
      c.cpuMs += cpu;
      cells.set(k, c);
    }
const load1 = loadavg();
const rssOf = new Map(servers.map((s) => [s, s.peakRss]));
const afterServer = servers.at(-1)!;
for (const s of servers) await stopServer(s);

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
/** The q-quantile of every request's latency over a cell's rounds, in ms to 0.1. */
const quantile = (v: number[], q: number) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(1) : '—';
};
const table: string[][] = [];
for (const route of routes)
  for (const s of servers) {
    const c = cells.get(`${route.label}\0${route.connections}\0${s.label}`)!;
    table.push([
      route.label,
      s.label,
      `${route.connections}`,
      (c.requests / c.seconds).toFixed(0),
      quantile(c.ms, 0.5),
      quantile(c.ms, 0.99),
      `${Math.max(...c.p99)}`,
      `${c.errors}`,
      (c.cpuMs / Math.max(1, c.requests)).toFixed(2),
    ]);
  }
const head = ['route', 'server', 'conn.', 'req/s', 'p50 ms', 'p99 ms', 'worst round p99', 'errors', 'server CPU ms/req'];
const w = head.map((h, n) => Math.max(h.length, ...table.map((r) => r[n]!.length)));
const line = (r: string[]) => r.map((c, n) => (n <= 1 ? c.padEnd(w[n]!) : c.padStart(w[n]!))).join('  ');
console.log(
  `API on loopback: gep serve processes (SQLite store, one run worker thread each), autocannon in the bench's own process; ` +
    `${ROUNDS} interleaved rounds of ${SECONDS} s per route and server; load average ${load0[0]!.toFixed(1)} at the start, ${load1[0]!.toFixed(1)} at the end (2-core machine: above ~1 other processes share it)`,
);
console.log([line(head), w.map((x) => '-'.repeat(x)).join('  '), ...table.map(line)].join('\n'));
console.log(`peak server RSS: ${servers.map((s) => `${s.label} ${(rssOf.get(s)! / 2 ** 20).toFixed(0)} MiB`).join(', ')}`);

// A page of 100 rows in the store, in this process (no HTTP), before → after the prepared statements of issue 13's
// second round, interleaved: as the store read it before (the whole run row, a count, an OFFSET page, built by
// Kysely on each call, a copy per row) and as it reads it now (the run's head, a keyset range of seq).
const store = await openStore({ file: join(afterServer.dir, 'gep.sqlite'), url: '' });
const run = runOf.get(afterServer)!;
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
await store.close();
console.log(
  `a page of 100 rows in the store (SQLite, no HTTP), before → after prepared statements: ${median(ab.before.cpu).toFixed(3)} → ${median(ab.after.cpu).toFixed(3)} ms CPU, ` +
    `${median(ab.before.wall).toFixed(3)} → ${median(ab.after.wall).toFixed(3)} ms wall (median of 5 interleaved rounds of 200; load ${loadavg()[0]!.toFixed(1)})`,
);
for (const s of servers) s.remove();
before?.remove();

// ── 2. bounded mixed load on a gep serve process ──
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const { proc: server, address, key: loadKey, remove: removeLoad } = await startGepServe(root, 'load');
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
removeLoad();

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
