import { describe, expect, it } from 'vitest';
import { DEFAULT_DATASET, loadDataset } from '../../datasets/load.ts';
import { syntheticData } from '../../datasets/generate.ts';
import { rowsAt, runRows } from '../../engine/fast/account-float.ts';
import { fillRow } from '../../engine/fast/columns.ts';
import { loadModel } from '../../models/load.ts';

/**
 * Rows at current prices of consecutive region-years are a view of the dataset's columnar form (no copy,
 * engine/fast/columns.ts sharedRows): the view must hold what a fresh fill gives, other key lists must still be
 * filled, and another dataset over the same regions (a scenario's) must get its own numbers.
 */
describe('float rows shared with the dataset', () => {
  const model = loadModel('cn-gep-2022');
  const base = loadDataset(DEFAULT_DATASET, model);
  const data = syntheticData(base, { regions: 4, years: [2019, 2020, 2021] });
  const all = data.regions.flatMap((region) => data.years.map((year) => ({ region, year, priceYear: year })));
  const fresh = (keys: typeof all, d = data) => {
    const p = rowsAt(model, d, keys).program;
    const X = new Float64Array(keys.length * p.width);
    keys.forEach((k, r) => {
      fillRow(p, d, k, X, r);
    });
    return X;
  };

  it('a chunk of regions is a view of one matrix, equal to a fresh fill', () => {
    const chunk = all.slice(3, 9);
    const a = rowsAt(model, data, chunk);
    const b = rowsAt(model, data, all);
    expect(a.X.buffer).toBe(b.X.buffer); // the same memory: no copy
    expect([...a.X]).toEqual([...fresh(chunk)]);
    expect([...runRows(a)]).toEqual([...runRows(b)].slice(3 * a.program.indicators.length, 9 * a.program.indicators.length));
  });

  it('keys out of order or at other prices are filled as before (their own memory)', () => {
    const shuffled = [all[1]!, all[0]!, all[2]!];
    const constant = all.slice(0, 3).map((k) => ({ ...k, priceYear: 2019 }));
    for (const keys of [shuffled, constant]) {
      const r = rowsAt(model, data, keys);
      expect(r.X.buffer).not.toBe(rowsAt(model, data, all).X.buffer);
      expect([...r.X]).toEqual([...fresh(keys)]);
    }
  });

  it('another dataset over the same regions (a scenario) gets its own rows, and the first keeps its numbers', () => {
    const before = [...runRows(rowsAt(model, data, all))];
    const other = syntheticData(base, { regions: 4, years: [2019, 2020, 2021], seed: 99 });
    const o = rowsAt(model, other, all);
    expect([...o.X]).toEqual([...fresh(all, other)]);
    expect([...runRows(rowsAt(model, data, all))]).toEqual(before);
  });

  it('a chunk fills its own region-years only, not every region-year of the dataset (no O(dataset) fill per chunk)', () => {
    // review of issue 13: the shared matrix was filled whole the first time a program read it, and a chunk's program
    // (its layout is the chunk's open keys) is another program per chunk layout: a 2-region chunk of 400 regions read
    // all 1,200 region-years, and every chunk with its own layout read them all again
    const big = syntheticData(base, { regions: 400, years: [2019, 2020, 2021] });
    let reads = 0;
    const counted = {
      ...big,
      values: (region: string, year: number) => {
        reads++;
        return big.values(region, year);
      },
    };
    const keysOf = (from: number, to: number) =>
      counted.regions.slice(from, to).flatMap((region) => counted.years.map((year) => ({ region, year, priceYear: year })));
    const chunk = keysOf(10, 12);
    const a = rowsAt(model, counted, chunk);
    expect(reads).toBeLessThan(30);
    expect([...a.X]).toEqual([...fresh(chunk, counted)]);
    // the next chunk is still a view of the same matrix, filled then
    const next = keysOf(12, 15);
    const b = rowsAt(model, counted, next);
    expect(b.X.buffer).toBe(a.X.buffer);
    expect([...b.X]).toEqual([...fresh(next, counted)]);
    expect([...rowsAt(model, counted, chunk).X]).toEqual([...a.X]);
  });
});
