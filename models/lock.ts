// Record the content hash of every published model version not yet in models/published.lock.json.
// An existing entry is never changed: a published version is frozen; publish changes as a new version.
// Usage: npx tsx models/lock.ts
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFactorSets, loadFactorSetFromDir } from './carbon-factors.ts';
import { contentHash, lockKey, readShipped } from '../lib/dual.ts';
import { listModels, loadModelFromDir, MODELS_DIR, readLock } from './load.ts';

const lock = readLock();
let added = 0;
// GEP models (model.yaml) and carbon factor sets (factors.yaml) are locked alike.
const all = [
  ...listModels().map((id) => loadModelFromDir(join(MODELS_DIR, id))),
  ...listFactorSets().map((id) => loadFactorSetFromDir(join(MODELS_DIR, id))),
];
for (const m of all) {
  if (m.status !== 'published') continue;
  if (lock[m.ref] === undefined) {
    lock[m.ref] = m.hash;
    added++;
    console.log(`locked ${m.ref} ${m.hash}`);
  } else if (lock[m.ref] !== m.hash) {
    console.error(`${m.ref} changed after publication; give it a new version`);
    process.exitCode = 1;
  }
}
// Shipped dual specs and scorecards (models/dual, models/scorecards) are frozen too, keyed "dual/<id>@<version>".
for (const folder of ['dual', 'scorecards'] as const) {
  for (const f of readdirSync(join(MODELS_DIR, folder))
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const id = f.slice(0, -'.yaml'.length);
    const x = readShipped(folder, id);
    const ref = lockKey(folder, x),
      hash = contentHash(x);
    if (lock[ref] === undefined) {
      lock[ref] = hash;
      added++;
      console.log(`locked ${ref} ${hash}`);
    } else if (lock[ref] !== hash) {
      console.error(`${ref} changed after it was locked; give it a new version`);
      process.exitCode = 1;
    }
  }
}
const sorted = Object.fromEntries(
  Object.keys(lock)
    .sort()
    .map((k) => [k, lock[k]]),
);
writeFileSync(join(MODELS_DIR, 'published.lock.json'), JSON.stringify(sorted, null, 2) + '\n');
console.log(`${added} added, ${Object.keys(sorted).length} in the lock`);
