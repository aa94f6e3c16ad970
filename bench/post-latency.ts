// Latency of the computed one-region-year POST /runs on a fresh `gep serve` of this tree that takes nothing else
// (part of `npm run bench`; bench/api.ts measures it after its GET phases, beside an older tree): BENCH_POSTS
// (default 1,000) sequential reruns on one kept-alive connection after 50 to warm up; p50, p90, p99 and max of
// every post, the server's CPU per post (/proc, all threads) and how it splits: the main thread, the busiest other
// thread (the run worker) and the rest (SQLite on libuv's threads, V8's collector and compiler).
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startGepServe } from './gep-serve.ts';

const N = Number(process.env.BENCH_POSTS ?? 1000);
const { proc: server, address: at, key, bin, remove } = await startGepServe(join(import.meta.dirname, '..'), 'post-latency');
const address = new URL(at);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const post = (body: string) =>
  new Promise<number>((resolve, reject) => {
    const req = http.request(
      {
        host: address.hostname,
        port: address.port,
        path: '/runs',
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
/** CPU ms of each of the server's threads (utime + stime, ticks of 1/100 s), by thread id. */
const threads = () => {
  const m = new Map<string, number>();
  for (const t of readdirSync(`/proc/${server.pid}/task`))
    try {
      const f = readFileSync(`/proc/${server.pid}/task/${t}/stat`, 'utf8').split(') ')[1]!.split(' ');
      m.set(t, (Number(f[11]) + Number(f[12])) * 10);
    } catch {} // a thread that ended
  return m;
};

const body = JSON.stringify({ regions: ['tianfu'], years: [2022], rerun: true });
if ((await post(JSON.stringify({ regions: ['tianfu'], years: [2022] }))) >= 300) throw new Error('the first post was refused');
for (let i = 0; i < 50; i++) await post(body);
const load0 = loadavg()[0]!;
const cpu0 = threads();
const ms: number[] = [];
let refused = 0;
for (let i = 0; i < N; i++) {
  const a = performance.now();
  if ((await post(body)) >= 300) refused++;
  ms.push(performance.now() - a);
}
const cpu1 = threads();
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
remove();

const used = [...cpu1].map(([t, v]) => [t, v - (cpu0.get(t) ?? 0)] as const);
const main = used.find(([t]) => t === String(server.pid))?.[1] ?? 0;
const others = used.filter(([t]) => t !== String(server.pid)).sort((a, b) => b[1] - a[1]);
const busiest = others[0]?.[1] ?? 0;
const rest = others.slice(1).reduce((a, [, v]) => a + v, 0);
const sorted = [...ms].sort((a, b) => a - b);
const q = (p: number) => sorted[Math.min(N - 1, Math.floor(p * N))]!.toFixed(1);
console.log(
  `computed POST /runs, 1 region × 1 year (rerun), ${N} sequential posts on a fresh server (${bin}): p50 ${q(0.5)} ms, p90 ${q(0.9)}, ` +
    `p99 ${q(0.99)}, max ${sorted.at(-1)!.toFixed(1)}; ${refused} not 2xx`,
);
console.log(
  `server CPU per post ${((main + busiest + rest) / N).toFixed(2)} ms: main thread ${(main / N).toFixed(2)}, run worker ${(busiest / N).toFixed(2)}, ` +
    `other threads ${(rest / N).toFixed(2)} (load average ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)})`,
);
