import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDatasetFolder } from '../../bench/batch/dataset-folder.ts';
import { untidy } from '../helpers/untidy-folder.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import { type Dataset, loadDataset } from '../../datasets/load.ts';
import { indexCsv } from '../../datasets/csv-spans.ts';
import { loadDatasetByRegion, RegionWindow } from '../../datasets/load-by-region.ts';
import { COLUMNS } from '../../datasets/manifest.ts';
import { loadModel } from '../../models/load.ts';

// `gep account -d` reads its dataset by region (datasets/load-by-region.ts): the same Dataset as loadDataset's, the
// same problems thrown, and never the long tables whole.
const model = loadModel('cn-gep-2022');
const tmp = mkdtempSync(join(tmpdir(), 'gep-by-region-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const ROOT = resolve(import.meta.dirname, '../..');

/** Everything a run reads of a dataset, as text. */
function facts(d: Dataset) {
  const kv = <T>(m: Map<string, Map<string, T>> | undefined, f: (v: T) => unknown) =>
    [...(m ?? [])].map(([k, byKey]) => [k, [...byKey].map(([key, v]) => [key, f(v)])]);
  return {
    keys: Object.keys(d),
    hash: d.hash,
    files: d.files,
    regions: d.regions,
    years: d.years,
    deflator: d.deflator,
    given: !!d.given,
    values: d.regions.flatMap((r) => d.years.map((y) => kv(d.values(r, y), String))),
    givenValues: d.regions.flatMap((r) => d.years.map((y) => kv(d.given?.(r, y), (v) => [String(v.value), v.row]))),
    prices: d.years.map((y) => String(d.priceIndex(d.deflator, y))),
    local: JSON.stringify([...(d.localCoefficients ?? [])].map(([k, m]) => [k, [...m]])),
    economy: !!d.economy,
    warnings: d.warnings.map((w) => JSON.stringify(w)).sort(),
    notes: d.notes,
  };
}

async function refusal(p: Promise<unknown>): Promise<IssuesError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(IssuesError);
  return e as IssuesError;
}

describe('loadDatasetByRegion', () => {
  const folders = {
    sample: join(ROOT, 'datasets/tianfu-sample'),
    'park city': join(ROOT, 'datasets/tianfu-park-city'),
    baiyangdian: join(ROOT, 'datasets/published/baiyangdian-2011'),
    garze: join(ROOT, 'datasets/published/garze-2010'),
  };
  for (const [name, dir] of Object.entries(folders))
    it(`${name}: the same dataset as loadDataset's`, async () => {
      const m = name === 'park city' ? loadModel('park-city-gep-2023') : model;
      expect(facts(await loadDatasetByRegion(dir, m))).toEqual(facts(loadDataset(dir, m)));
    });

  it("rows out of region order, a byte order mark, CRLF, empty lines, a quoted line break: loadDataset's dataset, lines and all", async () => {
    const dir = untidy(join(tmp, 'untidy'));
    const d = await loadDatasetByRegion(dir, model);
    expect(facts(d)).toEqual(facts(loadDataset(dir, model)));
    expect(d.regions).toHaveLength(6);
  });

  it("rows out of region order with units to convert, names to map and variables the model does not use: loadDataset's notes and warnings, in its order", async () => {
    const dir = writeDatasetFolder(join(tmp, 'notes'), 6, [2021, 2022]);
    const shuffle = (rows: string[]) => Array.from({ length: 5 }, (_, s) => rows.filter((_, n) => n % 5 === s)).flat();
    const [eHead, ...eRows] = readFileSync(join(dir, 'extent.csv'), 'utf8').trimEnd().split('\n');
    const extent = eRows.map((r, n) => {
      const c = r.split(',');
      if (c[2] === 'coniferous_forest') c[2] = '针叶林';
      if (n % 4 === 1) return `${[c[0], c[1], c[2], String(Number(c[3]) * 15), c[4]].join(',')},亩`;
      return `${c.join(',')},`;
    });
    writeFileSync(join(dir, 'extent.csv'), `${[`${eHead},unit`, ...shuffle(extent)].join('\n')}\n`);
    const [oHead, ...oRows] = readFileSync(join(dir, 'observations.csv'), 'utf8').trimEnd().split('\n');
    const unused = ['r00001', 'r00004', 'r00006'].flatMap((r) => [`${r},2021,not_an_input,,1,mm,x`, `${r},2022,not_an_input,,2,mm,x`]);
    const obs = oRows.map((r) => r.replace(/,precipitation,,([\d.]+),mm,/, (_, v: string) => `,precipitation,,${Number(v) / 1000},m,`));
    writeFileSync(join(dir, 'observations.csv'), `${[oHead, ...shuffle([...obs, ...unused])].join('\n')}\n`);
    const want = loadDataset(dir, model);
    expect(want.notes.length).toBeGreaterThanOrEqual(3);
    expect(want.warnings.length).toBe(6);
    const d = await loadDatasetByRegion(dir, model);
    expect(d.notes).toEqual(want.notes);
    expect(d.warnings).toEqual(want.warnings);
    expect(facts(d)).toEqual(facts(want));
  });

  const broken: [string, (dir: string) => void][] = [
    ['a duplicate row', (d) => appendFileSync(join(d, 'observations.csv'), 'r00002,2021,precipitation,,900,mm,again\n')],
    ['a bad number and a bad key', (d) => appendFileSync(join(d, 'extent.csv'), 'r00001,2021,forest,1e999999,x\nr00003,2020,swamp,5,x\n')],
    ['a region not in the manifest', (d) => appendFileSync(join(d, 'observations.csv'), 'r99999,2021,precipitation,,900,mm,x\n')],
    ['a CSV syntax error', (d) => appendFileSync(join(d, 'observations.csv'), 'r00001,2021,"precipitation,,900,mm,x\n')],
    ['a row of too few cells', (d) => appendFileSync(join(d, 'extent.csv'), 'r00001,2021\n')],
    ['bytes that are not UTF-8', (d) => appendFileSync(join(d, 'observations.csv'), Buffer.from([0x72, 0xff, 0x0a]))],
  ];
  for (const [what, breakIt] of broken)
    it(`${what}: the problems loadDataset throws, all of them`, async () => {
      const dir = join(tmp, what.replace(/\W+/g, '-'));
      untidy(dir);
      breakIt(dir);
      const want = (() => {
        try {
          loadDataset(dir, model);
        } catch (e) {
          return e as IssuesError;
        }
        throw new Error('loadDataset did not refuse it');
      })();
      expect((await refusal(loadDatasetByRegion(dir, model))).issues).toEqual(want.issues);
    });

  it('a table changed after it was read is refused when a region is read from it', async () => {
    const dir = join(tmp, 'changed');
    writeDatasetFolder(dir, 10, [2021, 2022]);
    const d = await loadDatasetByRegion(dir, model);
    expect(d.values('r00001', 2021)).toBeDefined();
    appendFileSync(join(dir, 'observations.csv'), 'r00010,2022,precipitation,,1,mm,later\n');
    expect(() => d.values('r00010', 2021)).toThrow(/observations\.csv changed while the dataset was being read/);
  });

  it('touches every region-year of 60 regions within a 48 MiB heap (loadDataset runs out of it)', () => {
    const dir = writeDatasetFolder(join(tmp, 'sixty'), 60, [2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022]);
    const run = (loader: string) =>
      spawnSync(
        process.execPath,
        [
          '--max-old-space-size=48',
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          `import { loadDataset } from ${JSON.stringify(join(ROOT, 'datasets/load.ts'))};
import { loadDatasetByRegion } from ${JSON.stringify(join(ROOT, 'datasets/load-by-region.ts'))};
import { loadModel } from ${JSON.stringify(join(ROOT, 'models/load.ts'))};
const model = loadModel('cn-gep-2022');
const d = await ${loader}(${JSON.stringify(dir)}, model);
let n = 0;
for (const r of d.regions) for (const y of d.years) n += d.values(r, y).size;
console.log(n);`,
        ],
        { encoding: 'utf8', cwd: ROOT },
      );
    const byRegion = run('loadDatasetByRegion');
    expect(byRegion.stderr).not.toMatch(/heap out of memory/);
    expect(byRegion.stdout.trim()).toBe(String(60 * 10 * 27));
    expect(run('loadDataset').stderr).toMatch(/heap out of memory/);
  }, 120_000);
});

describe('RegionWindow', () => {
  it('keeps the regions asked last, reads one again once it has left', () => {
    const read: string[] = [];
    const w = new RegionWindow((r) => {
      read.push(r);
      return r.toUpperCase();
    }, 2);
    expect([w.get('a'), w.get('b'), w.get('a'), w.get('c'), w.get('a'), w.get('b')]).toEqual(['A', 'B', 'A', 'C', 'A', 'B']);
    // c pushed b out (a was asked after b); b pushed c out
    expect(read).toEqual(['a', 'b', 'c', 'b']);
    expect(w.reads).toBe(4);
  });
});

describe('indexCsv', () => {
  it('an exception of its onRun is thrown, not taken for a problem of the table (which would read the dataset whole, only slower)', async () => {
    const dir = writeDatasetFolder(join(tmp, 'throws'), 2, [2021]);
    const fail = () => {
      throw new Error('a bug in the check');
    };
    const index = (onRun: () => void) =>
      indexCsv(join(dir, 'extent.csv'), 'extent.csv', COLUMNS.extent, ['unit'], new Set(['r00001', 'r00002']), () => {}, onRun);
    expect(await index(() => {})).toBeDefined();
    await expect(index(fail)).rejects.toThrow('a bug in the check');
  });
});
