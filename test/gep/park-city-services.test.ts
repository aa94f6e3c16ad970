/**
 * Every service of park-city-gep-2023, computed by hand from a small in-memory district and compared with the
 * engine (as test/services.test.ts does for cn-gep-2022).
 *
 * Each coefficient is typed in again here with the source it has in models/park-city-gep-2023/coefficients.yaml,
 * so that a changed coefficient or formula shows up as a failure. Figures are decimal strings combined with Dec.
 *
 * Price index: CPI 2010 = 100, 2015 = 115, 2018 = 120, 2020 = 130, 2022 = 143. A money coefficient is priced in
 * the year of its entry and moved to 2022 by CPI_2022 / CPI_entry.
 */
import { describe, expect, it } from 'vitest';
import { Dec, str } from '../../engine/core/decimal.ts';
import { conversion, mulUnits, parseUnit, sameDimension } from '../../engine/core/units.ts';
import { evaluateRegionYear, type RegionYearResult } from '../../engine/eval/evaluate.ts';
import { explain } from '../../engine/eval/explain.ts';
import { loadModel } from '../../models/load.ts';
import { type InputValues, memoryData } from '../helpers/memory-data.ts';

const d = (text: string): Dec => new Dec(text);
const sum = (...xs: Dec[]): Dec => xs.reduce((a, b) => a.plus(b), d('0'));

function expectDec(actual: Dec | undefined, expected: Dec, what: string): void {
  expect(actual, `${what} was not computed`).toBeDefined();
  // the engine keeps 12 decimal places per indicator; 10⁻⁶ of a unit is far below any formula error
  expect(actual!.minus(expected).abs().lte('0.000001'), `${what}: engine ${str(actual!)} ≠ hand ${str(expected)}`).toBe(true);
}
function expectService(r: RegionYearResult, service: string, physical: Dec, money: Dec): void {
  expect(r.issues).toEqual([]);
  expectDec(r.values.get(`${service}.physical`)?.value, physical, `${service}.physical`);
  expectDec(r.values.get(`${service}.money`)?.value, money, `${service}.money`);
}

const CPI = { 2010: '100', 2015: '115', 2018: '120', 2020: '130', 2022: '143' } as const;
/** CPI_2022 / CPI_from: a coefficient priced in `from` at 2022 prices */
const to2022 = (from: keyof typeof CPI) => d(CPI[2022]).div(d(CPI[from]));

// A small district (ha). Urban types of the `urban` extension of models/classifications/ecosystem-type.yaml:
// park_green, protective_green, attached_green, greenway, street_trees (group urban_green), urban_wetland
// (group wetland), urban_lake (group water).
const AREA = {
  park_green: '10',
  protective_green: '4',
  attached_green: '6',
  greenway: '2',
  street_trees: '3',
  urban_wetland: '5',
  urban_lake: '8',
  broadleaf_forest: '20',
  paddy: '7',
  built_up: '50',
};
const INPUTS: InputValues = {
  area: AREA,
  product_output: { grain: '10', vegetables: '20' },
  product_price: { grain: '3000', vegetables: '2000' },
  water_supply: { domestic: '1000', industrial: '400', agricultural: '3000' },
  precipitation: { '': '1000' },
  sponge_retention: { '': '5000' },
  hot_days: { '': '40' },
  hot_season_evaporation: { '': '200' },
  // SO2 binds (2 t emitted, 3.98925 t could be removed); the others do not
  air_pollutant_emission: { pm25: '50', pm10: '80', so2: '2', no2: '100' },
  // COD binds (load 100 t, capacity 80 t)
  water_pollutant_load: { cod: '100', nh3n: '10', tp: '2' },
  water_environmental_capacity: { cod: '80', nh3n: '40', tp: '10' },
  nep: {
    park_green: '1.5',
    protective_green: '2',
    attached_green: '1',
    greenway: '1.2',
    street_trees: '2.2',
    broadleaf_forest: '3',
    urban_wetland: '1',
  },
  visits: { urban_park: '1000', greenway: '500' },
  travel_expense: { urban_park: '20', greenway: '10' },
  visit_hours: { urban_park: '2', greenway: '1.5' },
  hourly_wage: { '': '60' },
  landscape_floor_area: { park: '1000', waterfront: '500' },
  landscape_rent_premium: { park: '30', waterfront: '50' },
};

const model = loadModel('park-city-gep-2023');
const data = memoryData({ regions: ['r1'], years: [2022], values: { r1: { 2022: INPUTS } }, priceIndex: { cpi: CPI } });
const r = evaluateRegionYear(model, data, 'r1', 2022, { trace: true });

