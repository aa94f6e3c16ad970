import { describe, expect, it } from 'vitest';
import { IssuesError } from '../../engine/core/errors.ts';
import type { AccountingData } from '../../engine/eval/data.ts';
import { evaluateRegionYear } from '../../engine/eval/evaluate.ts';
import { DEFAULT_DATASET, loadDataset } from '../../datasets/load.ts';
import { compileModelData, loadModel, readModelData } from '../../models/load.ts';

const model = loadModel('cn-gep-2022');
const sample = loadDataset(DEFAULT_DATASET, model);
const modelData = (): any => structuredClone(readModelData('models/cn-gep-2022').data);
const service = (m: any, id: string) => m.services.find((s: any) => s.id === id);

/** The sample with some rows taken out: (input, year, key) → keep? */
function without(drop: (input: string, year: number, key: string) => boolean): AccountingData {
  return {
    ...sample,
    values(region, year) {
      const v = sample.values(region, year)!;
      return new Map([...v].map(([n, byKey]) => [n, new Map([...byKey].filter(([k]) => !drop(n, year, k)))]));
    },
  };
}
const refused = (m: unknown): string => {
  try {
    compileModelData(m);
  } catch (e) {
    expect(e).toBeInstanceOf(IssuesError);
    return (e as Error).message;
  }
  throw new Error('expected the model to be refused');
};

describe('no silent zeros', () => {
  it('an input with no rows at all for a region-year is missing data, not "none"', () => {
    const r = evaluateRegionYear(
      model,
      without((n) => n === 'visits'),
      'tianfu',
      2022,
    );
    expect(r.issues.map((i) => i.code)).toContain('data_missing');
    expect(r.issues.find((i) => i.code === 'data_missing')!.message).toMatch(/input "visits" has no rows for region "tianfu" in 2022/);
    expect(r.values.has('recreation.money')).toBe(false);
  });

  it('a region without wetland has zero marsh storage (area is the extent: absent means no area)', () => {
    const r = evaluateRegionYear(
      model,
      without((n, _y, k) => (n === 'area' || n === 'evapotranspiration' || n === 'nep') && k === 'wetland'),
      'tianfu',
      2022,
    );
    expect(r.issues).toEqual([]);
    expect(r.values.get('flood_regulation.marsh_storage')!.value.isZero()).toBe(true);
  });

  it('a formula that gives NaN or infinity fails instead of being stored', () => {
    const m = modelData();
    service(m, 'ecological_energy').money.formula = 'physical * hydropower_price * ln(hydropower_price / hydropower_price - 1)';
    const r = evaluateRegionYear(compileModelData(m), sample, 'tianfu', 2022);
    expect(r.issues[0]!.message).toMatch(/ecological_energy\.money.*ln\(\) gives -Infinity/);
  });
});

describe('iteration rules', () => {
  it('refuses an "over" that nothing in the formula varies by (it would count the value once per key)', () => {
    const m = modelData();
    service(m, 'ecological_energy').physical = { unit: 'kWh', over: 'ecosystem_type', formula: 'hydropower_generation' };
    expect(refused(m)).toMatch(/iterates ecosystem_type, but nothing it reads varies by ecosystem_type/);
  });

  it('refuses a misspelt key in sum(dim["…"], …)', () => {
    const m = modelData();
    service(m, 'air_purification').physical.formula =
      'cap(sum(ecosystem_type["forets"], area * pollutant_absorption), air_pollutant_emission)';
    expect(refused(m)).toMatch(/"forets" is not a key or group of ecosystem_type/);
  });

  it('refuses a default row that is "*" in one dimension only', () => {
    const m = modelData();
    m.coefficients.pollutant_absorption.entries[0].table.broadleaf_forest = { '*': '1' };
    expect(refused(m)).toMatch(/default row "\*" must be "\*" in every dimension/);
  });

  it("at constant prices, the base year's price list does not add products the year did not produce", () => {
    // tea has a 2020 price but no 2022 output: at 2020 prices, 2022 simply has no tea.
    const data = without((_n, y, k) => y === 2022 && k === 'tea');
    const r = evaluateRegionYear(model, data, 'tianfu', 2022, { basis: { kind: 'constant', baseYear: 2020 } });
    expect(r.issues).toEqual([]);
    expect(r.values.get('crop_products.money')!.by!.has('tea')).toBe(false);
  });

  it("reports a cap in the limit's unit, with the capacity computed by hand", () => {
    const r = evaluateRegionYear(model, sample, 'tianfu', 2020);
    const so2 = r.diagnostics.find((d) => d.code === 'cap_bound' && d.indicator === 'air_purification.physical' && d.keys?.[0] === 'so2')!;
    // SO2 emitted 1,850 t (2020). Capacity = Σ area × absorption (中国生物多样性国情研究报告 1998 via LY/T 1721):
    // coniferous 9,000 ha × 215.60 + broadleaf 17,500 × 88.65 + mixed 6,300 × 152.13 + urban green 8,600 × 88.65
    // = 1,940,400 + 1,551,375 + 958,419 + 762,390 = 5,212,584 kg = 5,212.584 t
    expect(so2.message).toBe('the limit binds: 1850 t instead of 5212.584 t');
  });
});

