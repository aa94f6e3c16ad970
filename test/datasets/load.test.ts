import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dec } from '../../engine/core/decimal.ts';
import type { Issue } from '../../engine/core/errors.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import type { CompiledModel } from '../../engine/model/types.ts';
import { loadDataset, type Dataset } from '../../datasets/load.ts';
import { loadModel } from '../../models/load.ts';
import { copySample, damageMany, editLine, MANY_PROBLEMS, readLines, SAMPLE_DIR, setCell, writeLines } from '../fixtures/sample-copy.ts';

let model: CompiledModel;
beforeAll(() => {
  model = loadModel('cn-gep-2022');
});

const made: string[] = [];
function fresh(): string {
  const dir = copySample();
  made.push(dirname(dir));
  return dir;
}
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Load a dataset that must be refused; return its issues (and check that nothing was returned). */
function issuesOf(dir: string): Issue[] {
  let ds: Dataset | undefined;
  try {
    ds = loadDataset(dir, model);
  } catch (e) {
    expect(e).toBeInstanceOf(IssuesError);
    expect((e as IssuesError).kind).toBe('dataset');
    return (e as IssuesError).issues;
  }
  throw new Error(`expected the dataset to be refused, got ${ds?.manifest.id}`);
}

/** file name without the (cwd-relative) folder, plus row, column and code: what a user needs to find it. */
const where = (i: Issue) => ({ code: i.code, file: i.file === undefined ? undefined : basename(i.file), row: i.row, column: i.column });

describe('loadDataset on the sample', () => {
  it('loads the shipped sample with no warnings', () => {
    const ds = loadDataset(SAMPLE_DIR, model);
    expect(ds.regions).toEqual(['tianfu']);
    expect(ds.years).toEqual([2020, 2021, 2022]);
    expect(ds.warnings).toEqual([]);
    expect(ds.values('tianfu', 2020)!.get('precipitation')!.get('')!.eq(dec('1021.4'))).toBe(true);
    expect(ds.extentChange).toHaveLength(18);
  });
});

