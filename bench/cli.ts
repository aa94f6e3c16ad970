// CLI start benchmark (part of `npm run bench`): wall time of `gep --version` and `gep models` from the compiled bin
// (dist/gep.mjs, built here if absent) and from the TypeScript sources through tsx, median of 5 launches each.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'dist', 'gep.mjs');
if (!existsSync(bin)) spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { stdio: 'inherit' });
const N = Number(process.env.BENCH_LAUNCHES ?? 5);

function launch(args: string[]): { median: number; min: number; max: number } {
  const t: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    t.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  t.sort((a, b) => a - b);
  return { median: t[Math.floor(N / 2)]!, min: t[0]!, max: t.at(-1)! };
}

const rows: string[][] = [];
for (const [label, args] of [
  ['gep --version, compiled (dist/gep.mjs)', [bin, '--version']],
  ['gep --version, sources through tsx', ['--import', 'tsx', 'cli/gep.ts', '--version']],
  ['gep models, compiled', [bin, 'models']],
  ['gep models, sources through tsx', ['--import', 'tsx', 'cli/gep.ts', 'models']],
] as const) {
  const m = launch([...args]);
  rows.push([label, `${m.median.toFixed(2)} s`, `${m.min.toFixed(2)}–${m.max.toFixed(2)} s`]);
}
const head = ['launch', 'median', 'range'];
const w = head.map((h, n) => Math.max(h.length, ...rows.map((r) => r[n]!.length)));
const line = (r: string[]) => r.map((c, n) => (n === 0 ? c.padEnd(w[n]!) : c.padStart(w[n]!))).join('  ');
console.log(
  `CLI start, ${N} launches each, wall; load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
console.log([line(head), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(line)].join('\n'));
