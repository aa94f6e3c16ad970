import { describe, expect, it } from 'vitest';
import { dec, str } from '../engine/core/decimal.ts';
import { compileModelData } from '../models/load.ts';
import { accountGep } from '../engine/gep/account.ts';
import { memoryData } from './helpers/memory-data.ts';
import { runAccount } from '../lib/run.ts';
import { fixed } from '../engine/core/decimal.ts';

/**
 * Published accounts, re-added by the engine: each service's published money value (10⁸ CNY) is an input,
 * and the category subtotals and GEP the engine forms must equal the published ones to the last digit.
 */
const label = { zh: '服务', en: 'service' };
function publishedModel(services: Record<string, string>) {
  return {
    id: 'published-totals',
    version: '0.0.1',
    status: 'draft',
    title: label,
    description: 'published service values re-added',
    sources: [{ id: 'p', citation: 'see test' }],
    categories: [
      { id: 'provisioning', label },
      { id: 'regulating', label },
      { id: 'cultural', label },
    ],
    dimensions: {},
    inputs: Object.fromEntries(Object.keys(services).map((s) => [`${s}_value`, { label, unit: 'CNY' }])),
    coefficients: {},
    services: Object.entries(services).map(([id, category]) => ({
      id,
      category,
      label,
      method: label,
      physical: { unit: 'CNY', formula: `${id}_value` },
      money: { unit: 'CNY', formula: 'physical' },
    })),
  };
}
const yi = (x: string) => str(dec(x).mul(100000000)); // 10⁸ CNY → CNY, exactly

describe('golden: published accounts add up in the engine', () => {
  it('Garzê 2010 regulating services = 6,842.28 ×10⁸ CNY (白玛卓嘎 et al. 2017, 生态学报 37(19):6302; the sum as checked in shared/research/gep-methodology.md §2.1)', () => {
    // water conservation 2269.71, soil retention 399.60, windbreak 2.28, flood 59.56, air 0.03, water 0.04,
    // carbon & oxygen 1939.27, climate 2157.86, pest control 13.93 (shared/research/gep-methodology.md §2.1)
    const values: Record<string, string> = {
      water_conservation: '2269.71',
      soil_retention: '399.60',
      windbreak: '2.28',
      flood: '59.56',
      air: '0.03',
      water: '0.04',
      carbon_oxygen: '1939.27',
      climate: '2157.86',
      pest: '13.93',
    };
    const model = compileModelData(publishedModel(Object.fromEntries(Object.keys(values).map((k) => [k, 'regulating']))));
    const data = memoryData({
      regions: ['garze'],
      years: [2010],
      values: { garze: { 2010: Object.fromEntries(Object.entries(values).map(([k, v]) => [`${k}_value`, { '': yi(v) }])) } },
      priceIndex: { cpi: { 2010: '100' } },
    });
    const acc = accountGep(model, data, { baseYear: 2010 });
    expect(str(acc.regionYears[0]!.categories.get('regulating')!.current)).toBe(yi('6842.28'));
  });

  it('Shenzhen 2020 GEP = 1,303.82 ×10⁸ CNY = 23.55 + 699.52 + 580.75 (shared/GEP-SERVICES.md, published magnitudes)', () => {
    const model = compileModelData(publishedModel({ provisioning: 'provisioning', regulating: 'regulating', cultural: 'cultural' }));
    const data = memoryData({
      regions: ['shenzhen'],
      years: [2020],
      values: {
        shenzhen: {
          2020: { provisioning_value: { '': yi('23.55') }, regulating_value: { '': yi('699.52') }, cultural_value: { '': yi('580.75') } },
        },
      },
      priceIndex: { cpi: { 2020: '100' } },
    });
    const acc = accountGep(model, data, { baseYear: 2020 });
    expect(str(acc.regionYears[0]!.gep.current)).toBe(yi('1303.82'));
  });
});

describe('golden: the default region, checked by a second implementation', () => {
  it('GEP of tianfu-sample at current prices: 2020 17,230,867,948.32 CNY, 2022 21,277,646,995.56 CNY', () => {
    // Recomputed independently (Python, stdlib decimal at 50 digits, from model.yaml, coefficients.yaml and
    // the CSVs, without the engine's code): all 36 service values agreed to < 2e-18 relative.
    const acc = runAccount({ years: [2020, 2022] }).account;
    const gep = (y: number) => fixed(acc.regionYears.find((r) => r.year === y)!.gep.current, 2);
    expect(gep(2020)).toBe('17230867948.32');
    expect(gep(2022)).toBe('21277646995.56');
    const climate2022 = acc.regionYears.find((r) => r.year === 2022)!.services.find((s) => s.id === 'climate_regulation')!;
    expect(fixed(climate2022.money, 2)).toBe('10207186367.61');
  });
});
