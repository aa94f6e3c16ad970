import { describe, expect, it } from 'vitest';
import { dec } from '../../engine/core/decimal.ts';
import type { AccountingData } from '../../engine/eval/data.ts';
import { evaluateRegionYear } from '../../engine/eval/evaluate.ts';
import { rowsAt, runRows } from '../../engine/fast/account-float.ts';
import { DEFAULT_DATASET, loadDataset } from '../../datasets/load.ts';
import { compileModelData, readModelData } from '../../models/load.ts';

/**
 * The float program keeps its scratch between rows and calls and writes each breakdown key a row reads in that row,
 * except the keys the indicator never iterates (an `over` subset), which stay NaN. A given value by key writes every
 * key it gives, also one outside the subset (engine/eval/given.ts: the keys given are the breakdown); a later row
 * without the given value, at the same place in its block, must not read it (a block is 64 rows).
 */
describe('float program: a given key outside the computed keys is not read by the next rows', () => {
  const build = (cross: boolean) => {
    const m: any = structuredClone(readModelData('models/cn-gep-2022').data);
    m.services = m.services.filter((s: { id: string }) => s.id === 'crop_products' || s.id === 'livestock_products');
    const crop = m.services.find((s: { id: string }) => s.id === 'crop_products');
    const live = m.services.find((s: { id: string }) => s.id === 'livestock_products');
    // a money value over every product reading the crops' physical breakdown (over crops only), in the same service
    // (one generated function: the breakdown in locals) or in another (a scratch cell)
    if (cross) Object.assign(live.money, { over: 'product', formula: 'crop_products.physical * product_price' });
    else crop.money.over = 'product';
    return compileModelData(m);
  };
  for (const [cross, id] of [
    [false, 'crop_products.money'],
    [true, 'livestock_products.money'],
  ] as const)
    it(`${cross ? 'read by another service' : 'read by its own service'}: float = exact at every row`, () => {
      const model = build(cross);
      const sample = loadDataset(DEFAULT_DATASET, model);
      const region = sample.regions[0]!;
      const [y1, y2] = [sample.years[0]!, sample.years[1]!];
      const row = { file: 'given.csv', value: '1', unit: 't' };
      // in the first year only: grain (a crop) and pork (livestock, outside crop_products' keys) given
      const data: AccountingData = {
        ...sample,
        givenPrecedence: () => 'given',
        given: (_r, y) =>
          y === y1
            ? new Map([
                [
                  'crop_products.physical',
                  new Map([
                    ['grain', { value: dec('1000'), row }],
                    ['pork', { value: dec('500'), row }],
                  ]),
                ],
              ])
            : undefined,
      };
      // row 0 the given year, rows 1–64 the next year: row 64 is at row 0's place in the second block
      const keys = [{ region, year: y1, priceYear: y1 }, ...Array.from({ length: 64 }, () => ({ region, year: y2, priceYear: y2 }))];
      const rows = rowsAt(model, data, keys);
      const O = runRows(rows);
      const NI = rows.program.indicators.length;
      const j = rows.program.indicators.indexOf(id);
      const exact = (y: number) => evaluateRegionYear(model, data, region, y).values.get(id)!.value.toNumber();
      const e1 = exact(y1);
      const e2 = exact(y2);
      expect(e1).not.toBe(e2);
      const got = keys.map((_, r) => O[r * NI + j]!);
      const want = keys.map((k) => (k.year === y1 ? e1 : e2));
      expect(got.map((v, r) => Math.abs(v - want[r]!) / want[r]! < 1e-12 || `row ${r}: ${v} vs ${want[r]}`)).toEqual(got.map(() => true));
    });
});