describe('sparse tables over two dimensions', () => {
  const label = { zh: '测试', en: 'test' };
  const tiny = {
    id: 'tiny',
    version: '0.0.1',
    status: 'draft',
    title: label,
    description: 'two-dimensional test model',
    sources: [{ id: 't', citation: 'test' }],
    categories: [{ id: 'provisioning', label }],
    dimensions: {
      ecosystem_type: { label, keys: { forest: label, lake: label } },
      product: { label, keys: { grain: label, fish: label } },
    },
    inputs: { output: { label, unit: 't', dims: ['ecosystem_type', 'product'] } },
    coefficients: {
      price: {
        label,
        unit: 'CNY/t',
        dims: ['product'],
        price_index: 'none',
        entries: [{ from: 2000, table: { grain: '2', fish: '10' }, source: 'test' }],
      },
    },
    services: [
      {
        id: 'food',
        category: 'provisioning',
        label,
        method: label,
        physical: { unit: 't', over: ['ecosystem_type', 'product'], formula: 'output' },
        money: { unit: 'CNY', over: 'ecosystem_type', formula: 'sum(product, physical * price)' },
      },
    ],
  };

  it('iterates the key pairs the data has (forest|grain, lake|fish), not every combination', async () => {
    const { memoryData } = await import('../helpers/memory-data.ts');
    const data = memoryData({
      regions: ['r'],
      years: [2020],
      values: { r: { 2020: { output: { 'forest|grain': '5', 'lake|fish': '3' } } } },
      priceIndex: { cpi: { 2020: '100' } },
    });
    const r = evaluateRegionYear(compileModelData(tiny), data, 'r', 2020);
    expect(r.issues).toEqual([]);
    expect([...r.values.get('food.physical')!.by!.keys()]).toEqual(['forest|grain', 'lake|fish']);
    // money: forest 5 t × 2 CNY/t = 10; lake 3 t × 10 CNY/t = 30; total 40
    expect(r.values.get('food.money')!.value.eq(40)).toBe(true);
    expect(r.values.get('food.money')!.by!.get('lake')!.eq(30)).toBe(true);
  });
});