describe('loadDataset reports every problem at once', () => {
  it('five problems in three files: each with its file, line, column and code, in one throw', () => {
    const dir = fresh();
    damageMany(dir);
    const issues = issuesOf(dir);
    expect(issues.map(where)).toEqual(expect.arrayContaining(MANY_PROBLEMS.map((p) => ({ ...p }))));
    expect(issues).toHaveLength(MANY_PROBLEMS.length);
    // Messages name the offending text and, for the duplicate, the first line.
    const msg = (code: string) => issues.find((i) => i.code === code)!.message;
    expect(msg('key_unknown')).toContain('savanna');
    expect(msg('below_minimum')).toContain('-5600');
    expect(msg('not_a_number')).toContain('n/a');
    expect(msg('duplicate_row')).toContain('line 2');
    expect(msg('column_missing')).toContain('to_type');
    // The file is given as a path (relative to the working folder) that leads to the damaged copy.
    for (const i of issues) expect(join(process.cwd(), i.file!)).toBe(join(dir, basename(i.file!)));
  });

  it('a file that is not UTF-8 (latin-1 "é") → not_utf8, naming the file', () => {
    const dir = fresh();
    const lines = readLines(dir, 'extent.csv');
    const latin1 = Buffer.concat([
      Buffer.from(lines.slice(0, 2).join('\n') + '\n', 'utf8'),
      Buffer.from(setCell(lines[2]!, 4, 'relev'), 'latin1'),
      Buffer.from([0x72, 0xe9, 0x73, 0x75, 0x6d, 0xe9, 0x0a]), // "résumé" in latin-1 (continues the source cell)
      Buffer.from(lines.slice(3).join('\n') + '\n', 'utf8'),
    ]);
    writeFileSync(join(dir, 'extent.csv'), latin1);
    const issues = issuesOf(dir);
    expect(issues.map(where)).toEqual([{ code: 'not_utf8', file: 'extent.csv', row: undefined, column: undefined }]);
  });

  it('a value in t for precipitation (mm) → unit_mismatch on the unit column', () => {
    const dir = fresh();
    editLine(dir, 'observations.csv', 2, 'tianfu,2020,precipitation,,1021.4,mm,', (t) => setCell(t, 5, 't'));
    const issues = issuesOf(dir);
    expect(issues.map(where)).toEqual([{ code: 'unit_mismatch', file: 'observations.csv', row: 2, column: 'unit' }]);
    expect(issues[0]!.message).toContain('mm');
  });

  it('a convertible unit is accepted and converted exactly: 1.0214 m → 1021.4 mm', () => {
    const dir = fresh();
    editLine(dir, 'observations.csv', 2, 'tianfu,2020,precipitation,,1021.4,mm,', (t) => setCell(setCell(t, 4, '1.0214'), 5, 'm'));
    const ds = loadDataset(dir, model);
    const v = ds.values('tianfu', 2020)!.get('precipitation')!.get('')!;
    expect(v.eq(dec('1021.4'))).toBe(true);
    expect(v.toString()).toBe('1021.4');
    // and the mm value of another year is untouched
    expect(ds.values('tianfu', 2022)!.get('precipitation')!.get('')!.toString()).toBe('812.6');
  });

  it('an unknown region and a year not in the manifest → region_unknown / year_unknown', () => {
    const dir = fresh();
    editLine(dir, 'observations.csv', 2, 'tianfu,2020,precipitation,', (t) => setCell(t, 0, 'chengdu'));
    editLine(dir, 'observations.csv', 3, 'tianfu,2020,evapotranspiration,', (t) => setCell(t, 1, '2019'));
    editLine(dir, 'extent.csv', 13, 'tianfu,2020,bare_land,', (t) => setCell(t, 1, '2023'));
    const issues = issuesOf(dir);
    expect(issues.map(where)).toEqual(
      expect.arrayContaining([
        { code: 'region_unknown', file: 'observations.csv', row: 2, column: 'region' },
        { code: 'year_unknown', file: 'observations.csv', row: 3, column: 'year' },
        { code: 'year_unknown', file: 'extent.csv', row: 13, column: 'year' },
      ]),
    );
    expect(issues).toHaveLength(3);
    expect(issues.find((i) => i.code === 'region_unknown')!.message).toContain('chengdu');
  });

  it('a row with the wrong number of cells → cell_count on that line', () => {
    const dir = fresh();
    editLine(dir, 'observations.csv', 10, 'tianfu,2020,soil_erodibility,', (t) => `${t},extra`);
    editLine(dir, 'price-index.csv', 4, 'cpi,2012,', () => 'cpi,2012,108.1404');
    const issues = issuesOf(dir);
    expect(issues.map(where)).toEqual(
      expect.arrayContaining([
        { code: 'cell_count', file: 'observations.csv', row: 10, column: undefined },
        { code: 'cell_count', file: 'price-index.csv', row: 4, column: undefined },
      ]),
    );
    expect(issues).toHaveLength(2);
  });

  it('counts lines, not records, when a quoted cell spans two lines', () => {
    const dir = fresh();
    // line 2's source becomes a two-line quoted cell, so the file's line 4 is the third record
    editLine(dir, 'observations.csv', 2, 'tianfu,2020,precipitation,', (t) => setCell(t, 6, '"two\nlines"'));
    editLine(dir, 'observations.csv', 4, 'tianfu,2020,evapotranspiration,coniferous_forest,', (t) => setCell(t, 4, 'x'));
    const issues = issuesOf(dir);
    expect(issues.map(where)).toEqual([{ code: 'not_a_number', file: 'observations.csv', row: 4, column: 'value' }]);
  });

  it('manifest problems (licence removed, years a string) → schema_invalid with the path, all at once', () => {
    const dir = fresh();
    const yaml = readFileSync(join(dir, 'dataset.yaml'), 'utf8');
    expect(yaml).toContain('licence: CC-BY-4.0\n');
    expect(yaml).toContain('years: [2020, 2021, 2022]\n');
    writeFileSync(
      join(dir, 'dataset.yaml'),
      yaml.replace('licence: CC-BY-4.0\n', '').replace('years: [2020, 2021, 2022]', 'years: "2020"'),
    );
    const issues = issuesOf(dir);
    expect(issues.every((i) => i.code === 'schema_invalid' && basename(i.file!) === 'dataset.yaml')).toBe(true);
    expect(issues.map((i) => i.path).sort()).toEqual(['licence', 'years']);
  });

  it('extent-change.csv whose margins do not match extent.csv → change_margin for both sides', () => {
    const dir = fresh();
    editLine(dir, 'extent-change.csv', 19, 'tianfu,2020,2022,bare_land,wetland,50', (t) => setCell(t, 5, '60'));
    const issues = issuesOf(dir);
    expect(issues.every((i) => i.code === 'change_margin' && basename(i.file!) === 'extent-change.csv')).toBe(true);
    expect(issues).toHaveLength(2);
    const text = issues.map((i) => i.message).join('\n');
    expect(text).toMatch(/opening margin for bare_land is 1860 ha but extent\.csv gives 1850 ha for 2020/);
    expect(text).toMatch(/closing margin for wetland is 1210 ha but extent\.csv gives 1200 ha for 2022/);
  });

  it('a variable the model does not use → no error, a variable_unused warning with its line', () => {
    const dir = fresh();
    writeLines(dir, 'observations.csv', [...readLines(dir, 'observations.csv'), 'tianfu,2020,groundwater_recharge,,12,mm,test']);
    const ds = loadDataset(dir, model);
    expect(ds.warnings.map(where)).toEqual([{ code: 'variable_unused', file: 'observations.csv', row: 290, column: 'variable' }]);
    expect(ds.warnings[0]!.message).toContain('groundwater_recharge');
    expect(ds.values('tianfu', 2020)!.has('groundwater_recharge')).toBe(false);
  });
});

