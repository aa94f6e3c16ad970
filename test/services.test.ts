/**
 * Every service of cn-gep-2022, computed by hand from a small in-memory dataset and compared with the engine.
 *
 * The hand figures are written out as decimal strings and combined with the engine's Decimal class (never a
 * JS float). Each coefficient is typed in again here, with its `source` copied from
 * models/cn-gep-2022/coefficients.yaml, so that a changed coefficient or formula shows up as a failure.
 * Engine and hand values must agree within 10⁻⁶ of their unit (the engine stores each indicator value at
 * 12 decimal places and computes at 34 significant digits).
 *
 * Price index: CPI 2010 = 100, 2015 = 115, 2020 = 130. Every money coefficient of the model is priced in
 * the year of its entry (2010 unless said), so at current prices of 2020 it is multiplied by
 * CPI_2020 / CPI_2010 = 1.3.
 */
import { describe, expect, it } from 'vitest';
import { Dec, str } from '../engine/core/decimal.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { evaluateRegionYear, type RegionYearResult } from '../engine/eval/evaluate.ts';
import type { Read } from '../engine/eval/trace.ts';
import { compileModelData, loadModel, readModelData } from '../models/load.ts';
import { memoryData, type InputValues } from './helpers/memory-data.ts';

// ---- helpers -----------------------------------------------------------------------------------------------
const d = (text: string): Dec => new Dec(text);
const sum = (...xs: Dec[]): Dec => xs.reduce((a, b) => a.plus(b), d('0'));
const max0 = (x: Dec): Dec => (x.isNegative() ? d('0') : x);

function expectDec(actual: Dec | undefined, expected: Dec, what: string): void {
  expect(actual, `${what} was not computed`).toBeDefined();
  // The engine stores each indicator at 12 decimal places of its unit; a price of up to ~10³ can carry that
  // last-place rounding up to the 9th place of a money value. 10⁻⁶ (a micro-unit) is far below any formula error.
  const a = actual!,
    e = expected;
  expect(a.minus(e).abs().lte('0.000001'), `${what}: engine ${str(a)} ≠ hand ${str(e)}`).toBe(true);
}

function expectService(r: RegionYearResult, service: string, physical: Dec, money: Dec): void {
  expect(r.issues).toEqual([]);
  expectDec(r.values.get(`${service}.physical`)?.value, physical, `${service}.physical`);
  expectDec(r.values.get(`${service}.money`)?.value, money, `${service}.money`);
}

function coefficientRead(r: RegionYearResult, indicator: string, name: string, keys: string[] = []): Read | undefined {
  return r.traces
    ?.get(indicator)
    ?.reads.find((x) => x.kind === 'coefficient' && x.name === name && (x.keys ?? []).join('|') === keys.join('|'));
}

// ---- the dataset -------------------------------------------------------------------------------------------
const CPI = { 2010: '100', 2015: '115', 2020: '130' } as const;
/** CPI_2020 / CPI_2010: moves a 2010-priced coefficient to 2020 prices. */
const CPI_2020_2010 = d(CPI[2020]).div(d(CPI[2010]));
/** CPI_2015 / CPI_2010 */
const CPI_2015_2010 = d(CPI[2015]).div(d(CPI[2010]));

/** Areas (ha) of the ecosystem types: forest = broadleaf + coniferous; grassland = shrub_grass. */
const AREA = {
  broadleaf_forest: '100',
  coniferous_forest: '50',
  shrub: '20',
  shrub_grass: '10',
  wetland: '5',
  water_body: '8',
  paddy: '30',
  dry_farmland: '40',
  urban_green: '12',
  built_up: '60',
} as const;
const A = (type: keyof typeof AREA): Dec => d(AREA[type]);

