/**
 * exceljs (~7.5 MB of heap, 156 modules) is loaded by a server only when a workbook is asked for: a smaller main
 * isolate marks faster, and the server's major collections set the tail of POST /runs (issue 13). A resolve hook in
 * a real `gep serve` process writes down every import of exceljs; the API's other answers must make none, and the
 * workbook that follows must make one (so the hook is seen to work and the test can fail).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../api/store/db.ts';
import { createKey } from '../../api/store/keys.ts';
import { LAUNCH_TIMEOUT } from '../helpers/gep-cli.ts';
import { type GepProcess, killAll, saidLine, startGep } from '../helpers/processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'gep-lazy-xlsx-'));
const log = join(dir, 'exceljs.log');
const procs: GepProcess[] = [];
let url = '';
let headers: Record<string, string> = {};

beforeAll(
  async () => {
    const hook = `import { appendFileSync } from 'node:fs';
export async function resolve(s, c, next) {
  if (s === 'exceljs' || s.startsWith('exceljs/')) appendFileSync(${JSON.stringify(log)}, s + ' from ' + c.parentURL + '\\n');
  return next(s, c);
}`;
    const register = join(dir, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));\n`,
    );
    const store = await openStore({ file: join(dir, 'gep.sqlite'), url: '' }); // migrated before the server starts
    try {
      headers = {
        authorization: `Bearer ${(await createKey(store.db, 't', new Date().toISOString())).key}`,
        'content-type': 'application/json',
      };
    } finally {
      await store.close();
    }
    const server = startGep('server', ['serve', '--port', '0', '--quiet'], { GEP_DATA_DIR: dir, GEP_SYNC_WAIT_MS: '120000' }, [
      '--import',
      register,
    ]);
    procs.push(server);
    url = (await saidLine(server, /listening on (http:\/\/\S+)/, 4 * LAUNCH_TIMEOUT))[1]!;
  },
  4 * LAUNCH_TIMEOUT + 10_000,
);

afterAll(async () => {
  await killAll(procs);
  rmSync(dir, { recursive: true, force: true });
});

describe('a server loads exceljs only for a workbook', () => {
  it('runs, result pages and an HTML comparison import no exceljs; an XLSX comparison then does', async () => {
    const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const ids: string[] = [];
    for (const year of [2021, 2022]) {
      const r = await post('/runs', { regions: ['tianfu'], years: [year], trace: false });
      expect(r.status).toBe(201);
      ids.push(((await r.json()) as { id: string }).id);
    }
    expect((await fetch(`${url}/runs/${ids[0]}/results?limit=5`)).status).toBe(200);
    const html = await post('/compare', { runs: ids, format: 'html' });
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('<table');
    expect(existsSync(log) ? readFileSync(log, 'utf8') : '').toBe('');

    const xlsx = await post('/compare', { runs: ids, format: 'xlsx' });
    expect(xlsx.status).toBe(200);
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK'); // a zip: the workbook
    expect(readFileSync(log, 'utf8')).toMatch(/^exceljs from .*compare-report\.ts/m);
  }, 120_000);
});
