// npm run bench [name…] — runs each benchmark (bench/<name>.ts) in its own process, so that each one's peak
// memory is its own. Figures are printed, not asserted: speed is measured, not assumed.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const all = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.slice(0, -3))
  .sort();
const chosen = process.argv.slice(2);
const unknown = chosen.filter((c) => !all.includes(c));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; there are: ${all.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const name of chosen.length ? chosen : all) {
  console.log(`\n── bench/${name}.ts ──`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${name}.ts`)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
