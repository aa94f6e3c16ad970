import { describe, expect, it } from 'vitest';
import { dec, str } from '../../engine/core/decimal.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import { inventoryRegionYear, intensities, type Activity } from '../../engine/carbon/inventory.ts';
import { loadCarbonData } from '../../datasets/carbon.ts';
import { loadDataset } from '../../datasets/load.ts';
import { loadFactorSet } from '../../models/carbon-factors.ts';
import { loadModel } from '../../models/load.ts';
import { copySample, editLine, readLines, SAMPLE_DIR, setCell, writeLines } from '../fixtures/sample-copy.ts';

const cn = loadFactorSet('cn-carbon-factors');
const SICHUAN = { geography: 'sichuan', kind: 'average', vintage: 'year' as const };
const a = (kind: Activity['kind'], item: string, sector: string, amount: string): Activity => ({ kind, item, sector, amount: dec(amount) });

describe('inventory of one region-year (hand calculation)', () => {
  const acts = [
    a('fuel', 'raw_coal', 'nonmetal_minerals', '1000'), // kiln coal: 1000 t × 1.9002988488 = 1900.2988488 tCO2; 714.3 tce
    a('feedstock', 'natural_gas', 'chemicals', '100000'), // 133 tce, no combustion CO2
    a('electricity', 'grid', 'electronics', '10000'), // 10,000 MWh × 0.1404 (Sichuan 2022) = 1404 tCO2; 1229 tce
    a('electricity', 'solar', 'electronics', '500'), // own PV: 61.45 tce, no CO2
    a('heat', 'purchased', 'chemicals', '1000'), // 1000 GJ × 0.11 = 110 tCO2; 34.12 tce
    a('process', 'cement_clinker', 'nonmetal_minerals', '100'), // 53.8 tCO2 (IPPU)
    a('emission', 'CH4', 'waste', '10'), // 10 t × 28 (AR5) = 280 tCO2e
    a('renewable', 'hydro', '', '7800'),
    a('sink', 'forest', '', '500'),
    a('coal_rate', 'thermal_power', '', '0.305'), // 305 gce/kWh
  ];
  const inv = inventoryRegionYear(cn, 'r', 2022, acts, { grid: SICHUAN, trace: true });

  it('scope 1, scope 2 and gross emissions; sinks apart, never netted', () => {
    expect(inv.issues).toEqual([]);
    expect(inv.scope1.sub('2234.0988488').abs().lt('1e-28')).toBe(true); // 1900.2988488 + 53.8 + 280
    expect(str(inv.scope2)).toBe('1514'); // 1404 + 110
    expect(inv.gross.sub('3748.0988488').abs().lt('1e-28')).toBe(true);
    expect(str(inv.sinks)).toBe('500');
    expect(str(inv.byGas.get('CH4')!)).toBe('280');
    expect(inv.factors.grid!.vintage).toBe(2022);
  });

  it('by sector, by source and the GPC levels (BASIC: energy, transport, waste; BASIC+ adds IPPU)', () => {
    expect(str(inv.bySector.get('electronics')!.scope2)).toBe('1404');
    expect(str(inv.bySource.get('cement_clinker')!)).toBe('53.8');
    expect(inv.gpc.basic.sub('3694.2988488').abs().lt('1e-28')).toBe(true); // gross − 53.8 clinker
    expect(inv.gpc.basicPlus.sub(inv.gross).abs().lt('1e-28')).toBe(true);
  });

  it('energy in tce on the calorific basis and on the generation-equivalent basis', () => {
    // 714.3 + 133 (feedstock 100,000 m³ × 0.00133) + (10,500 MWh × 0.1229) + 34.12 = 2171.87
    expect(str(inv.energy.calorific)).toBe('2171.87');
    expect(str(inv.energy.feedstock)).toBe('133');
    // purchased electricity at the coal rate: 714.3 + 133 + 34.12 + 10,000 × 0.305 + 500 × 0.1229 = 3992.87
    expect(str(inv.energy.equivalent!)).toBe('3992.87');
    expect(str(inv.energy.renewableMWh)).toBe('8300');
  });

  it('intensities per 10⁴ CNY of constant-price GDP, per person and per km²', () => {
    const i = intensities(inv, { gdpConstant: dec('100000000'), population: dec('1000'), areaKm2: dec('10') });
    expect(str(i.energyPerGdp!)).toBe('0.217187'); // 2171.87 tce / 10,000 (10⁴ CNY)
    expect(i.co2PerCapita!.sub('3.7480988488').abs().lt('1e-28')).toBe(true);
  });

  it('traces every line with its formula and factors, sources included', () => {
    const coal = inv.traces.find((t) => t.id === 'carbon.scope1.fuel')!;
    expect(coal.formula).toBe('AD × NCV × CC × OF × 44/12');
    // factors are named as a scenario overrides them (the parameter names of the factor set)
    expect(coal.reads.map((r) => r.name)).toEqual(['fuel', 'fuel.raw_coal.ncv', 'fuel.raw_coal.cc', 'fuel.raw_coal.of', '44/12']);
    expect(coal.reads[1]).toMatchObject({ value: '20.908', unit: 'GJ/t', validFrom: 2005, status: 'secondary' });
    expect(coal.reads[1]!.source).toMatch(/GB\/T 2589/);
    const grid = inv.traces.find((t) => t.id === 'carbon.scope2.electricity')!;
    expect(grid.reads[1]!.source).toMatch(/MEE–NBS 2022 provincial factors, Sichuan/);
  });

  it('plant fuel (power_heat: GPC energy_generation) is its own line, outside scope 1, gross, BASIC and the energy totals (review carbon-1 #1: it was counted with the electricity it makes)', () => {
    const withPlant = inventoryRegionYear(cn, 'r', 2022, [...acts, a('fuel', 'raw_coal', 'power_heat', '2000')], {
      grid: SICHUAN,
      trace: true,
    });
    expect(withPlant.gpc.energyGeneration.sub('3800.5976976').abs().lt('1e-28')).toBe(true); // 2000 t × 1.9002988488
    expect(str(withPlant.energy.generationInput)).toBe('1428.6'); // 2000 t × 0.7143
    for (const k of ['scope1', 'gross'] as const) expect(withPlant[k].eq(inv[k])).toBe(true);
    expect(withPlant.gpc.basic.eq(inv.gpc.basic) && withPlant.gpc.basicPlus.eq(inv.gpc.basicPlus)).toBe(true);
    expect(withPlant.energy.calorific.eq(inv.energy.calorific) && withPlant.energy.fossil.eq(inv.energy.fossil)).toBe(true);
    expect(withPlant.bySector.has('power_heat')).toBe(false);
    expect(withPlant.traces.find((t) => t.id === 'carbon.energy_generation.fuel')!.formula).toMatch(/GPC I\.4\.4/);
  });

  it('says when a year before the first grid vintage borrows the first one', () => {
    const early = inventoryRegionYear(cn, 'r', 2016, acts, { grid: SICHUAN });
    expect(early.factors.gridBackcast).toBe(true);
    expect(str(early.scope2)).toBe('1365'); // 10,000 × 0.1255 + 110
  });
});