const INPUTS: InputValues = {
  area: { ...AREA },
  // provisioning
  product_output: {
    grain: '100',
    vegetables: '200',
    tea: '3.5',
    pork: '50',
    eggs: '12.5',
    fish: '40',
    nuts_fruit_trees: '5',
    bamboo_shoots: '20',
  },
  product_price: {
    grain: '2500',
    vegetables: '1800.5',
    tea: '120000',
    pork: '24000',
    eggs: '9000',
    fish: '15000',
    nuts_fruit_trees: '30000',
    bamboo_shoots: '4000',
  },
  timber_output: { '': '300' },
  timber_price: { '': '650' },
  water_supply: { domestic: '1000000', industrial: '500000', agricultural: '2000000' },
  hydropower_generation: { '': '10000000' },
  // water conservation
  precipitation: { '': '1000' },
  evapotranspiration: { broadleaf_forest: '500', coniferous_forest: '550', shrub: '600', shrub_grass: '950', wetland: '700' },
  // soil retention
  rainfall_erosivity: { '': '3000' },
  soil_erodibility: { '': '0.02' },
  slope_length_factor: {
    broadleaf_forest: '2',
    coniferous_forest: '3',
    shrub: '1.5',
    shrub_grass: '1',
    paddy: '0.5',
    dry_farmland: '1.2',
    urban_green: '0.2',
  },
  // windbreak and sand fixation
  wind_erosion_potential: { broadleaf_forest: '5', coniferous_forest: '4', shrub: '6', shrub_grass: '8', paddy: '1', dry_farmland: '10' },
  wind_erosion_actual: {
    broadleaf_forest: '0.5',
    coniferous_forest: '0.8',
    shrub: '1.5',
    shrub_grass: '3',
    paddy: '1.5',
    dry_farmland: '7.25',
  },
  // flood regulation
  lake_area: { lake_a: '2.5', lake_b: '0.8' },
  lake_turnover: { lake_a: '3', lake_b: '1.5' },
  reservoir_capacity: { '': '20000000' },
  // purification: NOx (air) and NH3-N (water) are capped, the others are not
  air_pollutant_emission: { so2: '500', nox: '0.5', dust: '5000' },
  water_pollutant_load: { cod: '800', nh3n: '60', tp: '9' },
  water_environmental_capacity: { cod: '1000', nh3n: '40', tp: '10' },
  // carbon and oxygen
  nep: { broadleaf_forest: '3.2', coniferous_forest: '2.8', shrub: '1.5', shrub_grass: '1.1', wetland: '0.9', urban_green: '2' },
  // climate regulation
  hot_days: { '': '40' },
  hot_season_evaporation: { '': '150' },
  // cultural
  visits: { scenic_area: '200000', park_greenway: '1500000' },
  travel_cost: { scenic_area: '350', park_greenway: '25.5' },
  landscape_floor_area: { waterfront: '50000', park_greenway: '80000', forest_hill: '20000' },
  landscape_rent_premium: { waterfront: '12', park_greenway: '8.5', forest_hill: '5.25' },
};
const I = (name: string, key = ''): Dec => d(INPUTS[name]![key]!);

function dataWith(inputs: InputValues = INPUTS) {
  return memoryData({
    regions: ['r1'],
    years: [2015, 2020],
    values: { r1: { 2015: inputs, 2020: inputs } },
    priceIndex: { cpi: CPI },
  });
}

const model = loadModel('cn-gep-2022');
const data = dataWith();
const r2020 = evaluateRegionYear(model, data, 'r1', 2020, { trace: true });
const r2015 = evaluateRegionYear(model, data, 'r1', 2015, { trace: true });

