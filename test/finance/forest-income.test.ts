import { describe, expect, it } from 'vitest';
import { dec } from '../../engine/core/decimal.ts';
import { discountFactor, presentValue } from '../../engine/finance/discount.ts';
import { type ForestStand, forestFlows, forestIncomeValue } from '../../engine/finance/rights.ts';

// The income approach of forest-asset appraisal (收益现值法, 森林资源资产评估技术规范; research note
// shared/research/green-finance-users.md §1.5): E = Σ_t (A_t − C_t) / (1 + p)^t, flows at year ends.
// The stand is the sample's illustrative cypress plantation (models/finance/rights-prices/cn-rights-2022.yaml).
const stand: ForestStand = {
  id: 'cypress-plantation',
  horizon: 15,
  harvests: [
    { inYears: 5, volumePerHa: dec('20') },
    { inYears: 15, volumePerHa: dec('120') },
  ],
  timberPrice: { low: dec('600'), central: dec('800'), high: dec('1000') },
  harvestCost: dec('250'),
  managementCost: dec('300'),
  carbonPerHa: dec('3'),
  source: 'test',
};

describe('forest-right income approach, by hand', () => {
  it('discount factors: 1/1.06^5 = 0.7472581728…, 1/1.06^15 = 0.4172650607…', () => {
    expect(discountFactor(dec('0.06'), 5).toFixed(10)).toBe('0.7472581729');
    expect(discountFactor(dec('0.06'), 15).toFixed(10)).toBe('0.4172650607');
    expect(discountFactor(dec('0.06'), 0).toString()).toBe('1');
    expect(() => discountFactor(dec('0.06'), 1.5)).toThrow(/whole number/);
  });

  it('PV of 100 a year for 3 years at 10 % = 100/1.1 + 100/1.21 + 100/1.331 = 248.685199…', () => {
    const flows = [1, 2, 3].map((t) => ({ t, amount: dec('100') }));
    expect(presentValue(flows, dec('0.1')).toFixed(6)).toBe('248.685199');
  });

  it('the yearly flows: −210 CNY/ha each year (3 tCO2e × 30 − 300), plus 20 × (800 − 250) in year 5 and 120 × (800 − 250) in year 15', () => {
    const f = forestFlows(stand, dec('1'), dec('800'), dec('30'));
    expect(f).toHaveLength(15);
    expect(f[0]!.amount.toString()).toBe('-210');
    expect(f[4]!.amount.toString()).toBe('10790'); // 11000 − 210
    expect(f[14]!.amount.toString()).toBe('65790'); // 66000 − 210
  });

  it('120 ha (1,800 mu) at 6 %: central 4,046,371.39 CNY', () => {
    // per ha: −210 × a(15, 6 %) + 11000 / 1.06^5 + 66000 / 1.06^15
    //       = −210 × 9.712248988 + 11000 × 0.747258173 + 66000 × 0.417265061
    //       = −2039.572287 + 8219.839902 + 27539.494009 = 33719.761623 CNY/ha; × 120 ha = 4,046,371.39
    const v = forestIncomeValue(stand, dec('120'), dec('0.06'), { low: dec('10'), central: dec('30'), high: dec('73.41') });
    expect(v.central.toFixed(2)).toBe('4046371.39');
    // low: timber 600, carbon 10 CNY/t; high: timber 1000, carbon 73.41 CNY/t (the same formula)
    expect(v.low.toFixed(2)).toBe('2416035.90');
    expect(v.high.toFixed(2)).toBe('5758557.83');
  });
});
