// A `gep serve` process for the API benchmarks (bench/api.ts, bench/post-latency.ts); a module, not a benchmark.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../api/store/db.ts';
import { createKey } from '../api/store/keys.ts';

export interface GepServe {
  proc: ChildProcess;
  /** http://127.0.0.1:port */
  address: string;
  /** An API key of its store (Bearer). */
  key: string;
  /** Its data folder (the SQLite store in it): the caller removes it. */
  dir: string;
}

/** `gep serve` of a tree (its sources, through tsx) on a SQLite store of its own, with a key; resolves once it listens. */
export async function startGepServe(tree: string, label: string): Promise<GepServe> {
  const dir = mkdtempSync(join(tmpdir(), `gep-bench-${label.replace(/[^a-z0-9]+/gi, '-')}-`));
  const store = await openStore({ file: join(dir, 'gep.sqlite'), url: '' });
  const { key } = await createKey(store.db, 'bench', new Date().toISOString());
  await store.close();
  const proc = spawn(process.execPath, ['--import', 'tsx', join(tree, 'cli/gep.ts'), 'serve', '--port', '0', '--quiet'], {
    cwd: tree,
    env: { ...process.env, GEP_DATA_DIR: dir, DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const address = await new Promise<string>((resolve, reject) => {
    let err = '';
    proc.stderr!.on('data', (d) => {
      err += d;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    proc.on('exit', (code) => reject(new Error(`gep serve (${label}) exited (${code}): ${err}`)));
  });
  return { proc, address, key, dir };
}
