import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApi, type TestApi } from '../helpers/api.ts';
import { gep } from '../helpers/gep-cli.ts';

/**
 * The CLI's run folder and the API's stored run are named by the same function over the same identity
 * (lib/run-id.ts, runs/registry.ts): the same request gives the same id on both sides (issue 9: they used to
 * differ, dd12863237c59176 from POST /runs and c8551d0002b9f002 from `gep account`).
 */
let t: TestApi;
const out = mkdtempSync(join(tmpdir(), 'gep-same-id-'));
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => {
  await t.close();
  rmSync(out, { recursive: true, force: true });
});
const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload, headers: t.auth });

/** Run the CLI (in this process, cli/main.ts) into its own folder and return the name of the one run folder it wrote. */
async function cliRun(name: string, ...args: string[]): Promise<string> {
  const dir = join(out, name);
  const r = await gep(...args, '-o', dir);
  expect(r.status, r.stderr).toBe(0);
  const written = readdirSync(dir);
  expect(written).toHaveLength(1);
  return written[0]!;
}

describe('the same request names the same run from the CLI and the API', () => {
  it('gep account --regions tianfu --years 2021,2022 = POST /runs {regions, years}', async () => {
    const folder = await cliRun('gep', 'account', '--regions', 'tianfu', '--years', '2021,2022');
    const res = await post('/runs', { regions: ['tianfu'], years: [2022, 2021] });
    expect(res.statusCode).toBe(201);
    expect(res.json().id).toBe(folder);
    expect(res.json().meta.id).toBe(folder);
    const written = JSON.parse(readFileSync(join(out, 'gep', folder, 'result.json'), 'utf8'));
    expect(res.json().meta).toEqual(written.run);
  });

  it('gep dual --scenario greenway = POST /runs {kind: dual, scenario, trace: false} of the stored scenario', async () => {
    const folder = await cliRun('dual', 'dual', '--scenario', 'scenarios/greenway.yaml');
    const stored = await post('/scenarios', YAML.parse(readFileSync('scenarios/greenway.yaml', 'utf8')));
    expect(stored.statusCode).toBe(201);
    const res = await post('/runs', { kind: 'dual', scenario: stored.json().id, trace: false });
    expect(res.statusCode).toBe(201);
    expect(res.json().id).toBe(folder);
  });

  it('gep carbon all = the carbon run inside POST /runs {kind: carbon}; the stored run, GEP and carbon together, has its own id', async () => {
    const folder = await cliRun('carbon', 'carbon', 'all');
    const res = await post('/runs', { kind: 'carbon' });
    expect(res.statusCode).toBe(201);
    expect(res.json().meta.carbon.id).toBe(folder);
    // the API's carbon run holds the GEP account too: another request than `gep carbon all`, so another id
    expect(res.json().id).toBe(res.json().meta.id);
    expect(res.json().id).not.toBe(folder);
    expect(res.json().meta.gep.id).not.toBe(folder);
  });
});
