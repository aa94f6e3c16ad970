// API load test (part of `npm run bench`): autocannon against the server on loopback, bounded in time.
// GET /runs/:id/results (a page of 100 long rows) and POST /runs for one region (rerun: true, so every
// request really accounts the region and stores its rows). Figures are printed, not asserted.
// BENCH_SECONDS (default 8) sets the time per route.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../api/app.ts';
import { openStore } from '../api/store/db.ts';
import { createKey } from '../api/store/keys.ts';

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Options = { url: string; method?: string; connections: number; duration: number; headers?: Record<string, string>; body?: string };
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
