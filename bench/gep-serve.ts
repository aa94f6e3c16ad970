// A `gep serve` process for the API benchmarks (bench/api.ts, bench/post-latency.ts); a module, not a benchmark.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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
  /** Its data folder (the SQLite store in it). */
  dir: string;
  /** How it ran: the tree's compiled bin (what `node dist/gep.mjs serve` runs) or its sources through tsx. */
  bin: 'compiled' | 'tsx';
  /** Remove its data folder and its bin (the caller has stopped it). */
  remove(): void;
}

/**
 * `gep serve` of a tree on a SQLite store of its own, with a key; resolves once it listens. It runs the tree's bin as
 * the README starts a server (`node dist/gep.mjs serve`), built by the tree's scripts/build-cli.mjs into a folder of
 * its own in the tree (out/, beside node_modules); a tree from before the bundle (issue 13 item 5) runs its sources
 * through tsx, whose compiler and source maps sit in the server's heap.
 */
export async function startGepServe(tree: string, label: string): Promise<GepServe> {
  const dir = mkdtempSync(join(tmpdir(), `gep-bench-${label.replace(/[^a-z0-9]+/gi, '-')}-`));
  const store = await openStore({ file: join(dir, 'gep.sqlite'), url: '' });
  const { key } = await createKey(store.db, 'bench', new Date().toISOString());
  await store.close();
  let binDir: string | undefined;
  const remove = () => {
    rmSync(dir, { recursive: true, force: true });
    if (binDir) rmSync(binDir, { recursive: true, force: true });
  };
  if (existsSync(join(tree, 'scripts/build-cli.mjs'))) {
    mkdirSync(join(tree, 'out'), { recursive: true });
    binDir = mkdtempSync(join(tree, 'out', 'bench-bin-'));
    try {
      // a failed build throws with esbuild's own words (stderr)
      execFileSync(process.execPath, [join(tree, 'scripts/build-cli.mjs'), '--outdir', binDir], {
        cwd: tree,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch (e) {
      remove();
      throw e;
    }
  }
  const start = binDir ? [join(binDir, 'gep.mjs')] : ['--import', 'tsx', join(tree, 'cli/gep.ts')];
  const proc = spawn(process.execPath, [...start, 'serve', '--port', '0', '--quiet'], {
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
  return { proc, address, key, dir, bin: binDir ? 'compiled' : 'tsx', remove };
}
