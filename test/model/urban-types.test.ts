/**
 * Urban ecosystem types (issue 15 item 1): the `urban` extension of models/classifications/ecosystem-type.yaml,
 * read only by the models that name it, so that the national models' hashes (and their run ids) do not move.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IssuesError } from '../../engine/core/errors.ts';
import { resolveKey } from '../../engine/model/key-names.ts';
import { loadDataset } from '../../datasets/load.ts';
import { loadModel, loadModelItem, MODELS_DIR, readLock, readModelData } from '../../models/load.ts';

const URBAN = ['park_green', 'protective_green', 'attached_green', 'greenway', 'street_trees', 'urban_wetland', 'urban_lake'];
const PARK_CITY = resolve(import.meta.dirname, '../../datasets/tianfu-park-city');

describe('urban ecosystem types', () => {
  const urban = loadModel('park-city-gep-2023').dims.get('ecosystem_type')!;
  const national = loadModel('cn-gep-2022').dims.get('ecosystem_type')!;

  it('the park-city model has the seven urban types, in their level-1 groups (CJJ/T 85-2017 names)', () => {
    expect(URBAN.every((k) => urban.keys.includes(k))).toBe(true);
    expect(URBAN.map((k) => urban.groupOf.get(k))).toEqual([
      'urban_green',
      'urban_green',
      'urban_green',
      'urban_green',
      'urban_green',
      'wetland',
      'water',
    ]);
    expect(urban.keyLabels.get('park_green')).toEqual({ zh: '公园绿地', en: 'Park green space' });
    expect(urban.keyLabels.get('street_trees')?.zh).toBe('行道树');
  });

  it('the national models do not read the extension: no urban key, and their locked hashes still match', () => {
    for (const k of URBAN) expect(national.keys).not.toContain(k);
    const lock = readLock();
    for (const id of ['cn-gep-2022', 'cn-gep-2022@1.1.0', 'esv-equivalent-2015']) {
      const item = loadModelItem(id); // checks the lock: a moved hash would throw
      expect(lock[item.key]).toBe(item.hash);
    }
  });

  it('a name the extension claims is its own there (公园绿地 → park_green) and stays the national one elsewhere', () => {
    expect(resolveKey(urban, '公园绿地')).toMatchObject({ ok: true, key: 'park_green' });
    expect(resolveKey(national, '公园绿地')).toMatchObject({ ok: true, key: 'urban_green' });
    expect(resolveKey(urban, '绿地')).toMatchObject({ ok: true, key: 'urban_green' });
    expect(resolveKey(urban, 'G2')).toMatchObject({ ok: true, key: 'protective_green' });
    expect(resolveKey(urban, '湿地公园')).toMatchObject({ ok: true, key: 'urban_wetland' });
    expect(resolveKey(urban, 'street tree')).toMatchObject({ ok: true, key: 'street_trees' });
    const miss = resolveKey(urban, 'greenways park');
    expect(miss.ok).toBe(false);
  });

  it('an extension that does not exist is a problem naming the dimension and the extensions known', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gep-ext-'));
    const copy = join(dir, 'm');
    cpSync(join(MODELS_DIR, 'park-city-gep-2023'), copy, { recursive: true });
    const file = join(copy, 'model.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('extensions: [urban]', 'extensions: [urbn]'));
    cpSync(join(MODELS_DIR, 'classifications'), join(dir, 'classifications'), { recursive: true });
    try {
      readModelData(copy, dir);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IssuesError);
      expect((e as IssuesError).issues[0]).toMatchObject({ code: 'classification_missing', path: 'dimensions.ecosystem_type.extensions' });
      expect((e as IssuesError).issues[0]!.message).toContain('known: urban');
    }
  });

  it('extent rows written with CJJ/T 85 names load as the urban types, each mapping noted', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'gep-urban-')), 'ds');
    cpSync(PARK_CITY, dir, { recursive: true });
    const extent = join(dir, 'extent.csv');
    writeFileSync(extent, readFileSync(extent, 'utf8').replaceAll(',park_green,', ',公园绿地,').replaceAll(',street_trees,', ',行道树,'));
    const model = loadModel('park-city-gep-2023');
    const ds = loadDataset(dir, model);
    const area = ds.values('tianfu-core', 2022)!.get('area')!;
    expect(area.get('park_green')?.toString()).toBe('1540');
    expect(area.get('street_trees')?.toString()).toBe('320');
    expect(ds.notes.join('\n')).toContain('公园绿地 → park_green');
  });
});
