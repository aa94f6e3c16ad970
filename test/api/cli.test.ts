import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../api/store/db.ts';
import { gep, ROOT } from '../helpers/gep-cli.ts';

/**
 * `gep keys`, `gep serve` and `gep report` on a fresh data directory: the README's Server section, checked.
 * `serve` runs as a user runs it, a child process (it listens and stops on a signal); `keys` and `report`
 * run in this process, reading the same store while the server runs.
 */
const DATA = mkdtempSync(join(tmpdir(), 'gep-serve-'));
const env = { GEP_DATA_DIR: DATA, DATABASE_URL: '', GEP_SYNC_WAIT_MS: '120000' }; // a busy machine must not turn the run into a 202
beforeAll(() => {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(DATA, { recursive: true, force: true });
});

describe('gep keys, serve, report', () => {
  it('creates a key, serves, takes a run, writes its report, stops cleanly on SIGTERM', async () => {
    const made = await gep('keys', 'create', 'ci');
    expect(made.status, made.stderr).toBe(0);
    const key = made.stdout;
    expect(key.trim()).toMatch(/^gep_[A-Za-z0-9_-]{43}$/);

    const server = spawn(process.execPath, ['--import', 'tsx', 'cli/gep.ts', 'serve', '--port', '0', '--quiet'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => server.on('exit', (code) => r(code)));
    try {
      const url = await new Promise<string>((res, rej) => {
        let err = '';
        server.stderr.on('data', (d) => {
          err += d;
          const m = /listening on (http:\/\/\S+)/.exec(err);
          if (m) res(m[1]!);
        });
        server.on('exit', () => rej(new Error(`serve exited: ${err}`)));
      });
      const refused = await fetch(`${url}/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(refused.status).toBe(401);
      const res = await fetch(`${url}/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key.trim()}` },
        body: JSON.stringify({ regions: ['tianfu'], years: [2022] }),
      });
      expect(res.status).toBe(201);
      const run = (await res.json()) as { id: string };
      const csv = await (await fetch(`${url}/runs/${run.id}/report.csv`)).text();
      // the CLI reads the same store while the server runs (SQLite in WAL mode)
      const report = await gep('report', run.id, '--format', 'csv', '-o', '-');
      expect(report.status, report.stderr).toBe(0);
      expect(report.stdout).toBe(csv);
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      server.kill('SIGKILL');
    }
    const store = await openStore({ file: join(DATA, 'gep.sqlite'), url: '' });
    try {
      const keys = await store.db.selectFrom('api_keys').selectAll().execute();
      expect(keys).toMatchObject([{ name: 'ci', prefix: key.trim().slice(0, 8), revoked_at: null }]);
      expect(JSON.stringify(keys)).not.toContain(key.trim());
      expect(await store.db.selectFrom('runs').select('status').execute()).toEqual([{ status: 'done' }]);
    } finally {
      await store.close();
    }
  }, 120_000);
});
