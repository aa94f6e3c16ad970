/**
 * Ecosystem classes as published (issue 10 item 3): a published account's table writes 林地, 草地, 耕地, 水域,
 * 建设用地 or `forest`; a level-1 class stands where the data has no finer split and the model's coefficients for
 * that group apply; aliases are one thing each; every unknown name gets the closest names.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { str } from '../../engine/core/decimal.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import { accountGep } from '../../engine/gep/account.ts';
import { nameTable, normalName, resolveKey } from '../../engine/model/key-names.ts';
import { loadDataset } from '../../datasets/load.ts';
import { compileModelData, loadModel, MODELS_DIR, readLock } from '../../models/load.ts';
import { copySample, readLines, SAMPLE_DIR, writeLines } from '../fixtures/sample-copy.ts';

const CLASSIFICATION = YAML.parse(readFileSync(join(MODELS_DIR, 'classifications/ecosystem-type.yaml'), 'utf8')) as {
  label: { zh: string; en: string };
  groups: Record<string, { zh: string; en: string }>;
  keys: Record<string, { zh: string; en: string; group?: string }>;
  aliases: Record<string, string[]>;
};
const label = { zh: '测试', en: 'test' };

/** A one-service model over the shipped classification: value = area × cover, with cover by type or group row. */
function classModel(cover: Record<string, string>, aliases = CLASSIFICATION.aliases) {
  const { label: l, groups, keys } = CLASSIFICATION;
  return compileModelData({
    id: 'classes',
    version: '0.0.1',
    status: 'draft',
    title: label,
    description: 'area × cover over the shipped ecosystem classification',
    sources: [{ id: 't', citation: 'test' }],
    categories: [{ id: 'regulating', label }],
    dimensions: { ecosystem_type: { label: l, groups, keys, aliases } },
    inputs: { area: { label, unit: 'ha', dims: ['ecosystem_type'], table: 'extent', min: '0' } },
    coefficients: {
      cover: { label, unit: '1', dims: ['ecosystem_type'], entries: [{ from: 2000, table: cover, source: 'test table' }] },
      price: { label, unit: 'CNY/ha', price_index: 'cpi', entries: [{ from: 2020, value: '1', source: 'test' }] },
    },
    services: [
      {
        id: 'cover_service',
        category: 'regulating',
        label,
        method: label,
        physical: { unit: 'ha', over: { ecosystem_type: ['forest', 'grassland', 'farmland', 'water'] }, formula: 'area * cover' },
        money: { unit: 'CNY', formula: 'physical * price' },
      },
    ],
  });
}

/** A dataset folder with the given extent rows (region r, years 2020–2021) and nothing else. */
function dataset(extent: string[]): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'gep-classes-')), 'ds');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'dataset.yaml'),
    YAML.stringify({
      id: 'classes',
      name: label,
      description: 'a published account written with its own class names',
      illustrative: true,
      licence: 'test',
      currency: 'CNY',
      price_year: 2020,
      regions: [{ id: 'r', name: label }],
      years: [2020, 2021],
      sources: [{ id: 't', citation: 'test' }],
      files: { extent: 'extent.csv', observations: 'observations.csv', price_index: 'price-index.csv' },
    }),
  );
  writeFileSync(join(dir, 'extent.csv'), ['region,year,ecosystem_type,area_ha,source', ...extent].join('\n') + '\n');
  writeFileSync(join(dir, 'observations.csv'), 'region,year,variable,key,value,unit,source\n');
  writeFileSync(join(dir, 'price-index.csv'), 'series,year,index,source\ncpi,2020,100,t\ncpi,2021,100,t\n');
  return dir;
}
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof IssuesError) return e.issues;
    throw e;
  }
  throw new Error('not refused');
};