// ---- the 18 services ---------------------------------------------------------------------------------------
describe('cn-gep-2022 services, by hand', () => {
  it('evaluates every service of the model without issues', () => {
    expect(r2020.issues).toEqual([]);
    expect(r2015.issues).toEqual([]);
    expect(model.services.map((s) => s.id)).toEqual([
      'crop_products',
      'livestock_products',
      'aquatic_products',
      'forest_products',
      'water_supply',
      'ecological_energy',
      'water_conservation',
      'soil_retention',
      'windbreak_sand_fixation',
      'flood_regulation',
      'air_purification',
      'water_purification',
      'carbon_sequestration',
      'oxygen_release',
      'climate_regulation',
      'pest_control',
      'recreation',
      'landscape_premium',
    ]);
  });

  // ---- Provisioning: output × price of the year (prices are inputs, no coefficient) ----
  it('crop_products: Σ_crops Q × p', () => {
    // crops in the data: grain, vegetables, tea (pork, fish … are other groups and must be left out)
    const physical = sum(I('product_output', 'grain'), I('product_output', 'vegetables'), I('product_output', 'tea'));
    const money = sum(
      d('100').mul(d('2500')), //  grain      100 t × 2500 CNY/t
      d('200').mul(d('1800.5')), // vegetables 200 t × 1800.5 CNY/t
      d('3.5').mul(d('120000')), // tea        3.5 t × 120000 CNY/t
    );
    expect(str(physical)).toBe('303.5');
    expect(str(money)).toBe('1030100');
    expectService(r2020, 'crop_products', physical, money);
  });

  it('livestock_products: Σ_livestock Q × p', () => {
    const physical = d('50').plus(d('12.5')); // pork 50 t + eggs 12.5 t
    const money = d('50')
      .mul(d('24000'))
      .plus(d('12.5').mul(d('9000')));
    expectService(r2020, 'livestock_products', physical, money);
  });

  it('aquatic_products: Σ_aquatic Q × p', () => {
    const physical = d('40'); // fish 40 t
    const money = d('40').mul(d('15000'));
    expectService(r2020, 'aquatic_products', physical, money);
  });

  it('forest_products: timber m3 × price + Σ_forestry non-timber Q × p', () => {
    const physical = I('timber_output'); // 300 m3 of timber (the physical account is the timber)
    const nontimberT = d('5').plus(d('20')); // nuts 5 t + bamboo shoots 20 t
    const nontimberMoney = d('5')
      .mul(d('30000'))
      .plus(d('20').mul(d('4000')));
    const money = d('300').mul(d('650')).plus(nontimberMoney);
    expectService(r2020, 'forest_products', physical, money);
    expectDec(r2020.values.get('forest_products.nontimber_physical')?.value, nontimberT, 'forest_products.nontimber_physical');
    expectDec(r2020.values.get('forest_products.nontimber_money')?.value, nontimberMoney, 'forest_products.nontimber_money');
  });

  it('water_supply: Σ_use Q × water_price × CPI_2020/CPI_2010', () => {
    // water_price domestic 2.6, industrial 3.6, agricultural 0.07 CNY/m3 (2010),
    //   白玛卓嘎 et al. 2017, 生态学报 37(19):6302, Table 3 (Garzê 2010 water prices)
    const physical = sum(d('1000000'), d('500000'), d('2000000'));
    const money = sum(d('1000000').mul(d('2.6')), d('500000').mul(d('3.6')), d('2000000').mul(d('0.07'))).mul(CPI_2020_2010);
    expect(str(money)).toBe('5902000');
    expectService(r2020, 'water_supply', physical, money);
  });

  it('ecological_energy: kWh × hydropower_price × CPI_2020/CPI_2010', () => {
    // hydropower_price 0.53 CNY/kWh (2010), 白玛卓嘎 et al. 2017, 生态学报 37(19):6302, Table 3 (Garzê 2010)
    const physical = I('hydropower_generation');
    const money = physical.mul(d('0.53')).mul(CPI_2020_2010);
    expectService(r2020, 'ecological_energy', physical, money);
  });

  // ---- Regulating ----
  it('water_conservation: Q = Σ_i A_i · max(P − P·α_i − ET_i, 0), ha·mm = 10 m3; money = Q × 7.06 × CPI ratio', () => {
    // runoff_coefficient α: coniferous 0.0302, broadleaf 0.0267, shrub 0.0426, shrub_grass 0.0937, wetland 0,
    //   龚诗涵, 肖洋, 郑华, 肖燚, 欧阳志云. 中国生态系统水源涵养空间特征及其影响因素. 生态学报 2017, 37(7):2455,
    //   Table 1 (evergreen types; *verify* against the primary table)
    // reservoir_cost 7.06 CNY/m3 (2010), 白玛卓嘎 et al. 2017, 生态学报 37(19):6302, Table 3 (Garzê 2010)
    const P = I('precipitation'); // 1000 mm
    const alpha = {
      broadleaf_forest: '0.0267',
      coniferous_forest: '0.0302',
      shrub: '0.0426',
      shrub_grass: '0.0937',
      wetland: '0',
    } as const;
    const HA_MM_IN_M3 = d('10'); // 1 ha × 1 mm = 10^4 m2 × 10^-3 m = 10 m3
    let haMm = d('0');
    for (const [type, a] of Object.entries(alpha)) {
      const balance = P.minus(P.mul(d(a))).minus(I('evapotranspiration', type)); // mm
      haMm = haMm.plus(A(type as keyof typeof AREA).mul(max0(balance)));
    }
    // shrub_grass: 1000 − 93.7 − 950 = −43.7 mm → counts as 0
    // 100·473.3 + 50·419.8 + 20·357.4 + 10·0 + 5·300 = 76968 ha·mm
    expect(str(haMm)).toBe('76968');
    const physical = haMm.mul(HA_MM_IN_M3);
    const money = physical.mul(d('7.06')).mul(CPI_2020_2010);
    expectService(r2020, 'water_conservation', physical, money);
    expect(r2020.values.get('water_conservation.physical')!.by!.get('shrub_grass')!.isZero()).toBe(true);
  });

  it('soil_retention: Σ_i A_i·R·K·LS_i·(1 − C_i·P_i); money = λ·Q/ρ·dredging + Q·(N%·p_N + P%·p_P)', () => {
    // cover_factor C: forest 0.006, shrub 0.03, grassland 0.05, paddy 0.1, dry_farmland 0.23, urban_green 0.01,
    //   typical RUSLE C values for Chinese land covers after Wischmeier & Smith 1978 (USDA AH-537) and 蔡崇法 et al.
    //   2000, 水土保持学报 14(2):19 (*verify*; replace with the region's remote-sensing C)
    //   (given for the group "forest": applies to broadleaf_forest and coniferous_forest; "grassland" to shrub_grass)
    // practice_factor P: forest 1, shrub 1, grassland 1, paddy 0.15, dry_farmland 0.4, urban_green 1,
    //   typical RUSLE P values (no practice = 1; terraced paddy 0.15, contour dry farmland 0.4) after Wischmeier &
    //   Smith 1978, USDA AH-537 (*verify*)
    // siltation_ratio λ 0.24, 白玛卓嘎 et al. 2017, 生态学报 37(19):6302 (λ = 0.24)
    // soil_bulk_density ρ 1.3 t/m3, ChinaXiv-201707.00101 (Lancang, 1.3 g/cm³), closer to Sichuan-basin purple soils than Garzê's 0.93
    // dredging_cost 15.58 CNY/m3 (2010), 白玛卓嘎 et al. 2017, 生态学报 37(19):6302, Table 3 (Garzê 2010)
    // soil_n_content 0.37 %, 白玛卓嘎 et al. 2017 (Garzê soils); replace with local soil survey values
    // soil_p_content 0.108 %, 白玛卓嘎 et al. 2017 (Garzê soils); replace with local soil survey values
    // n_pollution_cost 875 CNY/t (2010), 白玛卓嘎 et al. 2017 (= 2003 levy 0.7 CNY per equivalent ÷ 0.8 kg NH3-N), applied to 2010
    // p_pollution_cost 2800 CNY/t (2010), 白玛卓嘎 et al. 2017 (= 2003 levy 0.7 CNY per equivalent ÷ 0.25 kg TP), applied to 2010
    const RK = I('rainfall_erosivity').mul(I('soil_erodibility')); // MJ mm/(ha h) × t h/(MJ mm) = 60 t/ha
    const CP: Record<string, [string, string]> = {
      broadleaf_forest: ['0.006', '1'], // group forest
      coniferous_forest: ['0.006', '1'], // group forest
      shrub: ['0.03', '1'],
      shrub_grass: ['0.05', '1'], // group grassland
      paddy: ['0.1', '0.15'],
      dry_farmland: ['0.23', '0.4'],
      urban_green: ['0.01', '1'],
    };
    let physical = d('0'); // t
    for (const [type, [c, p]] of Object.entries(CP)) {
      const potential = A(type as keyof typeof AREA)
        .mul(RK)
        .mul(I('slope_length_factor', type)); // R·K·LS·A
      physical = physical.plus(potential.minus(potential.mul(d(c)).mul(d(p)))); // − R·K·LS·C·P·A
    }
    // 11928 + 8946 + 1746 + 570 + 886.5 + 2615.04 + 142.56
    expect(str(physical)).toBe('26834.1');
    const siltation = d('0.24').mul(physical).div(d('1.3')).mul(d('15.58').mul(CPI_2020_2010)); // m3 of silt × CNY/m3
    const PERCENT = d('0.01');
    const nutrients = physical.mul(
      d('0.37')
        .mul(PERCENT)
        .mul(d('875').mul(CPI_2020_2010))
        .plus(d('0.108').mul(PERCENT).mul(d('2800').mul(CPI_2020_2010))),
    );
    expectService(r2020, 'soil_retention', physical, siltation.plus(nutrients));
    expectDec(r2020.values.get('soil_retention.siltation')?.value, siltation, 'soil_retention.siltation');
    expectDec(r2020.values.get('soil_retention.nutrients')?.value, nutrients, 'soil_retention.nutrients');
  });

  it('soil_retention: cover_factor given for the group "forest" applies to broadleaf_forest', () => {
    const read = coefficientRead(r2020, 'soil_retention.physical', 'cover_factor', ['broadleaf_forest']);
    expect(read).toMatchObject({ value: '0.006', matched: 'forest' });
    expect(coefficientRead(r2020, 'soil_retention.physical', 'cover_factor', ['shrub_grass'])).toMatchObject({
      value: '0.05',
      matched: 'grassland',
    });
    // an exact key is not a group match
    expect(coefficientRead(r2020, 'soil_retention.physical', 'cover_factor', ['paddy'])?.matched).toBeUndefined();
    // broadleaf: 100 ha × 60 t/ha × LS 2 × (1 − 0.006 × 1) = 11928 t
    expectDec(
      r2020.values.get('soil_retention.physical')!.by!.get('broadleaf_forest'),
      d('100')
        .mul(d('60'))
        .mul(d('2'))
        .mul(d('1').minus(d('0.006'))),
      'soil_retention.physical[broadleaf_forest]',
    );
  });

  it('windbreak_sand_fixation: Σ_i A_i · max(pot_i − act_i, 0) t; money = Q / (ρ_sand · h) × cost', () => {
    // sand_bulk_density 1.28 t/m3, 白玛卓嘎 et al. 2017, 生态学报 37(19):6302
    // sand_cover_depth 0.1 m, 白玛卓嘎 et al. 2017, 生态学报 37(19):6302
    // sand_control_cost 3.75 CNY/m2 (2010), 白玛卓嘎 et al. 2017, 生态学报 37(19):6302, Table 3 (Garzê 2010)
    const types = ['broadleaf_forest', 'coniferous_forest', 'shrub', 'shrub_grass', 'paddy', 'dry_farmland'] as const;
    const physical = sum(...types.map((t) => A(t).mul(max0(I('wind_erosion_potential', t).minus(I('wind_erosion_actual', t))))));
    // 450 + 160 + 90 + 50 + 0 (paddy: 1 − 1.5 < 0) + 110
    expect(str(physical)).toBe('860');
    const areaProtected = physical.div(d('1.28').mul(d('0.1'))); // t / (t/m3 × m) = m2
    const money = areaProtected.mul(d('3.75').mul(CPI_2020_2010));
    expectService(r2020, 'windbreak_sand_fixation', physical, money);
  });

  it('flood_regulation: lakes e^6.636·A^0.678·T ×10^4 m3 + 0.35 × reservoir capacity + 0.3 m × marsh area', () => {
    // lake_flood_a 6.636, 饶恩明, 肖燚, 欧阳志云 et al. 中国湖泊水量调节能力及其动态变化. 生态学报 2014, 34(21):6225; as used in 白玛卓嘎 et al. 2017
    // lake_flood_b 0.678, 饶恩明 et al. 2014, 生态学报 34(21):6225 (C_l = e^6.636 · A^0.678 · T, 10⁴ m³)
    // lake_flood_volume_unit 10000 m3, 饶恩明 et al. 2014 give C_l in 10⁴ m³
    // reservoir_flood_share 0.35, 白玛卓嘎 et al. 2017, 生态学报 37(19):6302 (C_r = 0.35 × total capacity)
    // marsh_retention_depth 0.3 m, 白玛卓嘎 et al. 2017, 生态学报 37(19):6302 (C_m = 0.3 × S × 10⁶, S in km²)
    // reservoir_cost 7.06 CNY/m3 (2010), 白玛卓嘎 et al. 2017, 生态学报 37(19):6302, Table 3 (Garzê 2010)
    const lake = (areaKm2: string, turnover: string) =>
      d('6.636')
        .exp()
        .mul(d(areaKm2).pow(d('0.678')))
        .mul(d(turnover))
        .mul(d('10000'));
    const lakes = lake('2.5', '3').plus(lake('0.8', '1.5'));
    const reservoirs = d('0.35').mul(d('20000000'));
    const HA_M_IN_M3 = d('10000');
    const marsh = A('wetland').mul(d('0.3')).mul(HA_M_IN_M3); // 5 ha × 0.3 m = 15000 m3
    const physical = lakes.plus(reservoirs).plus(marsh);
    const money = physical.mul(d('7.06')).mul(CPI_2020_2010);
    expectService(r2020, 'flood_regulation', physical, money);
    expectDec(r2020.values.get('flood_regulation.lake_storage')?.value, lakes, 'flood_regulation.lake_storage');
    expectDec(r2020.values.get('flood_regulation.lake_storage')!.by!.get('lake_a'), lake('2.5', '3'), 'lake_storage[lake_a]');
    expectDec(r2020.values.get('flood_regulation.reservoir_storage')?.value, reservoirs, 'flood_regulation.reservoir_storage');
    expectDec(r2020.values.get('flood_regulation.marsh_storage')?.value, marsh, 'flood_regulation.marsh_storage');
    // order of magnitude: e^6.636 ≈ 762, so lake_a ≈ 762 × 1.86 × 3 × 10^4 ≈ 4.25 × 10^7 m3
    expect(lake('2.5', '3').gt(d('4.2e7')) && lake('2.5', '3').lt(d('4.3e7'))).toBe(true);
  });

  it('air_purification: Σ_j min(Σ_{forest, urban green} A_i·q_ij kg → t, emission_j) × treatment cost_j', () => {
    // pollutant_absorption (kg/ha): coniferous_forest so2 215.60 nox 6.0 dust 33200; broadleaf_forest so2 88.65
    //   nox 6.0 dust 10110; urban_green so2 88.65 nox 6.0 dust 10110,
    //   中国生物多样性国情研究报告 (1998) as quoted in LY/T 1721-2008 applications (SO2 215.60 / 88.65 kg/ha, dust
    //   33.2 / 10.11 t/ha; NOx 6.0 kg/ha); mixed forest = mean of the two; urban green taken as broadleaf (*verify*)
    // air_treatment_cost so2 1200, nox 630, dust 150 CNY/t (2010),
    //   白玛卓嘎 et al. 2017, 生态学报 37(19):6302, Table 3 (Garzê 2010; levy basis)
    const KG_PER_T = d('1000');
    const absorbed = (b: string, c: string, u: string) =>
      sum(A('broadleaf_forest').mul(d(b)), A('coniferous_forest').mul(d(c)), A('urban_green').mul(d(u))).div(KG_PER_T); // t
    const capacity = {
      so2: absorbed('88.65', '215.60', '88.65'),
      nox: absorbed('6.0', '6.0', '6.0'),
      dust: absorbed('10110', '33200', '10110'),
    };
    expect(str(capacity.so2)).toBe('20.7088'); // < emission 500 t: not capped
    expect(str(capacity.nox)).toBe('0.972'); //   > emission 0.5 t: capped at 0.5
    expect(str(capacity.dust)).toBe('2792.32'); // < emission 5000 t: not capped
    const q = {
      so2: Dec.min(capacity.so2, I('air_pollutant_emission', 'so2')),
      nox: Dec.min(capacity.nox, I('air_pollutant_emission', 'nox')),
      dust: Dec.min(capacity.dust, I('air_pollutant_emission', 'dust')),
    };
    expect(str(q.nox)).toBe('0.5');
    const physical = sum(q.so2, q.nox, q.dust);
    const money = sum(q.so2.mul(d('1200')), q.nox.mul(d('630')), q.dust.mul(d('150'))).mul(CPI_2020_2010);
    expectService(r2020, 'air_purification', physical, money);
    expectDec(r2020.values.get('air_purification.physical')!.by!.get('nox'), d('0.5'), 'air_purification.physical[nox]');

    const caps = r2020.diagnostics.filter((x) => x.indicator === 'air_purification.physical');
    expect(caps.map((x) => [x.code, x.keys])).toEqual([['cap_bound', ['nox']]]);
  });

  it('air_purification: an absent (optional) emission leaves the capacity uncapped and says so', () => {
    const inputs = { ...INPUTS, air_pollutant_emission: { so2: '500', nox: '0.5' } };
    const r = evaluateRegionYear(model, dataWith(inputs), 'r1', 2020);
    expect(r.issues).toEqual([]);
    expectDec(r.values.get('air_purification.physical')!.by!.get('dust'), d('2792.32'), 'air_purification.physical[dust]');
    const diags = r.diagnostics.filter((x) => x.indicator === 'air_purification.physical').map((x) => [x.code, x.keys]);
    expect(diags).toEqual([
      ['cap_bound', ['nox']],
      ['cap_not_applied', ['dust']],
    ]);
  });

  it('water_purification: Σ_j min(load_j, capacity_j) × treatment cost_j', () => {
    // water_treatment_cost cod 700, nh3n 875, tp 2800 CNY/t (2010),
    //   白玛卓嘎 et al. 2017 (levy basis, 0.7 CNY per pollution equivalent ÷ kg per equivalent — COD 1, NH3-N 0.8, TP 0.25)
    const q = {
      cod: Dec.min(d('800'), d('1000')), // 800, not capped
      nh3n: Dec.min(d('60'), d('40')), //   40, capped by the environmental capacity
      tp: Dec.min(d('9'), d('10')), //      9, not capped
    };
    const physical = sum(q.cod, q.nh3n, q.tp);
    expect(str(physical)).toBe('849');
    const money = sum(q.cod.mul(d('700')), q.nh3n.mul(d('875')), q.tp.mul(d('2800'))).mul(CPI_2020_2010);
    expectService(r2020, 'water_purification', physical, money);
    const caps = r2020.diagnostics.filter((x) => x.indicator === 'water_purification.physical');
    expect(caps.map((x) => [x.code, x.keys])).toEqual([['cap_bound', ['nh3n']]]);
  });

  it('carbon_sequestration: Σ_i A_i × NEP_i × 44/12 tCO2; money × carbon price', () => {
    // co2_per_c 44/12 tCO2/tC, molar masses CO2 44, C 12 (IPCC 2006 Vol. 4 Eq. 2.x convention)
    // carbon_price 380 CNY/tCO2 (2010), 白玛卓嘎 et al. 2017, 生态学报 37(19):6302, Table 3 (Garzê 2010); the market (ETS) basis is a scenario choice
    const types = ['broadleaf_forest', 'coniferous_forest', 'shrub', 'shrub_grass', 'wetland', 'urban_green'] as const;
    const tC = sum(...types.map((t) => A(t).mul(I('nep', t)))); // farmland is left out
    expect(str(tC)).toBe('529.5'); // 320 + 140 + 30 + 11 + 4.5 + 24
    const physical = tC.mul(d('44').div(d('12')));
    const money = physical.mul(d('380').mul(CPI_2020_2010));
    expectService(r2020, 'carbon_sequestration', physical, money);
  });

  it('oxygen_release: 32/44 × Q_CO2; money × oxygen price', () => {
    // o2_per_co2 32/44 t/tCO2, photosynthesis 6CO2 + 6H2O → C6H12O6 + 6O2: one mole O2 per mole CO2
    //   (shared/METHODS.md, GEP-SERVICES: Q_O2 = 32/44 × Q_CO2)
    // oxygen_price 727 CNY/t (2010), 白玛卓嘎 et al. 2017, 生态学报 37(19):6302, Table 3 (Garzê 2010)
    const co2 = d('529.5').mul(d('44').div(d('12')));
    const physical = co2.mul(d('32').div(d('44'))); // = 529.5 × 32/12 = 1412 t O2
    expectDec(physical, d('529.5').mul(d('32')).div(d('12')), 'O2 = C × 32/12');
    const money = physical.mul(d('727').mul(CPI_2020_2010));
    expectService(r2020, 'oxygen_release', physical, money);
  });

  describe('climate_regulation', () => {
    // transpiration_heat (kJ/(m2 d)): forest 2837.27, shrub 1300.95, grassland 1006.47, urban_green 1300.95,
    //   values used in applications of the MEE 2020 guideline (forest 2837.27, shrub 1300.95, grassland 1006.47
    //   kJ/(m²·d)); urban green taken as shrub (*verify*)
    // ac_efficiency r 3.0, Bo et al. 2017 (ChinaXiv-201706.00846); Youyang platform default
    // water_density 1 t/m3, physical constant (1 t/m³)
    // latent_heat 2450 J/g, latent heat of vaporisation at about 20 °C; Youyang platform default
    // humidifier_energy 120 kWh/m3, Youyang platform default (γ = 120 kWh/m³), shared/GEP-SERVICES.md
    const M2_PER_HA = d('10000');
    const KJ_PER_KWH = d('3600');
    const days = I('hot_days'); // 40 d
    const epp = {
      broadleaf_forest: '2837.27',
      coniferous_forest: '2837.27',
      shrub: '1300.95',
      shrub_grass: '1006.47',
      urban_green: '1300.95',
    } as const;
    // E_pt = Σ_i EPP_i × A_i × d / (3600 × r)   (kJ → kWh is /3600)
    const transpiration = sum(
      ...Object.entries(epp).map(([t, e]) =>
        A(t as keyof typeof AREA)
          .mul(M2_PER_HA)
          .mul(d(e))
          .mul(days)
          .div(KJ_PER_KWH.mul(d('3.0'))),
      ),
    );
    // E_we = E_w × ρ × q / 3600 + E_w × γ, with E_w the evaporated volume of the water bodies
    const evaporatedM3 = A('water_body').mul(I('hot_season_evaporation')).mul(d('10')); // 8 ha × 150 mm = 12000 m3
    const grams = evaporatedM3.mul(d('1')).mul(d('1000000')); // × 1 t/m3, t → g
    const J_PER_KWH = d('3600000');
    const evaporation = grams
      .mul(d('2450'))
      .div(J_PER_KWH)
      .plus(evaporatedM3.mul(d('120')));
    const physical = transpiration.plus(evaporation);

    it('physical: transpiration and evaporation in kWh', () => {
      expect(str(evaporatedM3)).toBe('12000');
      expectDec(r2020.values.get('climate_regulation.transpiration')?.value, transpiration, 'climate_regulation.transpiration');
      expectDec(r2020.values.get('climate_regulation.evaporation')?.value, evaporation, 'climate_regulation.evaporation');
      // the same physical account in 2015 and 2020 (same data)
      expectDec(r2015.values.get('climate_regulation.physical')?.value, physical, 'climate_regulation.physical (2015)');
    });

    it('2020: electricity_price entry from 2020 (0.5224, priced in 2020) supersedes 0.53 from 2010', () => {
      // electricity_price 0.5224 CNY/kWh from 2020, Sichuan residential tariff, first block (一户一表) (*verify* against the Sichuan price notice)
      const money = physical.mul(d('0.5224')); // priced in 2020: no index factor at 2020 prices
      expectService(r2020, 'climate_regulation', physical, money);
      const read = coefficientRead(r2020, 'climate_regulation.money', 'electricity_price');
      expect(read).toMatchObject({ value: '0.5224', validFrom: 2020 });
      expect(read?.indexFactor).toBeUndefined();
    });

    it('2015: the 2010 entry (0.53) is in force, moved to 2015 prices by CPI_2015/CPI_2010', () => {
      // electricity_price 0.53 CNY/kWh (2010), 白玛卓嘎 et al. 2017, 生态学报 37(19):6302, Table 3 (Garzê 2010)
      const money = physical.mul(d('0.53').mul(CPI_2015_2010));
      expectService(r2015, 'climate_regulation', physical, money);
      expect(coefficientRead(r2015, 'climate_regulation.money', 'electricity_price')).toMatchObject({
        validFrom: 2010,
        indexFactor: '1.15',
      });
    });
  });

  it('pest_control: forest and grassland area × prevention cost', () => {
    // pest_control_cost forest 375, grassland 112.5 CNY/ha (2010), 白玛卓嘎 et al. 2017, 生态学报 37(19):6302, Table 3 (Garzê 2010)
    const forest = A('broadleaf_forest').plus(A('coniferous_forest')); // 150 ha
    const grassland = A('shrub_grass'); // 10 ha
    const physical = forest.plus(grassland);
    const money = forest
      .mul(d('375'))
      .plus(grassland.mul(d('112.5')))
      .mul(CPI_2020_2010);
    expectService(r2020, 'pest_control', physical, money);
  });

  // ---- Cultural ----
  it('recreation: Σ_site visits × travel cost', () => {
    const physical = d('200000').plus(d('1500000'));
    const money = d('200000')
      .mul(d('350'))
      .plus(d('1500000').mul(d('25.5')));
    expectService(r2020, 'recreation', physical, money);
  });

  it('landscape_premium: Σ_amenity floor area × annual rent premium', () => {
    const physical = sum(d('50000'), d('80000'), d('20000'));
    const money = sum(d('50000').mul(d('12')), d('80000').mul(d('8.5')), d('20000').mul(d('5.25')));
    expectService(r2020, 'landscape_premium', physical, money);
  });
});