describe('the sample carbon data', () => {
  const data = loadCarbonData(SAMPLE_DIR, cn);
  it('loads 2015–2022 for the default region, with the same dataset hash as the GEP loader', () => {
    expect(data.years).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022]);
    expect(data.hash).toBe(loadDataset(SAMPLE_DIR, loadModel('cn-gep-2022')).hash);
    expect(data.entities.map((e) => e.id)).toEqual(['xinglong-park', 'bio-pharma-co', 'luxi-community']);
    const inv = inventoryRegionYear(cn, 'tianfu', 2022, data.activity('tianfu', 2022), { grid: SICHUAN });
    expect(inv.issues).toEqual([]);
    // realistic magnitude for a hydro-heavy district of ~1,500 km²: ~10–20 MtCO2, ~8–12 Mtce
    expect(inv.gross.gt(10e6) && inv.gross.lt(20e6)).toBe(true);
    expect(inv.energy.calorific.gt(8e6) && inv.energy.calorific.lt(12e6)).toBe(true);
  });
});

describe('bad activity data is refused with every problem listed', () => {
  it('negative amount, unknown fuel, unit mismatch, unknown sector, bad kind — by file, line and column; nothing loaded', () => {
    const dir = copySample();
    const F = 'carbon-activity.csv';
    editLine(dir, F, 2, 'tianfu,2015,fuel,raw_coal,power_heat', (t) => setCell(t, 5, '-472500'));
    editLine(dir, F, 3, 'tianfu,2015,fuel,raw_coal,nonmetal_minerals', (t) => setCell(t, 3, 'peat'));
    editLine(dir, F, 4, 'tianfu,2015,fuel,raw_coal,food_manufacturing', (t) => setCell(t, 6, 'MWh'));
    editLine(dir, F, 5, 'tianfu,2015,fuel,raw_coal,chemicals', (t) => setCell(t, 4, 'steel'));
    const lines = readLines(dir, F);
    writeLines(dir, F, [
      ...lines,
      'tianfu,2022,fuel,diesel,waste,12,kg,x',
      'tianfu,2022,burning,diesel,transport,1,t,x',
      'tianfu,2022,sink,forest,transport,1,tCO2,x',
    ]);
    let err: IssuesError | undefined;
    try {
      loadCarbonData(dir, cn);
    } catch (e) {
      err = e as IssuesError;
    }
    expect(err).toBeInstanceOf(IssuesError);
    const got = err!.issues.map((i) => [i.code, i.file!.endsWith(F), i.row, i.column]);
    const n = lines.length;
    expect(got).toEqual([
      ['negative', true, 2, 'amount'],
      ['item_unknown', true, 3, 'item'],
      ['unit_mismatch', true, 4, 'unit'],
      ['sector_unknown', true, 5, 'sector'],
      ['kind_unknown', true, n + 2, 'kind'],
      ['sector_unexpected', true, n + 3, 'sector'],
    ]);
    // 12 kg of diesel was fine: converted to 0.012 t
    expect(err!.message).toMatch(/line 4, column "unit": "MWh" cannot be converted to t/);
  });

  it('entity files are checked too: unknown entity, bad period, unknown parent', () => {
    const dir = copySample();
    editLine(dir, 'entity-activity.csv', 2, 'xinglong-park,2021-01', (t) => setCell(setCell(t, 0, 'nowhere'), 1, '2021-13'));
    editLine(dir, 'entities.csv', 3, 'bio-pharma-co', (t) => setCell(t, 3, 'no-park'));
    try {
      loadCarbonData(dir, cn);
      expect.unreachable();
    } catch (e) {
      expect((e as IssuesError).issues.map((i) => [i.code, i.row])).toEqual([
        ['parent_unknown', 3],
        ['not_a_period', 2],
        ['entity_unknown', 2],
      ]);
    }
  });
});

