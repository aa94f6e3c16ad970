import { describe, expect, it } from 'vitest';
import { DEFAULT_DATASET, loadDataset } from '../../datasets/load.ts';
import { syntheticData } from '../../datasets/generate.ts';
import type { AccountingData } from '../../engine/eval/data.ts';
import { rowsAt } from '../../engine/fast/account-float.ts';
import type { FloatProgram } from '../../engine/fast/compile-float.ts';
import type { RowKey } from '../../engine/fast/columns.ts';
import type { CompiledModel } from '../../engine/model/types.ts';
import { loadModel } from '../../models/load.ts';
import { loadAccount } from '../replication/published.ts';

/**
 * The fill (engine/fast/columns.ts) is fast: decimals to float64 without their text (dec-float.ts), loops instead
 * of typed-array builders, a deflator found by a number. It must give the SAME X as the plain fill it replaced, bit
 * for bit: here that fill is written out again (each input at each layout key from the region-year's values by
 * toNumber(); at another price year, prices from that year's values, money and moved prices by the exact product
 * with the deflator factor, then toNumber()), and every input cell of every row compared, NaN for NaN.
 */
function plainRow(p: FloatProgram, data: AccountingData, k: RowKey): Float64Array {
  const row = new Float64Array(p.inputWidth).fill(Number.NaN);
  const own = data.values(k.region, k.year);
  const other = k.priceYear !== k.year;
  const moved = other && !data.years.includes(k.priceYear);
  const prices = other && !moved ? data.values(k.region, k.priceYear) : own;
  if (!own || !prices) return row;
  const a = data.priceIndex(data.deflator, k.year);
  const b = data.priceIndex(data.deflator, k.priceYear);
  const f = a && b ? b.div(a) : null;
  for (const c of p.inputs.values()) {
    const priced = c.info.currency === 'price';
    const money = c.info.currency === 'money';
    const byKey = (other && priced ? prices : own).get(c.info.name);
    if (!byKey) continue;
    (c.keys ?? ['']).forEach((key, i) => {
      const d = byKey.get(key);
      if (d === undefined) return;
      const move = other && (money || (priced && moved));
      row[c.offset + i] = move ? (f ? d.mul(f).toNumber() : Number.NaN) : d.toNumber();
    });
  }
  return row;
}

function expectSameX(model: CompiledModel, data: AccountingData, keys: RowKey[]): number {
  const rows = rowsAt(model, data, keys);
  const p = rows.program;
  let cells = 0;
  keys.forEach((k, r) => {
    const want = plainRow(p, data, k);
    const got = rows.X.subarray(r * p.width, r * p.width + p.inputWidth);
    for (let j = 0; j < p.inputWidth; j++) {
      if (!Object.is(got[j], want[j])) expect(`${k.region} ${k.year}@${k.priceYear} column ${j}: ${got[j]}`).toBe(`${want[j]}`);
      if (!Number.isNaN(want[j]!)) cells++;
    }
  });
  return cells;
}

/** Every region-year at current prices, at each of the data's years' prices, and at a year the data has not (moved). */
const allKeys = (data: AccountingData, priceYears: number[]) =>
  data.regions.flatMap((region) =>
    data.years.flatMap((year) => [{ region, year, priceYear: year }, ...priceYears.map((priceYear) => ({ region, year, priceYear }))]),
  );

describe('the fill gives the same X as the plain fill', () => {
  it('the sample and a generated set of distinct region-years, at current, base-year and moved prices', () => {
    const model = loadModel('cn-gep-2022');
    const sample = loadDataset(DEFAULT_DATASET, model);
    const generated = syntheticData(sample, { regions: 6, years: [2019, 2020, 2021], pool: 18, seed: 7 });
    for (const data of [sample, generated]) {
      const keys = allKeys(data, [...data.years, Math.min(...data.years) - 3]);
      expect(expectSameX(model, data, keys)).toBeGreaterThan(keys.length * 50);
    }
  });

  it('the published accounts (given values, local coefficients, other deflators)', () => {
    for (const [account, ref] of [
      ['garze-2010', 'cn-gep-2022@1.1.0'],
      ['beibu-gulf-1999-2014', 'esv-equivalent-2015'],
    ] as const) {
      const a = loadAccount(account, ref);
      const keys = allKeys(a.data, [a.data.manifest.price_year, Math.max(...a.data.years) + 1]);
      expect(expectSameX(a.model, a.data, keys)).toBeGreaterThan(0);
    }
  });
});