describe('park-city-gep-2023 services, by hand', () => {
  it('evaluates every service without issues', () => {
    expect(r.issues).toEqual([]);
    expect(model.services.map((s) => s.id)).toEqual([
      'crop_products',
      'water_supply',
      'heat_island_mitigation',
      'stormwater_regulation',
      'noise_reduction',
      'air_purification',
      'carbon_sequestration',
      'oxygen_release',
      'water_purification',
      'recreation',
      'landscape_premium',
    ]);
  });

  it('crop_products and water_supply: market value, as cn-gep-2022', () => {
    // 10 t grain × 3000 + 20 t vegetables × 2000 CNY/t (prices of the year: no index)
    expectService(r, 'crop_products', d('30'), d('70000'));
    // water_price 2010 (白玛卓嘎 et al. 2017, 生态学报 37(19):6302, Table 3): domestic 2.6, industrial 3.6, agricultural 0.07
    const money = sum(d('1000').mul('2.6'), d('400').mul('3.6'), d('3000').mul('0.07')).mul(to2022(2010));
    expect(str(money)).toBe('6077.5'); // (2600 + 1440 + 210) × 1.43 = 4250 × 1.43
    expectService(r, 'water_supply', d('4400'), money);
  });

  it('heat_island_mitigation: (Σ A·Q·D + A_w·E·ρ·λ) / EER, × electricity price', () => {
    // transpiration_heat, kJ/(m²·d): forest 2837.27 (MEE 2020 guideline applications, as cn-gep-2022); street trees
    // and protective belts taken as forest; other urban green 1300.95 (shrub value) — assumptions of the model.
    // Tree-canopy types: broadleaf 20 + street_trees 3 + protective_green 4 = 27 ha; other green 10 + 6 + 2 = 18 ha.
    const kJ = sum(d('27').mul('10000').mul('2837.27'), d('18').mul('10000').mul('1300.95')).mul('40'); // × 40 hot days
    const green = kJ.div('3').div('3600'); // EER 3.0 (Bo et al. 2017); 3,600 kJ per kWh
    // water: urban_lake 8 + urban_wetland 5 = 13 ha × 200 mm = 26,000 m³ = 2.6×10¹⁰ g; λ = 2450 J/g (FAO-56: 2.45 MJ/kg)
    const water = d('26000').mul('1000000').mul('2450').div('3').div('3600000');
    expect(str(water.toDecimalPlaces(6))).toBe('5898148.148148');
    const physical = green.plus(water);
    // electricity_price: 0.5224 CNY/kWh from 2020 (Sichuan first block, *verify*), × CPI 143/130
    const money = physical.mul('0.5224').mul(to2022(2020));
    expectService(r, 'heat_island_mitigation', physical, money);
    expectDec(r.values.get('heat_island_mitigation.green_cooling')?.value, green, 'green_cooling');
    expectDec(r.values.get('heat_island_mitigation.water_cooling')?.value, water, 'water_cooling');
  });

  it('stormwater_regulation: Σ A·P·(ψ_sealed − ψ_green) + sponge storage, × cost of equivalent storage', () => {
    // ψ_sealed 0.85 (concrete/asphalt 0.8–0.9), ψ_green 0.15: table E.0.1 不同下垫面的径流系数 (jianbiaoku; 海绵城市建设技术指南 2014 表4-3)
    // urban green 10 + 4 + 6 + 2 + 3 = 25 ha × 1000 mm × 0.70 = 25×10⁴ m² × 0.7 m = 175,000 m³; + 5,000 m³ sponge facilities
    const physical = d('250000').mul('0.7').plus('5000');
    expect(str(physical)).toBe('180000');
    // storage_cost 7.06 CNY/m³ (2010; reservoir cost of 白玛卓嘎 et al. 2017, Table 3) × 1.43
    expectService(r, 'stormwater_regulation', physical, physical.mul('7.06').mul(to2022(2010)));
  });

  it('noise_reduction: Σ A × attenuation per ha, × value per dB(A)·a', () => {
    // 陈龙, 谢高地 et al., 自然资源学报: road green 20,477 and tree–shrub–grass belts 23,505 dB(A)·hm⁻²·a⁻¹
    const physical = sum(d('3').mul('20477'), d('4').mul('23505'));
    expect(str(physical)).toBe('155451');
    // 7.626 CNY per dB(A)·a = 7.13×10⁸ CNY ÷ 9.35×10⁷ dB(A) (same paper, derived), priced 2015: × 143/115
    expect(d('713000000').div('93500000').toFixed(3)).toBe('7.626');
    expectService(r, 'noise_reduction', physical, physical.mul('7.626').mul(to2022(2015)));
  });

  it('dBA (noise attenuation, dB(A)·a) is a unit of its own: per ha × ha is dBA, and it converts to nothing else', () => {
    expect(sameDimension(mulUnits(parseUnit('dBA/ha'), parseUnit('ha')), parseUnit('dBA'))).toBe(true);
    expect(() => conversion(parseUnit('dBA'), parseUnit('1'))).toThrow(/cannot be converted/);
    expect(() => conversion(parseUnit('dBA'), parseUnit('kWh'))).toThrow(/cannot be converted/);
  });

  it('air_purification: Σ A × removal per ha, capped by emissions, × environmental-protection-tax value', () => {
    // removal kg/ha, urban green and forest alike: PM2.5 89.8995 (李家馨, 韩立建 et al. 2023, 生态学报 43(7):2640:
    // Suzhou 24.63 mg/m² a day × 365), coarse PM2.5–10 twice that (assumption), SO2 88.65, NOx 6.0 (中国生物多样性
    // 国情研究报告 1998, as cn-gep-2022). Urban green 25 ha + broadleaf forest 20 ha = 45 ha.
    expect(d('24.63').mul('365').div('100').toString()).toBe('89.8995'); // mg/m² → kg/ha is ÷ 100
    const pm25 = d('45').mul('89.8995').div('1000'); // 4.0454775 t
    const pm10 = d('45').mul('179.799').div('1000'); // 8.090955 t
    const so2 = d('2'); // 45 × 88.65 kg = 3.98925 t, capped by the 2 t emitted
    const no2 = d('45').mul('6').div('1000'); // 0.27 t
    const caps = r.diagnostics.filter((x) => x.indicator === 'air_purification.physical').map((x) => [x.code, x.keys]);
    expect(caps).toEqual([['cap_bound', ['so2']]]);
    expectDec(r.values.get('air_purification.physical')!.by!.get('so2'), so2, 'air_purification.physical[so2]');
    // 环境保护税法 附表二: SO2 and NOx 0.95 kg per equivalent, 烟尘 2.18 kg; Sichuan 3.9 CNY per equivalent (2018)
    const gas = d('3.9').div('0.95').mul('1000');
    const dust = d('3.9').div('2.18').mul('1000');
    const money = sum(pm25.mul(dust), pm10.mul(dust), so2.mul(gas), no2.mul(gas)).mul(to2022(2018));
    expectService(r, 'air_purification', sum(pm25, pm10, so2, no2), money);
  });

  it('carbon_sequestration and oxygen_release: A × NEP × 44/12; × 32/44', () => {
    // tC = 10×1.5 + 4×2 + 6×1 + 2×1.2 + 3×2.2 + 20×3 + 5×1 = 103
    const tC = sum(d('15'), d('8'), d('6'), d('2.4'), d('6.6'), d('60'), d('5'));
    const co2 = tC.mul('44').div('12');
    // carbon_price 380 CNY/tCO2 (2010, 白玛卓嘎 et al. 2017, Table 3) × 1.43
    expectService(r, 'carbon_sequestration', co2, co2.mul('380').mul(to2022(2010)));
    const o2 = co2.mul('32').div('44'); // = 103 × 32/12 t
    // oxygen_price 727 CNY/t (2010, same table) × 1.43
    expectService(r, 'oxygen_release', o2, o2.mul('727').mul(to2022(2010)));
  });

  it('water_purification: load capped by capacity, × treatment cost', () => {
    // COD 100 t capped at 80; NH3-N 10; TP 2 — 700, 875, 2800 CNY/t (2010 levy basis, 白玛卓嘎 et al. 2017) × 1.43
    const money = sum(d('80').mul('700'), d('10').mul('875'), d('2').mul('2800')).mul(to2022(2010));
    expectService(r, 'water_purification', d('92'), money);
  });

  it('recreation: visits × (expense + hours × wage × 1/3)', () => {
    // value of time = 1/3 of the wage rate (Cesario 1976, Land Economics 52(1):32-41)
    // parks 1000 × 20 + 1000 × 2 h × 60 × 1/3 = 20,000 + 40,000; greenways 500 × 10 + 500 × 1.5 × 60 / 3 = 5,000 + 15,000
    expectService(r, 'recreation', d('1500'), d('80000'));
    expectDec(r.values.get('recreation.expense')?.value, d('25000'), 'recreation.expense');
    expectDec(r.values.get('recreation.time_cost')?.value, d('55000'), 'recreation.time_cost');
  });

  it('landscape_premium: floor area × annual rent premium', () => {
    expectService(r, 'landscape_premium', d('1500'), d('55000')); // 1000 × 30 + 500 × 50
  });

  it('gep explain shows the formula, inputs and sourced coefficients of every service', () => {
    for (const s of model.services) {
      const text = explain(r.traces!, `${s.id}.money`, { diagnostics: r.diagnostics }).join('\n');
      expect(text, s.id).not.toMatch(/no trace/);
      expect(text, s.id).toContain(`${s.id}.money =`);
      expect(text, s.id).toMatch(/input \w+/);
    }
    const heat = explain(r.traces!, 'heat_island_mitigation.money').join('\n');
    expect(heat).toContain('transpiration_heat');
    expect(heat).toContain('street_trees');
    expect(heat).toMatch(/source: .*MEE 2020/);
    const noise = explain(r.traces!, 'noise_reduction.money').join('\n');
    expect(noise).toContain('dBA');
    expect(noise).toContain('陈龙');
  });
});