describe('review carbon-1 #5 and #10: entity chains, target years and duplicates', () => {
  const load = (dir: string) => {
    try {
      loadCarbonData(dir, cn);
    } catch (e) {
      return (e as IssuesError).issues;
    }
    return [];
  };
  it('a parent cycle and a target year not after the base year are refused (the cycle dropped entities from the roll-up; target = base divided by 0)', () => {
    const dir = copySample();
    editLine(dir, 'entities.csv', 2, 'xinglong-park', (t) => setCell(t, 3, 'bio-pharma-co')); // park ↔ enterprise
    editLine(dir, 'entities.csv', 4, 'luxi-community', (t) => setCell(setCell(t, 3, 'luxi-community'), 7, '2021')); // self, target = base
    const got = load(dir).map((i) => [i.code, i.row, i.column]);
    expect(got).toEqual(
      expect.arrayContaining([
        ['parent_cycle', 2, 'parent'],
        ['parent_cycle', 3, 'parent'],
        ['parent_cycle', 4, 'parent'],
        ['years_order', 4, 'target_year'],
      ]),
    );
  });
  it('a duplicate row still has its own problems reported, and a negative amount its unit (they were hidden)', () => {
    const dir = copySample();
    const F = 'carbon-activity.csv';
    const lines = readLines(dir, F);
    writeLines(dir, F, [...lines, 'tianfu,2015,fuel,raw_coal,power_heat,-5,MWh,x']);
    const got = load(dir)
      .filter((i) => i.row === lines.length + 1)
      .map((i) => i.code);
    expect(got).toEqual(['negative', 'unit_mismatch', 'duplicate_row']);
  });
});

