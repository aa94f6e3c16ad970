import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { IssuesError } from '../../engine/core/errors.ts';
import { compute, type InputOf, KIND_NAMES, type KindName, plan, RUN_KINDS } from '../../runs/registry.ts';
import { fileSources } from '../../runs/sources.ts';
import { copySample, editLine, readLines, setCell, writeLines } from '../fixtures/sample-copy.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const sources = fileSources();
const tmp: string[] = [];
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});
const sample = () => {
  const dir = copySample('gep-registry-');
  tmp.push(resolve(dir, '..'));
  return dir;
};
const idOf = async <K extends KindName>(kind: K, input: InputOf<K>) => (await plan(kind, input, sources)).id;

/** The sample with a second region, tianfu_b, a copy of tianfu row for row (to ask for regions in two orders). */
function twoRegions(): string {
  const dir = sample();
  const manifest = YAML.parse(readFileSync(join(dir, 'dataset.yaml'), 'utf8'));
  manifest.regions.push({ ...manifest.regions[0], id: 'tianfu_b' });
  writeFileSync(join(dir, 'dataset.yaml'), YAML.stringify(manifest));
  for (const f of ['extent.csv', 'observations.csv', 'extent-change.csv', 'economy.csv', 'carbon-activity.csv']) {
    const lines = readLines(dir, f);
    writeLines(dir, f, [...lines, ...lines.filter((l) => l.startsWith('tianfu,')).map((l) => l.replace(/^tianfu,/, 'tianfu_b,'))]);
  }
  return dir;
}

describe('the registry of run kinds', () => {
  it('lists every kind, each with options, load, identity, compute, rows, traces and files', () => {
    expect(KIND_NAMES).toEqual([
      'gep',
      'dual',
      'carbon',
      'carbon_uncertainty',
      'uncertainty',
      'batch',
      'compare',
      'eod',
      'asset',
      'index',
      'finance',
    ]);
    for (const k of KIND_NAMES) {
      expect(RUN_KINDS[k].kind).toBe(k);
      for (const f of ['load', 'identity', 'compute', 'rows', 'traces', 'files'] as const)
        expect(typeof RUN_KINDS[k][f], `${k}.${f}`).toBe('function');
    }
  });

  it('names each run before computing it as the computed run names itself', async () => {
    const asks: { [K in KindName]: InputOf<K> } = {
      gep: { years: [2022] },
      dual: { years: [2021, 2022] },
      carbon: { parts: ['inventory'], years: [2021, 2022] },
      carbon_uncertainty: { scenario: 'scenarios/carbon-factors-revised.yaml', draws: 5, seed: 3 },
      uncertainty: { draws: 10, seed: 3 },
      batch: { synthetic: { regions: 2, years: [2022] } },
      compare: { scenarios: ['scenarios/greenway.yaml'], baseYear: 2020 },
      eod: { project: 'tianfu-greenway-eod', draws: 5, seed: 3 },
      asset: { spec: 'tianfu-asset' },
      index: { years: [2021, 2022] },
      finance: { credit: { ratio: '0.25' } },
    };
    for (const k of KIND_NAMES) {
      const p = await plan(k, asks[k], sources);
      const result = await compute(p);
      expect(result.meta.id, k).toBe(p.id);
      expect(p.id, k).toMatch(/^[0-9a-f]{16}$/);
      expect(Object.keys(RUN_KINDS[k].files(result as never)), k).toContain('results.csv');
    }
  });

  it('refuses options a kind does not have, and values out of range, naming the option', async () => {
    const bad = await plan('gep', { colour: 'red' } as never, sources).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(IssuesError);
    const draws = await plan('uncertainty', { draws: 0, seed: 1 }, sources).catch((e: IssuesError) => e.issues);
    expect(draws).toMatchObject([{ code: 'option_invalid', path: 'draws' }]);
    // the upper bounds of runs/limits.ts hold for every caller of the registry, not only the CLI
    const many = await plan('uncertainty', { draws: 2_000_000, seed: 1 }, sources).catch((e: IssuesError) => e.issues);
    expect(many).toMatchObject([{ code: 'option_invalid', path: 'draws' }]);
    const carbonMany = await plan('carbon_uncertainty', { draws: 2_000_000, seed: 1 }, sources).catch((e: IssuesError) => e.issues);
    expect(carbonMany).toMatchObject([{ code: 'option_invalid', path: 'draws' }]);
    const region = await plan('gep', { regions: ['atlantis'] }, sources).catch((e: IssuesError) => e.issues);
    expect(region).toMatchObject([{ code: 'region_unknown', path: 'regions.0' }]);
  });
});

