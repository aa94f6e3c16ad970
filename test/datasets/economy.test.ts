import { describe, expect, it } from 'vitest';
import { IssuesError } from '../../engine/core/errors.ts';
import { loadEconomy } from '../../datasets/economy.ts';
import { DEFAULT_DATASET, loadDataset } from '../../datasets/load.ts';
import { loadModel } from '../../models/load.ts';
import { copySample, editLine, readLines, writeLines } from '../fixtures/sample-copy.ts';

describe('economy.csv', () => {
  const eco = loadEconomy(DEFAULT_DATASET);

  it('reads GDP, the volume index and population of the sample, 2015–2022', () => {
    expect(eco.regions).toEqual(['tianfu']);
    expect(eco.years('tianfu')).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022]);
    expect(eco.value('tianfu', 'gdp', 2020)!.toString()).toBe('298819710000');
    expect(eco.value('tianfu', 'population', 2022)!.toString()).toBe('2981000');
    expect(eco.get('tianfu', 'gdp_index', 2021)!.row).toBeGreaterThan(1);
  });

  it('value added by sector adds up to GDP in every year', () => {
    for (const y of eco.years('tianfu')) {
      const sum = eco
        .value('tianfu', 'va_primary', y)!
        .plus(eco.value('tianfu', 'va_secondary', y)!)
        .plus(eco.value('tianfu', 'va_tertiary', y)!);
      expect(sum.eq(eco.value('tianfu', 'gdp', y)!), String(y)).toBe(true);
    }
  });

  it('chains the volume index into constant-price GDP, forwards and backwards (hand calculation)', () => {
    // GDP 2022 at 2020 prices = 298,819,710,000 × 109.4/100 × 103.2/100 = 337,369,843,147.68 CNY
    expect(eco.gdpConstant('tianfu', 2022, 2020).toString()).toBe('337369843147.68');
    // GDP 2018 at 2020 prices = 298,819,710,000 / (1.081 × 1.043) = 265,032,563,683.887029782267227089011… (34 digits)
    expect(eco.gdpConstant('tianfu', 2018, 2020).toFixed(6)).toBe('265032563683.887030');
    expect(eco.gdpConstant('tianfu', 2020, 2020).toString()).toBe('298819710000');
    expect(eco.gdpVolumeRatio('tianfu', 2020, 2022).toString()).toBe('1.129008');
  });

  it('names the missing row when the index chain is broken', () => {
    expect(() => eco.gdpConstant('tianfu', 2014, 2020)).toThrow(/no gdp_index row for tianfu in 2015 \(the run needs it/);
  });

  it('is part of the dataset (hashed and loaded with it)', () => {
    const ds = loadDataset(DEFAULT_DATASET, loadModel('cn-gep-2022'));
    expect(ds.files.map((f) => f.name)).toContain('economy.csv');
    expect(ds.economy!.value('tianfu', 'gdp', 2015)!.toString()).toBe('186000000000');
  });

  it('reports every bad row at once, by file, line and column', () => {
    const dir = copySample();
    const lines = readLines(dir, 'economy.csv');
    editLine(dir, 'economy.csv', 2, 'tianfu,2015,gdp', () => 'tianfu,2015,gdp,186 bn,CNY,x'); // not a number
    editLine(dir, 'economy.csv', 3, 'tianfu,2015,population', () => 'tianfu,2015,population,-5,person,x'); // negative
    editLine(dir, 'economy.csv', 4, 'tianfu,2015,va_primary', () => 'tianfu,2015,va_primary,100,ha,x'); // unit
    writeLines(dir, 'economy.csv', [...readLines(dir, 'economy.csv'), 'chengdu,2016,gdp,1,CNY,x', 'tianfu,2016,gpd,1,CNY,x', lines[7]!]);
    let err: IssuesError | undefined;
    try {
      loadEconomy(dir);
    } catch (e) {
      err = e as IssuesError;
    }
    expect(err).toBeInstanceOf(IssuesError);
    const got = err!.issues.map((i) => `${i.row}:${i.column}:${i.code}`);
    expect(got).toEqual([
      '2:value:not_a_number',
      '3:value:negative',
      '4:unit:unit_mismatch',
      `${lines.length + 1}:region:region_unknown`,
      `${lines.length + 2}:variable:variable_unknown`,
      `${lines.length + 3}:variable:duplicate_row`,
    ]);
    expect(err!.issues.every((i) => i.file!.endsWith('economy.csv'))).toBe(true);
  });
});