describe('review carbon-1 #7: direct CH4/N2O are not stationary energy', () => {
  it('agriculture CH4 is AFOLU (BASIC+ only), waste CH4 is waste (BASIC), industrial N2O is IPPU; a household CH4 is refused', () => {
    const inv = inventoryRegionYear(
      cn,
      'r',
      2022,
      [
        a('emission', 'CH4', 'agriculture', '10'), // 280 tCO2e AFOLU
        a('emission', 'CH4', 'waste', '1'), // 28 waste
        a('emission', 'N2O', 'chemicals', '1'), // 265 IPPU
      ],
      { grid: SICHUAN },
    );
    expect(inv.issues).toEqual([]);
    expect(
      [...inv.byGpcSector]
        .filter(([, v]) => !v.isZero())
        .map(([k, v]) => [k, str(v)])
        .sort(),
    ).toEqual([
      ['afolu', '280'],
      ['ippu', '265'],
      ['waste', '28'],
    ]);
    expect(str(inv.gpc.basic)).toBe('28');
    expect(str(inv.gpc.basicPlus)).toBe('573');
    const bad = inventoryRegionYear(cn, 'r', 2022, [a('emission', 'CH4', 'residential_urban', '1')], { grid: SICHUAN });
    expect(bad.issues.map((i) => i.code)).toEqual(['emission_sector']);
  });
});

describe('entity activity grain', () => {
  it('an entity with yearly and monthly rows in the same year is refused (period_mixed; review carbon-1: untested)', () => {
    const dir = copySample();
    writeLines(dir, 'entity-activity.csv', [
      ...readLines(dir, 'entity-activity.csv'),
      'bio-pharma-co,2022,electricity,grid,chemicals,100,MWh,x',
    ]);
    let err: IssuesError | undefined;
    try {
      loadCarbonData(dir, cn);
    } catch (e) {
      err = e as IssuesError;
    }
    expect(err!.issues.map((i) => [i.code, i.message])).toEqual([
      ['period_mixed', 'bio-pharma-co 2022: both yearly and monthly rows; give one or the other'],
    ]);
  });
});

describe('yearbook units (review carbon-1 #11)', () => {
  it('"10^4 m3", "10^4 t" and "10^4 kWh" scale the amount exactly; an emission row may say tCH4', () => {
    const dir = copySample();
    const F = 'carbon-activity.csv';
    writeLines(dir, F, [
      ...readLines(dir, F),
      'tianfu,2022,fuel,diesel,waste,1.5,10^4 t,x',
      'tianfu,2022,feedstock,natural_gas,food_manufacturing,2.5,10^4 m3,x',
      'tianfu,2022,electricity,wind,construction,3,10^4 kWh,x',
      'tianfu,2022,emission,CH4,agriculture,4,tCH4,x',
      'tianfu,2022,emission,N2O,agriculture,5,tCH4,x',
    ]);
    let err: IssuesError | undefined;
    try {
      loadCarbonData(dir, cn);
    } catch (e) {
      err = e as IssuesError;
    }
    // tCH4 on an N2O row is still refused
    expect(err!.issues.map((i) => [i.code, i.row])).toEqual([['unit_mismatch', readLines(dir, F).length]]);
    writeLines(dir, F, readLines(dir, F).slice(0, -1));
    const acts = loadCarbonData(dir, cn).activity('tianfu', 2022);
    const find = (kind: string, item: string, sector: string) =>
      str(acts.find((x) => x.kind === kind && x.item === item && x.sector === sector)!.amount);
    expect([
      find('fuel', 'diesel', 'waste'),
      find('feedstock', 'natural_gas', 'food_manufacturing'),
      find('electricity', 'wind', 'construction'),
      find('emission', 'CH4', 'agriculture'),
    ]).toEqual(['15000', '25000', '30', '4']);
  });
});