describe('run ids', () => {
  const base = { regions: ['tianfu'], years: [2021, 2022] };

  it('differ when anything in the identity differs', async () => {
    const edited = sample();
    // observations.csv line 2: the precipitation of 2020 (any byte of the data changes its hash)
    editLine(edited, 'observations.csv', 2, 'tianfu,2020,precipitation,', (l) => setCell(l, 4, '1001'));
    const two = twoRegions();
    const reference = await idOf('gep', base);
    const variations: [string, Promise<string>][] = [
      ['model', idOf('gep', { ...base, model: 'esv-equivalent-2015' })],
      ['dataset content', idOf('gep', { ...base, dataset: edited })],
      ['scenario', idOf('gep', { ...base, scenario: 'scenarios/greenway.yaml' })],
      ['regions', idOf('gep', { ...base, dataset: two, regions: ['tianfu', 'tianfu_b'] })],
      ['years', idOf('gep', { ...base, years: [2022] })],
      ['base year', idOf('gep', { ...base, baseYear: 2021 })],
      ['traces', idOf('gep', { ...base, trace: false })],
      ['kind', idOf('dual', { ...base, trace: true })],
    ];
    const ids = [reference, ...(await Promise.all(variations.map(([, p]) => p)))];
    expect(new Set(ids).size, variations.map(([what], n) => `${what} ${ids[n + 1]}`).join(', ')).toBe(ids.length);

    const carbon = { parts: ['inventory', 'dualcontrol'] as const, years: [2021, 2022] };
    const carbonIds = await Promise.all([
      idOf('carbon', { ...carbon, parts: [...carbon.parts] }),
      idOf('carbon', { ...carbon, parts: [...carbon.parts], grid: { geography: 'national', kind: 'average', vintage: 'year' } }),
      idOf('carbon', { ...carbon, parts: [...carbon.parts], dual: { energyIntensity: '0.14' } }),
      idOf('carbon', { ...carbon, parts: ['inventory'] }),
      idOf('carbon', { ...carbon, parts: [...carbon.parts], dataset: edited }),
    ]);
    expect(new Set(carbonIds).size).toBe(carbonIds.length);
  });

  it('are equal when only what is not in the identity differs', async () => {
    const reference = await idOf('gep', base);
    const copy = sample(); // the same bytes at another path
    expect(await idOf('gep', { ...base, dataset: copy })).toBe(reference);
    expect(await idOf('gep', { ...base, years: [2022, 2021, 2022] })).toBe(reference);
    expect(await idOf('gep', { ...base, baseYear: 2020 })).toBe(reference); // the dataset's price year, the default
    // regions are accounted in the dataset's order, whatever order they were asked in: one id, one set of bytes
    const two = twoRegions();
    const ab = await plan('gep', { dataset: two, regions: ['tianfu', 'tianfu_b'], years: [2022] }, sources);
    const ba = await plan('gep', { dataset: two, regions: ['tianfu_b', 'tianfu'], years: [2022] }, sources);
    expect(ba.id).toBe(ab.id);
    const [runAb, runBa] = [await compute(ab), await compute(ba)];
    expect(RUN_KINDS.gep.files(runBa)).toEqual(RUN_KINDS.gep.files(runAb));
    // worker threads and chunk sizes change how, not what
    const draws = { draws: 10, seed: 1 };
    expect(await idOf('uncertainty', { ...draws, workers: 2 })).toBe(await idOf('uncertainty', draws));
    const gen = { synthetic: { regions: 4, years: [2022] } };
    expect(await idOf('batch', { ...gen, workers: 2, chunk: 1 })).toBe(await idOf('batch', gen));
    // a spec is named by what it says: a byte-identical copy elsewhere is the same spec
    const specCopy = join(mkdtempSync(join(tmpdir(), 'gep-spec-')), 'spec.yaml');
    tmp.push(resolve(specCopy, '..'));
    copyFileSync(join(ROOT, 'models/dual/cn-dual-2022.yaml'), specCopy);
    expect(await idOf('dual', { ...base, spec: specCopy })).toBe(await idOf('dual', base));
  });
});

describe('layers', () => {
  /** Every relative import of the TypeScript files under a folder of the repository. */
  const importsOf = (folder: string) =>
    (readdirSync(join(ROOT, folder), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) =>
        [...readFileSync(join(ROOT, folder, f), 'utf8').matchAll(/from '(\.[^']+)'/g)].map((m) => ({
          f,
          to: resolve(ROOT, folder, f, '..', m[1]!),
        })),
      );
  const into = (to: string, folder: string) => to.startsWith(join(ROOT, folder) + '/');

  it('lib imports nothing from reports, runs, api or cli; reports nothing from runs, api or cli (issue 9: lib <-> reports)', () => {
    for (const { f, to } of importsOf('lib'))
      for (const up of ['reports', 'runs', 'api', 'cli']) expect(into(to, up), `lib/${f} imports ${to}`).toBe(false);
    for (const { f, to } of importsOf('reports'))
      for (const up of ['runs', 'api', 'cli']) expect(into(to, up), `reports/${f} imports ${to}`).toBe(false);
  });
});
