// Record the content hash of every frozen version shipped in models/ (published models and factor sets, dual
// specs, scorecards) not yet in models/published.lock.json. An existing entry is never changed: a published
// version is frozen; publish changes as a new version.
// Usage: npx tsx models/lock.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { updatedLock } from './registry.ts';
import { MODELS_DIR, readLock } from './versioned.ts';

const { lock, added, problems } = updatedLock(readLock());
for (const key of added) console.log(`locked ${key} ${lock[key]}`);
for (const p of problems) console.error(p);
if (problems.length) process.exitCode = 1;
writeFileSync(join(MODELS_DIR, 'published.lock.json'), JSON.stringify(lock, null, 2) + '\n');
console.log(`${added.length} added, ${Object.keys(lock).length} in the lock`);
