import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDatasetFolder } from '../bench/batch/dataset-folder.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { streamAccount } from '../reports/account-stream.ts';
import { runOptions } from '../runs/account-inputs.ts';
import { compute, filesOf, plan } from '../runs/registry.ts';
import { fileSources } from '../runs/sources.ts';
import { gep } from './helpers/gep-cli.ts';

/**
 * `gep account` writes its folder as chunks of regions finish (reports/account-stream.ts), with memory flat in the
 * number of regions. Its files must be byte for byte those the gep kind writes from the whole account in memory
 * (runs/kinds/gep: reports/result-json.ts, results-csv.ts, summary.ts): on the sample, under a scenario, and on a
 * generated folder of several regions cut into chunks of one region, of a few, and of all of them.
 */
const tmp = mkdtempSync(join(tmpdir(), 'gep-account-stream-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const YEARS = [2020, 2021, 2022];
const generated = writeDatasetFolder(join(tmp, 'dataset'), 5, YEARS);
/** scenarios/greenway.yaml written for the generated folder: the sample's own scenario reads the sample, which has an extent change and so is read whole. */
const greenwayGenerated = join(tmp, 'greenway-generated.yaml');
writeFileSync(
  greenwayGenerated,
  readFileSync(join(import.meta.dirname, '../scenarios/greenway.yaml'), 'utf8').replace('dataset: tianfu-sample', 'dataset: bench-5x3'),
);
let n = 0;
const inMemory = new Map<string, Record<string, string | Buffer>>();

/** The in-memory account beside the streamed one; `byRegion`: the streamed one's dataset read by region, as `gep account` reads it. */
async function both(input: Record<string, unknown>, chunk: number, byRegion = false) {
  const planned = await plan('gep', input, fileSources());
  // the whole account in memory, once per input
  const key = JSON.stringify(input);
  if (!inMemory.has(key)) inMemory.set(key, filesOf({ kind: 'gep', result: await compute(planned) }));
  const files = inMemory.get(key)!;
  const dir = join(tmp, `run-${n++}`);
  const streamed = byRegion ? await plan('gep', input, fileSources({ byRegion: true })) : planned;
  const run = streamAccount(streamed.loaded, { ...runOptions(planned.options), trace: planned.options.trace, chunk }, dir);
  return { planned, files, dir, run };
}

function expectSameFolder(files: Record<string, string | Buffer>, dir: string) {
  expect(readdirSync(dir).sort()).toEqual(Object.keys(files).sort());
  for (const [name, body] of Object.entries(files)) {
    // compared as text first for a readable difference, then as bytes
    const text = readFileSync(join(dir, name), 'utf8');
    expect(text, name).toBe(String(body));
    expect(readFileSync(join(dir, name)).equals(Buffer.from(body)), name).toBe(true);
  }
}

describe('gep account streamed by chunks of regions', () => {
  it('the sample: the same four files, byte for byte, and the same run id', async () => {
    const { planned, files, dir, run } = await both({}, 1);
    expect(run.meta.id).toBe(planned.id);
    expect(Object.keys(files)).toContain('trace.json');
    expectSameFolder(files, dir);
  });

  it('the sample under a scenario, without traces', async () => {
    const { planned, files, dir, run } = await both({ scenario: 'scenarios/greenway.yaml', trace: false }, 1);
    expect(run.meta.id).toBe(planned.id);
    expect(run.meta.scenario).toBe('greenway');
    expect(Object.keys(files)).not.toContain('trace.json');
    expectSameFolder(files, dir);
  });

  for (const chunk of [1, 2, 5])
    it(`a generated folder of 5 regions × 3 years in chunks of ${chunk}`, async () => {
      const { files, dir, run } = await both({ dataset: generated }, chunk);
      const result = JSON.parse(String(files['result.json']));
      // what crosses the chunks is in: diagnostics, decompositions of every region
      expect(result.diagnostics.length).toBeGreaterThan(0);
      expect(result.decompositions.length).toBe(5 * YEARS.length);
      expectSameFolder(files, dir);
      expect(run.regions.length).toBe(5);
    });

  for (const [what, input] of [
    ['the sample (an extent change: loadDatasetByRegion reads it whole)', {}],
    ['the sample under a scenario (read whole too)', { scenario: 'scenarios/greenway.yaml' }],
    ['a generated folder', { dataset: generated }],
    ['a generated folder under a scenario', { dataset: generated, scenario: greenwayGenerated }],
  ] as const)
    it(`${what}, its dataset through loadDatasetByRegion as gep account reads it: the same files`, async () => {
      const { planned, files, dir, run } = await both(input, 2, true);
      expect(run.meta.id).toBe(planned.id);
      expectSameFolder(files, dir);
    });

  it('a region that cannot be accounted: every chunk’s problems at once, as in memory, and no folder', async () => {
    const bad = join(tmp, 'bad');
    writeDatasetFolder(bad, 5, [2021, 2022]);
    const obs = join(bad, 'observations.csv');
    // two regions lose their rows: two chunks of two fail
    const lines = readFileSync(obs, 'utf8').split('\n');
    writeFileSync(obs, lines.filter((l) => !/^r0000[24],/.test(l)).join('\n'));
    const planned = await plan('gep', { dataset: bad }, fileSources());
    const inMemory = await compute(planned).catch((e: unknown) => e);
    expect(inMemory).toBeInstanceOf(IssuesError);
    const dir = join(tmp, 'bad-run');
    let streamed: unknown;
    try {
      streamAccount(planned.loaded, { trace: true, chunk: 2 }, dir);
    } catch (e) {
      streamed = e;
    }
    expect(streamed).toBeInstanceOf(IssuesError);
    const messages = (e: unknown) => (e as IssuesError).issues.map((i) => i.message).sort();
    expect(messages(streamed)).toEqual(messages(inMemory));
    expect(messages(streamed).some((m) => m.includes('r00002'))).toBe(true);
    expect(messages(streamed).some((m) => m.includes('r00004'))).toBe(true);
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.includes('.stream-'))).toEqual([]);
  });

  it('the terminal prints a large account’s first and last regions and says where the rest is', async () => {
    const big = join(tmp, 'big');
    writeDatasetFolder(big, 12, [2022]);
    const r = await gep('account', '-d', big, '--no-trace', '-o', join(tmp, 'big-runs'));
    expect(r.status, r.stderr).toBe(0);
    for (const region of ['r00001', 'r00003', 'r00010', 'r00012']) expect(r.stdout).toContain(`Services, ${region} 2022`);
    expect(r.stdout).not.toContain('Services, r00004 2022');
    expect(r.stdout).not.toMatch(/^r00006 {2}2022/m);
    expect(r.stdout).toContain("6 more regions not shown (r00004 … r00009): summary.md has every region's tables");
    const summary = readFileSync(join(tmp, 'big-runs', readdirSync(join(tmp, 'big-runs'))[0]!, 'summary.md'), 'utf8');
    expect(summary).toContain('## Services, r00006 2022');
  });
});