describe('a published account’s own classes and Chinese names', () => {
  const model = classModel({ forest: '2', coniferous_forest: '5', grassland: '3', farmland: '0.5', water_body: '0.1' });

  it('loads extent rows 林地, 草地, 耕地, 水域, 建设用地 and forest, each mapped to its key and noted', () => {
    const ds = loadDataset(
      dataset([
        'r,2020,林地,1000,t',
        'r,2020,草地,500,t',
        'r,2020,耕地,300,t',
        'r,2020,水域,200,t',
        'r,2020,建设用地,100,t',
        'r,2021,forest,1000,t',
        'r,2021,Grassland,500,t',
        'r,2021,cropland,300,t',
        'r,2021,water,200,t',
        'r,2021,town,100,t',
      ]),
      model,
    );
    const keys = (y: number) => Object.fromEntries([...ds.values('r', y)!.get('area')!].map(([k, v]) => [k, str(v)]));
    const want = { forest: '1000', grassland: '500', farmland: '300', water_body: '200', built_up: '100' };
    expect(keys(2020)).toEqual(want);
    expect(keys(2021)).toEqual(want);
    const notes = ds.notes.map((n) => n.replace(/^.*extent\.csv: /, ''));
    expect(notes).toContain("ecosystem type 林地 → forest (level-1 class 森林: its coefficients are the class's), line 2");
    expect(notes).toContain('ecosystem type 建设用地 → built_up, line 6');
    expect(notes).toContain('ecosystem type 水域 → water_body, line 5'); // water has one type: the class is that type
    expect(notes).toContain("ecosystem type forest (level-1 class 森林: its coefficients are the class's), line 7");
    expect(notes).toContain('ecosystem type town → built_up, line 11');
  });

  it('a level-1 class counts with its group row; a type keeps its own row, or falls back to its group', () => {
    const ds = loadDataset(
      dataset(['r,2020,林地,1000,t', 'r,2020,草地,500,t', 'r,2021,coniferous_forest,100,t', 'r,2021,mixed_forest,10,t']),
      model,
    );
    const acc = accountGep(model, ds, { baseYear: 2020 });
    const [y2020, y2021] = acc.regionYears;
    const service = (ry: typeof y2020) => ry!.services.find((s) => s.id === 'cover_service')!;
    // 1000 ha × 2 (forest row) + 500 ha × 3 (grassland row)
    expect(str(service(y2020).physical!)).toBe('3500');
    const by = y2020!.current.values.get('cover_service.physical')!.by!;
    expect(Object.fromEntries([...by].map(([k, v]) => [k, str(v)]))).toEqual({ forest: '2000', grassland: '1500' });
    // 100 ha × 5 (its own row) + 10 ha × 2 (no mixed_forest row: the forest row)
    expect(str(service(y2021).physical!)).toBe('520');
    // the extent account lists the class as the data gives it
    expect(acc.extent[0]!.types).toContain('forest');
  });

  it('a coefficient with no row for the class is an error naming the coefficient and the class', () => {
    const noGrass = classModel({ forest: '2' });
    const ds = loadDataset(dataset(['r,2020,林地,1000,t', 'r,2020,草地,500,t']), noGrass);
    const issues = refusal(() => accountGep(noGrass, ds, { baseYear: 2020 }));
    expect(issues.some((i) => /cover/.test(i.message) && /grassland/.test(i.message))).toBe(true);
    expect(issues.map((i) => i.code)).toContain('parameter_missing_key');
  });

  it('a class and one of its own types in the same region-year are refused (the class would be a guess)', () => {
    const issues = refusal(() => loadDataset(dataset(['r,2020,林地,1000,t', 'r,2020,针叶林,200,t', 'r,2021,forest,1000,t']), model));
    expect(issues.map((i) => [i.code, i.row, i.column])).toEqual([['key_mixed', 2, 'ecosystem_type']]);
    expect(issues[0]!.message).toBe(
      'forest is a level-1 class and its type coniferous_forest (line 3) is given too for r 2020: give the class alone (no finer split) or its types',
    );
  });

  it('two names of one key in one region-year are a duplicate naming what was written', () => {
    const issues = refusal(() => loadDataset(dataset(['r,2020,河流,10,t', 'r,2020,湖泊,20,t']), model));
    expect(issues.map((i) => [i.code, i.row])).toEqual([['duplicate_row', 3]]);
    expect(issues[0]!.message).toBe('duplicate of line 2 (r, 2020, water_body, written "湖泊")');
  });
});