describe('dataset hash', () => {
  it('is identical for two copies of the same files (and the shipped folder)', () => {
    const a = loadDataset(fresh(), model),
      b = loadDataset(fresh(), model),
      s = loadDataset(SAMPLE_DIR, model);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
    expect(s.hash).toBe(a.hash);
    expect(b.files).toEqual(a.files);
  });

  it('changes when one byte of any file changes (the data stays valid)', () => {
    const base = loadDataset(SAMPLE_DIR, model).hash;
    // one same-length replacement per file, chosen so the dataset still loads
    const flips: [string, string, string][] = [
      ['dataset.yaml', 'Tianfu New Area (illustrative sample)', 'Tianfu New Area (illustrative Sample)'],
      ['extent.csv', 'tianfu,2022,bare_land,1600,illustrative', 'tianfu,2022,bare_land,1600,Illustrative'],
      ['observations.csv', '18.5,CNY/m2,illustrative (hedonic', '18.5,CNY/m2,Illustrative (hedonic'],
      ['price-index.csv', 'base year (2010 = 100)', 'base year (2010 = 10O)'],
      ['extent-change.csv', 'bare_land,wetland,50\n', 'bare_land,wetland,50 '],
      // the carbon files are part of the dataset too (its hash identifies carbon runs as well)
      ['carbon-activity.csv', 'tianfu,2022,sink,forest,,610000', 'tianfu,2022,sink,forest,,610001'],
      ['entities.csv', 'Luxi residential community', 'Luxi Residential community'],
      [
        'entity-activity.csv',
        'luxi-community,2022-12,fuel,lpg,residential_urban,7,',
        'luxi-community,2022-12,fuel,lpg,residential_urban,8,',
      ],
      // indicators.csv (issue 15) is hashed like every other table
      ['indicators.csv', 'tianfu,2022,satisfaction,91.0', 'tianfu,2022,satisfaction,91.1'],
    ];
    const seen = new Set([base]);
    for (const [file, from, to] of flips) {
      expect(to).toHaveLength(from.length);
      const dir = fresh();
      const before = readFileSync(join(dir, file));
      const text = before.toString('utf8');
      expect(text.split(from)).toHaveLength(2); // exactly one occurrence
      const after = Buffer.from(text.replace(from, to), 'utf8');
      expect(after.length).toBe(before.length);
      expect([...after].filter((x, n) => x !== before[n])).toHaveLength(1);
      writeFileSync(join(dir, file), after);
      const ds = loadDataset(dir, model);
      expect(ds.hash, file).not.toBe(base);
      expect(seen.has(ds.hash), file).toBe(false);
      seen.add(ds.hash);
      // only the changed file's own sha256 differs
      expect(
        ds.files.filter((f) => f.sha256 !== loadDataset(SAMPLE_DIR, model).files.find((g) => g.name === f.name)!.sha256).map((f) => f.name),
      ).toEqual([file]);
    }
  });
});

describe('nothing is half-loaded', () => {
  it('a refused dataset yields no object; the same copy, repaired, yields a whole one', () => {
    const dir = fresh();
    const good = readFileSync(join(dir, 'observations.csv'));
    editLine(dir, 'observations.csv', 3, 'tianfu,2020,evapotranspiration,coniferous_forest,', (t) => setCell(t, 4, 'n/a'));
    let ds: Dataset | undefined;
    let thrown: unknown;
    try {
      ds = loadDataset(dir, model);
    } catch (e) {
      thrown = e;
    }
    expect(ds).toBeUndefined();
    expect(thrown).toBeInstanceOf(IssuesError);
    // only the bad row is reported: the valid rows of the same file were read but not returned
    expect((thrown as IssuesError).issues.map(where)).toEqual([
      { code: 'not_a_number', file: 'observations.csv', row: 3, column: 'value' },
    ]);

    writeFileSync(join(dir, 'observations.csv'), good);
    const ok = loadDataset(dir, model);
    expect(ok.hash).toBe(loadDataset(SAMPLE_DIR, model).hash);
    for (const y of [2020, 2021, 2022]) {
      expect(ok.values('tianfu', y)!.get('area')!.size).toBe(12);
      expect(ok.values('tianfu', y)!.get('evapotranspiration')!.get('coniferous_forest')).toBeDefined();
    }
  });

  it('a dataset with problems in only one file is still refused as a whole', () => {
    const dir = fresh();
    editLine(dir, 'price-index.csv', 14, 'cpi,2022,', (t) => setCell(t, 2, '0'));
    const issues = issuesOf(dir);
    expect(issues.map(where)).toEqual([{ code: 'not_positive', file: 'price-index.csv', row: 14, column: 'index' }]);
  });
});
