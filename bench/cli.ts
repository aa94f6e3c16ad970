// CLI benchmark (part of `npm run bench`): whole launches of the compiled bin (dist/gep.mjs, built here if absent)
// beside the TypeScript sources through tsx: start-up (`--version`, `models`), the sample's `validate` and `account`,
// and `uncertainty --draws 10000 --seed 1` (issue 13: ≤ 2 s wall). Median of BENCH_LAUNCHES (5; the uncertainty
// run 3) launches each: wall time of the launch, and the CPU time of the launched process (all its threads).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'dist', 'gep.mjs');
if (!existsSync(bin)) spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { stdio: 'inherit' });
const N = Number(process.env.BENCH_LAUNCHES ?? 5);
const out = mkdtempSync(join(tmpdir(), 'gep-bench-cli-'));
const cpuFile = join(out, 'cpu');
// the launched process writes its own CPU time when it exits (process.cpuUsage covers every thread of it)
const cpuHook = `data:text/javascript,${encodeURIComponent(
  `import { writeFileSync } from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); writeFileSync(${JSON.stringify(cpuFile)}, String((u.user + u.system) / 1e6)); });`,
)}`;

interface Launch {
  label: string;
  args: string[];
  runs?: number;
  /** Before each launch (e.g. remove the kept models listing). */
  before?: () => void;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function launch(l: Launch): string[] {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < (l.runs ?? N); i++) {
    l.before?.();
    rmSync(cpuFile, { force: true });
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', cpuHook, ...l.args], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${l.args.join(' ')}: ${r.stderr}`);
    wall.push(Number(process.hrtime.bigint() - t0) / 1e9);
    cpu.push(existsSync(cpuFile) ? Number(readFileSync(cpuFile, 'utf8')) : Number.NaN);
  }
  const s = (x: number) => `${x.toFixed(2)} s`;
  return [l.label, s(median(wall)), `${s(Math.min(...wall))}–${s(Math.max(...wall))}`, s(median(cpu))];
}

const tsx = ['--import', 'tsx', 'cli/gep.ts'];
const kept = join(root, 'dist', '.cache');
const mc = ['uncertainty', '--draws', '10000', '--seed', '1', '--out', join(out, 'mc')];
const launches: Launch[] = [
  { label: 'gep --version, compiled (dist/gep.mjs)', args: [bin, '--version'] },
  { label: 'gep --version, sources through tsx', args: [...tsx, '--version'] },
  // the first listing loads and compiles every model version and keeps the text (cli/models-listing.ts)
  { label: 'gep models, compiled, listing made', args: [bin, 'models'], before: () => rmSync(kept, { recursive: true, force: true }) },
  { label: 'gep models, compiled, listing kept', args: [bin, 'models'] },
  { label: 'gep models, sources through tsx', args: [...tsx, 'models'] },
  { label: 'gep validate (the sample), compiled', args: [bin, 'validate'] },
  { label: 'gep account (the sample), compiled', args: [bin, 'account', '-o', join(out, 'runs')] },
  { label: 'gep uncertainty --draws 10000 --seed 1, compiled', args: [bin, ...mc], runs: Math.min(N, 3) },
];
const rows = launches.map(launch);
rmSync(out, { recursive: true, force: true });

const head = ['launch', 'median wall', 'range', 'median CPU'];
const w = head.map((h, n) => Math.max(h.length, ...rows.map((r) => r[n]!.length)));
const line = (r: string[]) => r.map((c, n) => (n === 0 ? c.padEnd(w[n]!) : c.padStart(w[n]!))).join('  ');
console.log(
  `CLI launches, ${N} each (uncertainty ${Math.min(N, 3)}); CPU = the launched process's, all threads; load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
console.log([line(head), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(line)].join('\n'));
