import { describe, expect, it } from 'vitest';
import { DEFAULT_DATASET, loadDataset } from '../../datasets/load.ts';
import { evaluateRegionYear } from '../../engine/eval/evaluate.ts';
import { rowsAt, runRows } from '../../engine/fast/account-float.ts';
import { compileModelData, readModelData } from '../../models/load.ts';

/**
 * derive (engine/fast/compile-float.ts) computes the sub-expressions of coefficients and literals alone once per
 * coefficient vector into a table K. A literal alone is such a sub-expression (the divisor of `x / 1000`), so a model
 * whose formulas read no coefficient still has a table: it must be sized by the vectors the rows read, not by
 * C.length / (coefficients a vector), which is 0 / 0 when a vector has no coefficient.
 */
describe('float program: the table of derived sub-expressions', () => {
  it('a model that reads no coefficient, with a literal divisor: float = exact', () => {
    const m: any = structuredClone(readModelData('models/cn-gep-2022').data);
    m.services = m.services.filter((s: { id: string }) => s.id === 'crop_products');
    m.services[0].money.formula = 'physical * product_price / 1000';
    m.coefficients = {};
    const model = compileModelData(m);
    const data = loadDataset(DEFAULT_DATASET, model);
    const keys = data.years.map((year) => ({ region: data.regions[0]!, year, priceYear: year }));
    const rows = rowsAt(model, data, keys);
    expect(rows.program.coefficients).toEqual([]);
    const O = runRows(rows);
    const j = rows.program.indicators.indexOf('crop_products.money');
    keys.forEach((k, r) => {
      const exact = evaluateRegionYear(model, data, k.region, k.year).values.get('crop_products.money')!.value.toNumber();
      const float = O[r * rows.program.indicators.length + j]!;
      expect(Math.abs(float - exact) / exact, `${k.year}: ${float} vs ${exact}`).toBeLessThan(1e-12);
    });
  });
});