describe('unknown names get suggestions (keys, classes and aliases)', () => {
  const dim = loadModel('cn-gep-2022').dims.get('ecosystem_type')!;
  it.each([
    ['towns', 'town" (built_up)'],
    ['glacer', 'glacier" (glacier_snow)'],
    ['bare ground', 'bare" (bare_land)'],
    ['broadleaf', 'broadleaf_forest"'],
    ['林', '林地" (forest)'],
  ])('%s → %s', (text, hint) => {
    const r = resolveKey(dim, text, 'ecosystem type');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(hint);
  });

  it('town, glacier and bare are names of their keys (mapped, with a note)', () => {
    expect(['town', 'glacier', 'bare'].map((t) => resolveKey(dim, t))).toMatchObject([
      { ok: true, key: 'built_up' },
      { ok: true, key: 'glacier_snow' },
      { ok: true, key: 'bare_land' },
    ]);
  });

  it('in the loaders: extent, extent-change and observation keys', () => {
    const dir = copySample();
    writeLines(dir, 'extent.csv', [...readLines(dir, 'extent.csv'), 'tianfu,2021,towns,1,x']);
    const ec = readLines(dir, 'extent-change.csv');
    writeLines(dir, 'extent-change.csv', [
      ...ec.slice(0, 1),
      ec[1]!.replace('coniferous_forest,coniferous_forest', 'conifers,coniferous_forest'),
      ...ec.slice(2),
    ]);
    const obs = readLines(dir, 'observations.csv');
    writeLines(dir, 'observations.csv', [...obs, 'tianfu,2021,evapotranspiration,glacer,100,mm,x']);
    const issues = refusal(() => loadDataset(dir, loadModel('cn-gep-2022')));
    const byFile = (f: string) => issues.find((i) => i.file!.endsWith(f))!;
    expect(byFile('/extent.csv').message).toBe('unknown ecosystem type "towns" (did you mean "town" (built_up)?)');
    expect(byFile('extent-change.csv').message).toMatch(/unknown ecosystem type "conifers" \(did you mean .*coniferous/);
    expect(byFile('observations.csv').message).toMatch(/unknown key of ecosystem_type "glacer" \(did you mean "glacier" \(glacier_snow\)/);
  });

  it('an observation key written as published (针叶林, Coniferous forest) reads as its key', () => {
    const dir = copySample();
    const obs = readLines(dir, 'observations.csv');
    writeLines(
      dir,
      'observations.csv',
      obs.map((l) =>
        l
          .replace('evapotranspiration,coniferous_forest', 'evapotranspiration,针叶林')
          .replace('nep,broadleaf_forest', 'nep,Broadleaf forest'),
      ),
    );
    const model = loadModel('cn-gep-2022');
    const a = loadDataset(dir, model);
    const b = loadDataset(SAMPLE_DIR, model);
    for (const y of [2020, 2021, 2022]) expect(a.values('tianfu', y)).toEqual(b.values('tianfu', y));
    expect(a.notes.some((n) => n.includes('key of ecosystem_type 针叶林 → coniferous_forest'))).toBe(true);
  });
});

describe('the classification’s aliases', () => {
  it('no alias names two things, nor the id or label of another key or class', () => {
    const seen = new Map<string, string>();
    const own = (target: string, name: string) => {
      const n = normalName(name);
      const had = seen.get(n);
      expect(had === undefined || had === target, `"${name}" names both ${had} and ${target}`).toBe(true);
      seen.set(n, target);
    };
    const { groups, keys, aliases } = CLASSIFICATION;
    for (const k of Object.keys(keys)) own(k, k);
    for (const g of Object.keys(groups)) own(keys[g] ? g : g, g);
    for (const [target, list] of Object.entries(aliases)) {
      expect(target in keys || target in groups, `${target} is a key or group`).toBe(true);
      for (const a of list) own(target, a);
    }
    const labels = new Map([...Object.entries(keys), ...Object.entries(groups)]);
    const table = nameTable(labels, new Map(Object.entries(groups)), new Map(Object.entries(keys).map(([k, v]) => [k, v.group!])), aliases);
    expect(table.conflicts).toEqual([]);
  });

  it('an alias that names two things is a model error', () => {
    const issues = refusal(() => classModel({ forest: '1' }, { ...CLASSIFICATION.aliases, grassland: ['林地'] }));
    expect(issues).toMatchObject([
      { code: 'alias_conflict', path: 'dimensions.ecosystem_type.aliases', message: 'alias "林地" of grassland already names forest' },
    ]);
  });

  it('are not part of a model’s content hash: the published models keep their locked hashes', () => {
    const lock = readLock();
    expect(loadModel('cn-gep-2022').hash).toBe(lock['cn-gep-2022@1.0.0']);
    expect(loadModel('esv-equivalent-2015').hash).toBe(lock['esv-equivalent-2015@1.0.0']);
    expect(classModel({ forest: '1' }, { forest: ['林地'] }).hash).toBe(classModel({ forest: '1' }, {}).hash);
  });
});