describe('domains after the review', () => {
  const label = { zh: '测试', en: 'test' };
  const base = (services: unknown[], inputs: Record<string, unknown>) => ({
    id: 'tiny2',
    version: '0.0.1',
    status: 'draft',
    title: label,
    description: 'test',
    sources: [{ id: 't', citation: 'test' }],
    categories: [{ id: 'provisioning', label }],
    dimensions: {
      ecosystem_type: { label, groups: { woods: label }, keys: { forest: { ...label, group: 'woods' }, lake: label } },
      product: { label, keys: { grain: label, fish: label } },
    },
    inputs,
    coefficients: {},
    services,
  });
  const money = { unit: 't', formula: 'physical' };
  const mem = async (values: Record<string, Record<string, string>>) =>
    (await import('../helpers/memory-data.ts')).memoryData({
      regions: ['r'],
      years: [2020],
      values: { r: { 2020: values } },
      priceIndex: { cpi: { 2020: '100' } },
    });

  it('a read at a fixed key takes its keys from that key, not from the key being iterated', async () => {
    const m = compileModelData(
      base(
        [
          {
            id: 'food',
            category: 'provisioning',
            label,
            method: label,
            physical: { unit: 't', over: 'ecosystem_type', formula: 'w * sum(product, output["forest"])' },
            money,
          },
        ],
        { output: { label, unit: 't', dims: ['ecosystem_type', 'product'] }, w: { label, unit: '1', dims: ['ecosystem_type'] } },
      ),
    );
    const data = await mem({ output: { 'forest|grain': '5', 'forest|fish': '7', 'lake|fish': '3' }, w: { forest: '1', lake: '1' } });
    const r = evaluateRegionYear(m, data, 'r', 2020);
    expect(r.issues).toEqual([]);
    // forest: 1 × (5 + 7) = 12; lake: 1 × (5 + 7) = 12 — the forest row's products, whatever is iterated outside
    expect([...r.values.get('food.physical')!.by!].map(([k, v]) => [k, v.toString()])).toEqual([
      ['forest', '12'],
      ['lake', '12'],
    ]);
  });

  it('a failure inside sum() leaves no key bound: later indicators still see their whole domain and report their own problems', async () => {
    const m = compileModelData(
      base(
        [
          { id: 'a', category: 'provisioning', label, method: label, physical: { unit: 't', formula: 'sum(product, v * u)' }, money },
          {
            id: 'b',
            category: 'provisioning',
            label,
            method: label,
            physical: { unit: 't', over: 'ecosystem_type', formula: 'k * sum(product, output)' },
            money,
          },
        ],
        {
          v: { label, unit: 't', dims: ['product'] },
          u: { label, unit: '1', dims: ['product'] },
          k: { label, unit: '1', dims: ['ecosystem_type'] },
          output: { label, unit: 't', dims: ['ecosystem_type', 'product'] },
        },
      ),
    );
    const data = await mem({
      v: { grain: '1', fish: '1' },
      u: { grain: '1' },
      k: { lake: '1' },
      output: { 'forest|grain': '5', 'lake|fish': '3' },
    });
    const msgs = evaluateRegionYear(m, data, 'r', 2020)
      .issues.map((i) => i.message)
      .join('\n');
    expect(msgs).toMatch(/input "u" for product "fish" is missing/);
    expect(msgs).toMatch(/input "k" for ecosystem_type "forest" is missing/);
  });

  it('an input only needed for types the region lacks may have no rows (an urban core without forest needs no forest ET)', () => {
    const natural = ['coniferous_forest', 'mixed_forest', 'broadleaf_forest', 'shrub', 'shrub_grass', 'wetland'];
    const data = without((n, _y, k) => n === 'evapotranspiration' || natural.includes(k));
    const r = evaluateRegionYear(model, data, 'tianfu', 2022);
    expect(r.issues).toEqual([]);
    expect(r.values.get('water_conservation.physical')!.value.isZero()).toBe(true);
  });

  it("areas are converted from area_ha to the model's unit, in extent.csv and in the transition matrix", () => {
    const m = structuredClone(readModelData('models/esv-equivalent-2015').data) as any;
    m.inputs.area.unit = 'km2';
    m.status = 'draft';
    const ds = loadDataset(DEFAULT_DATASET, compileModelData(m));
    // broadleaf forest 17,500 ha in 2020 = 175 km²; paddy → built-up 600 ha = 6 km²
    expect(ds.values('tianfu', 2020)!.get('area')!.get('broadleaf_forest')!.eq(175)).toBe(true);
    expect(ds.extentChange.find((r) => r.fromType === 'paddy' && r.toType === 'built_up')!.area.eq(6)).toBe(true);
  });
});
