import { describe, expect, it } from 'vitest';
import { dec, fixed, str } from '../../engine/core/decimal.ts';
import { CITY4, dualControl, NATIONAL3, requiredDecline, type DualYearInput } from '../../engine/carbon/dual-control.ts';

describe('dual control', () => {
  it('progress requirement 1 − (1 − T)^(t/5): 13.5% → 2.86, 5.64, 8.33, 10.95, 13.5%; 18% → 3.89, 7.63, 11.23, 14.68, 18% (METHODS §2.2)', () => {
    expect([1, 2, 3, 4, 5].map((t) => fixed(requiredDecline(dec('0.135'), t).mul(100), 2))).toEqual([
      '2.86',
      '5.64',
      '8.33',
      '10.95',
      '13.50',
    ]);
    expect([1, 2, 3, 4, 5].map((t) => fixed(requiredDecline(dec('0.18'), t).mul(100), 2))).toEqual([
      '3.89',
      '7.63',
      '11.23',
      '14.68',
      '18.00',
    ]);
  });

  const y = (year: number, energy: string, feedstock: string, renewable: string, co2: string, gdp: string): DualYearInput => ({
    year,
    energy: dec(energy),
    feedstock: dec(feedstock),
    renewableMWh: dec(renewable),
    co2: dec(co2),
    gdp: dec(gdp),
  });
  const series = [
    y(2020, '1000', '100', '1000', '2000', '10000000'), // assessed 900 tce; 0.9 tce/10⁴ CNY; 2 tCO2/10⁴ CNY
    y(2021, '1040', '100', '2000', '2000', '10500000'), // renewable +1000 MWh → −122.9 tce; assessed 817.1
    y(2022, '1100', '120', '2000', '2100', '10600000'), // assessed 857.1 → intensity rose on 2021
  ];
  const targets = {
    baseYear: 2020,
    energyIntensity: dec('0.135'),
    co2Intensity: dec('0.18'),
    energyTotalCap: dec('1000'),
    ladder: NATIONAL3,
    renewableTcePerMWh: dec('0.1229'),
  };

  it('deducts feedstock and the renewable increase as their own lines; GDP is not adjusted', () => {
    const lines = dualControl(series, targets);
    const at = (ind: string, yr: number) => lines.find((l) => l.indicator === ind && l.year === yr)!;
    expect(str(at('dual.deduction_feedstock', 2021).value)).toBe('-100');
    expect(str(at('dual.deduction_renewable', 2021).value)).toBe('-122.9');
    expect(str(at('dual.energy_total_assessed', 2021).value)).toBe('817.1');
    // intensity 817.1 / 1050 (10⁴ CNY) = 0.778190…; decline 1 − 0.77819/0.9 = 13.53% ≥ 2.86% → green
    const i21 = at('dual.energy_intensity', 2021);
    expect(fixed(i21.value, 6)).toBe('0.778190');
    expect(i21.light).toBe('green');
    // 2022: 857.1/1060 = 0.808585 > 0.778190 → red (rose on the year before), though still below the base
    expect(at('dual.energy_intensity', 2022).light).toBe('red');
    // CO2 2021: 2000/1050 = 1.904762, decline 4.76% ≥ 3.89% → green; 2022: 2100/1060 = 1.981132 rose → red
    expect(at('dual.co2_intensity', 2021).light).toBe('green');
    // total: allowed path 900 × (1000/900)^(t/5); 2022 allowed 900 × 1.1111^(0.4) = 938.0; 857.1 → green
    expect(at('dual.energy_total', 2022).light).toBe('green');
  });

  it('the four-level city ladder by share of the requirement met', () => {
    const lines = dualControl([series[0]!, y(2021, '1000', '100', '1000', '2000', '10150000')], { ...targets, ladder: CITY4 });
    // energy: 900/1015 = 0.886700; decline 1.478% of required 2.857% → share 51.7% → orange
    const e = lines.find((l) => l.indicator === 'dual.energy_intensity' && l.year === 2021)!;
    expect(fixed(e.share!, 3)).toBe('0.517');
    expect(e.light).toBe('orange');
  });
});

describe('dual control: total caps on the city four-level ladder (review carbon-1 #2: a broken falling cap was green)', () => {
  const y = (year: number, v: string): DualYearInput => ({
    year,
    energy: dec(v),
    feedstock: dec('0'),
    renewableMWh: dec('0'),
    co2: dec(v),
    gdp: dec('1000000'),
  });
  const total = (cap: string, v2025: string, ladder = CITY4 as typeof CITY4 | typeof NATIONAL3) =>
    dualControl([y(2020, '100'), y(2025, v2025)], {
      baseYear: 2020,
      energyIntensity: dec('0.135'),
      co2Intensity: dec('0.18'),
      energyTotalCap: dec(cap),
      ladder,
      renewableTcePerMWh: dec('0.1229'),
    }).find((l) => l.indicator === 'dual.energy_total' && l.year === 2025)!;
  it('falling cap 100 → 80: value 95 made 5 of the 20 cut needed (share 0.25, red); 82 → 0.9 (yellow); 80 → 1 (green); 110 → 0 (red)', () => {
    expect([str(total('80', '95').share!), total('80', '95').light]).toEqual(['0.25', 'red']);
    expect([str(total('80', '95', NATIONAL3).share!), total('80', '95', NATIONAL3).light]).toEqual(['0.25', 'red']);
    expect([str(total('80', '82').share!), total('80', '82').light]).toEqual(['0.9', 'yellow']);
    expect([str(total('80', '80').share!), total('80', '80').light]).toEqual(['1', 'green']);
    expect([str(total('80', '110').share!), total('80', '110').light]).toEqual(['0', 'red']);
  });
  it('rising cap 100 → 120: 115 within (1, green); 125 → 20/25 = 0.8 (orange); 140 → 0.5 (red, orange needs > 0.5); flat cap 100, value 101 → 0 (red)', () => {
    expect([str(total('120', '115').share!), total('120', '115').light]).toEqual(['1', 'green']);
    expect([str(total('120', '125').share!), total('120', '125').light]).toEqual(['0.8', 'orange']);
    expect([str(total('120', '140').share!), total('120', '140').light]).toEqual(['0.5', 'red']);
    expect([str(total('100', '101').share!), total('100', '101').light]).toEqual(['0', 'red']);
  });
  it('ladder boundaries on a total: share exactly 1 green, 0.9 yellow, 0.5 red, just above 0.5 orange', () => {
    expect(['1', '0.9', '0.5', '0.5000001'].map((s) => total('80', dec('100').minus(dec(s).mul(20)).toString()).light)).toEqual([
      'green',
      'yellow',
      'red',
      'orange',
    ]);
  });
});