// ---- failures ----------------------------------------------------------------------------------------------
describe('cn-gep-2022 failures', () => {
  const modelData = (): Record<string, any> =>
    structuredClone(readModelData(new URL('../models/cn-gep-2022', import.meta.url).pathname).data) as Record<string, any>;

  it('a coefficient without a value for an ecosystem type that has area is an issue naming both', () => {
    const m = modelData();
    delete m.coefficients.runoff_coefficient.entries[0].table.wetland;
    const compiled = compileModelData(m);
    const r = evaluateRegionYear(compiled, dataWith(), 'r1', 2020);
    expect(r.issues.length).toBeGreaterThan(0);
    expect(r.issues[0]!.code).toBe('parameter_missing_key'); // the code of the one in-force function (engine/params)
    expect(r.issues[0]!.message).toContain('runoff_coefficient');
    expect(r.issues[0]!.message).toContain('wetland');
    // no silent zero: the service has no value at all
    expect(r.values.has('water_conservation.physical')).toBe(false);
    expect(r.values.has('water_conservation.money')).toBe(false);
  });

  it('an input missing for the region-year is a data_missing issue naming the input', () => {
    const { hydropower_generation: _, ...inputs } = INPUTS;
    const r = evaluateRegionYear(model, dataWith(inputs), 'r1', 2020);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]!.code).toBe('data_missing');
    expect(r.issues[0]!.message).toContain('hydropower_generation');
    expect(r.issues[0]!.message).toContain('2020');
    expect(r.values.has('ecological_energy.physical')).toBe(false);
    expect(r.values.has('ecological_energy.money')).toBe(false);
    expect(r.values.has('water_supply.money')).toBe(true);
  });

  it('a unit error in a formula fails compilation, naming the formula and both units', () => {
    const m = modelData();
    const wc = (m.services as { id: string; physical: { formula: string } }[]).find((s) => s.id === 'water_conservation')!;
    wc.physical.formula = 'area + precipitation';
    let error: unknown;
    try {
      compileModelData(m);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IssuesError);
    const e = error as IssuesError;
    expect(e.issues.map((i) => i.code)).toEqual(['formula_invalid']);
    expect(e.message).toContain('water_conservation');
    expect(e.message).toContain('area + precipitation');
    expect(e.message).toMatch(/\bha\b/);
    expect(e.message).toMatch(/\bmm\b/);
  });
});
