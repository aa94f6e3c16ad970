/**
 * Issue 12 items 4 and 5: a server killed (kill -9) during an upload stores no part of the dataset, and the
 * folder it was validating the upload in is removed when the next server starts on the data directory (it was
 * left for good: 11 MB per killed upload). The server is a real `gep serve` process on loopback.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { openStore } from '../../api/store/db.ts';
import { createKey } from '../../api/store/keys.ts';
import { tableCounts } from '../../api/store/migrations.ts';
import { cleanTempFolders, processTempDir, tempRoot } from '../../api/temp-folders.ts';
import { sampleUpload } from '../helpers/api.ts';
import { LAUNCH_TIMEOUT, ROOT } from '../helpers/gep-cli.ts';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'gep-kill-'));
  dirs.push(d);
  return d;
};
const host = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('temporary folders of processes no longer running are removed at start-up', () => {
  it('removes the folders of dead processes of this host and of the older layout; keeps live ones and other hosts', () => {
    const dir = dataDir();
    const folder = (...p: string[]) => {
      mkdirSync(join(dir, ...p), { recursive: true });
      writeFileSync(join(dir, ...p, 'observations.csv'), 'x');
      return join(dir, ...p);
    };
    const dead = folder('tmp', `${host}-${deadPid()}`, 'upload-00');
    const legacy = folder('tmp', 'upload-0123456789abcdef');
    const partial = folder('datasets', 'tianfu-sample-925608e43b83.partial-1a2b3c4d');
    const mine = folder('tmp', `${host}-${process.pid}`, 'upload-01');
    const parent = folder('tmp', `${host}-${process.ppid}`, 'upload-02');
    const elsewhere = folder('tmp', `another-host-${deadPid()}`, 'upload-03');
    const stored = folder('datasets', 'tianfu-sample-925608e43b83');

    expect(cleanTempFolders(dir).sort()).toEqual([join(dead, '..'), legacy, partial].sort());
    for (const gone of [dead, legacy, partial]) expect(existsSync(gone)).toBe(false);
    for (const kept of [mine, parent, elsewhere, stored]) expect(existsSync(kept)).toBe(true);
  });

  it('buildApp cleans before it seeds the store (the next start after a crash)', async () => {
    const dir = dataDir();
    const left = join(tempRoot(dir), `${host}-${deadPid()}`, 'upload-00');
    mkdirSync(left, { recursive: true });
    const store = await openStore({ file: ':memory:', url: '' });
    const app = await buildApp({ store, dataDir: dir });
    try {
      expect(existsSync(join(left, '..'))).toBe(false);
    } finally {
      await app.close();
      await store.close();
    }
  });
});

/** Start `gep serve` on a free loopback port with this data directory; its address once it listens. */
async function startServer(dir: string): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/gep.ts', 'serve', '--port', '0', '--quiet'], {
    cwd: ROOT,
    env: { ...process.env, GEP_DATA_DIR: dir, GEP_RUN_WORKERS: '0', DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let err = '';
  const address = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      err += d;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`gep serve exited (${code}): ${err}`)));
  });
  return { child, address };
}

const until = async (test: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
};

describe('kill -9 during an upload', () => {
  it(
    'stores no part of the dataset, and the next start removes its temporary folder',
    async () => {
      const dir = dataDir();
      const setup = await openStore({ file: join(dir, 'gep.sqlite'), url: '' });
      const { key } = await createKey(setup.db, 'kill-test', '2026-12-01T00:00:00.000Z');
      await setup.close();
      const { child, address } = await startServer(dir);

      const store = await openStore({ file: join(dir, 'gep.sqlite'), url: '' });
      try {
        const before = await tableCounts(store.db);
        // ~6 MB of rows (of regions the dataset lacks: the loader works through every one) keep the upload being validated
        const rows = Array.from({ length: 150_000 }, (_, n) => `r${n},2020,precipitation,,1021.4,mm,test`).join('\n');
        const upload = sampleUpload({
          'dataset.yaml': (y) => y.replace('id: tianfu-sample', 'id: killed-upload'),
          'observations.csv': (csv) => `${csv.trimEnd()}\n${rows}\n`,
        });
        const answer = fetch(`${address}/datasets`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(upload),
        }).then(
          (r) => r.status,
          () => 'connection lost',
        );
        // kill the server while the upload is written aside and validated
        const temp = processTempDir(dir).replace(String(process.pid), String(child.pid));
        await until(() => existsSync(temp) && readdirSync(temp).some((n) => n.startsWith('upload-')), 30_000);
        child.kill('SIGKILL');
        expect(await answer).toBe('connection lost');
        await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
        expect(readdirSync(temp).some((n) => n.startsWith('upload-'))).toBe(true); // what the kill left behind

        expect(await tableCounts(store.db)).toEqual(before); // no dataset, no file, no audit entry
        // the next start cleans up; the dataset was never stored
        const app = await buildApp({ store, dataDir: dir });
        try {
          expect(existsSync(temp)).toBe(false);
          expect((await app.inject({ method: 'GET', url: '/datasets/killed-upload' })).statusCode).toBe(404);
        } finally {
          await app.close();
        }
      } finally {
        await store.close();
      }
    },
    2 * LAUNCH_TIMEOUT,
  );
});
