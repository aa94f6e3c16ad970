/**
 * An invented provincial energy balance (test/fixtures/carbon-province-17: one year, all 17 fuels of the energy
 * balance in yearbook units, power and heat plants among the 47 sectors) through cn-carbon-factors@1.2.0: each
 * fuel's CO2 is NCV × CC × OF × 44/12 by hand (issue 11, "Must show"), and the territorial and consumption views
 * differ by the plants' fuel minus scope 2, exactly.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCarbonData } from '../../datasets/carbon.ts';
import { dec, fixed, str } from '../../engine/core/decimal.ts';
import { runCarbon } from '../../lib/carbon-run.ts';
import { carbonRows } from '../../lib/carbon-rows.ts';
import { loadFactorSet } from '../../models/carbon-factors.ts';

const DIR = 'test/fixtures/carbon-province-17';
const run = runCarbon({
  dataset: DIR,
  parts: ['inventory'],
  grid: { geography: 'national', kind: 'average', vintage: 'year' },
});
const inv = run.inventory[0]!.inventory;

/**
 * Each fuel's combustion CO2 outside the plants, by hand: activity (10^4 t → t, 10^8 m3 → m3) × NCV (GJ/t or GJ/m3)
 * × CC (tC/GJ) × OF × 44/12, with the factors typed from their sources: raw coal, coke, crude oil, gasoline,
 * kerosene, diesel, fuel oil, LPG, refinery gas, natural gas from the GB/T 2589 / provincial-guideline table
 * (shared/research/carbon-coefficients-verified.md §3–4); the seven others from docs/research/replication-sources.md §F.
 * The products were computed with exact fractions (Python `fractions`) and are written to 6 decimals.
 */
const BY_HAND: [fuel: string, tonnesOrM3: string, ncv: string, cc: string, of: string, tCO2: string][] = [
  // raw coal: (800 + 1200 + 150) × 10^4 t × 20.908 × 0.02637 × 0.94 × 44/12 = 21,500,000 × 1.9002988488
  ['raw_coal', '21500000', '20.908', '0.02637', '0.94', '40856425.249200'],
  ['cleaned_coal', '3000000', '26.344', '0.02540', '0.93', '6845277.648000'],
  ['briquettes', '200000', '17.460', '0.03360', '0.90', '387192.960000'],
  ['coke', '9000000', '28.435', '0.0295', '0.93', '25743769.425000'],
  // coke-oven gas: 40 × 10^8 m3 × 0.0173854 GJ/m3 × 0.0136 × 0.99 × 44/12
  ['coke_oven_gas', '4000000000', '0.0173854', '0.01360', '0.99', '3433129.708800'],
  ['other_gas', '3000000000', '0.005234', '0.01220', '0.99', '695378.772000'],
  ['other_coking_products', '150000', '33.453', '0.0220', '0.98', '396685.674000'],
  ['crude_oil', '500000', '41.816', '0.0201', '0.98', '1510101.208000'],
  ['gasoline', '5500000', '43.070', '0.0189', '0.98', '16087807.890000'],
  ['kerosene', '800000', '43.070', '0.0195', '0.98', '2414331.920000'],
  // diesel: (500 + 60) × 10^4 t × 42.652 × 0.0202 × 0.98 × 44/12 = 5,600,000 × 3.09590963…
  ['diesel', '5600000', '42.652', '0.0202', '0.98', '17337093.969067'],
  ['fuel_oil', '400000', '41.816', '0.0211', '0.98', '1268184.497067'],
  ['lpg', '900000', '50.179', '0.0172', '0.98', '2791196.839200'],
  ['refinery_gas', '350000', '46.055', '0.0182', '0.98', '1054177.457667'],
  ['other_petroleum_products', '250000', '40.19', '0.0200', '0.98', '722080.333333'],
  // natural gas: (30 + 15) × 10^8 m3 × 0.038931 GJ/m3 × 0.0153 × 0.99 × 44/12 (the plants' 20 × 10^8 m3 are apart)
  ['natural_gas', '4500000000', '0.038931', '0.0153', '0.99', '9729849.640500'],
];

describe('a 17-fuel provincial energy balance on cn-carbon-factors@1.2.0', () => {
  it('the set has the 17 energy-balance fuels, each with its yearbook unit, and the 47 sectors, each numbered once and under a summary sector', () => {
    const set = loadFactorSet('cn-carbon-factors@1.2.0');
    expect(set.fuels.size).toBe(17);
    for (const [id, f] of set.fuels) expect(f.yearbookUnit, id).toMatch(/^10\^[48] (t|m3)$/);
    const rows = Object.entries(set.sectors).filter(([, s]) => s.row !== undefined);
    expect(rows.map(([, s]) => s.row).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 47 }, (_, n) => n + 1));
    for (const [id, s] of rows) if (s.summary) expect(set.sectors[s.summary]?.summary, id).toBeUndefined();
    expect(set.sectors.ferrous_metals).toMatchObject({ zh: '黑色金属冶炼和压延加工业', summary: 'other_manufacturing_total', row: 28 });
  });

  it.each(BY_HAND)('%s: CO2 = activity × NCV × CC × OF × 44/12 by hand', (fuel, amount, ncv, cc, of, tCO2) => {
    expect(fixed(inv.bySource.get(fuel)!, 6)).toBe(tCO2);
    // the same product from the typed factors, before rounding to the printed 6 decimals
    const hand = [amount, ncv, cc, of].reduce((p, x) => p.mul(x), dec('1'));
    expect(fixed(hand.mul(44).div(12), 6)).toBe(tCO2);
  });

  it('reads a fuel or sector as the energy balance or CEADs names it, and says so in the row’s source', () => {
    // carbon-activity.csv writes coke as 焦炭 under 黑色金属冶炼和压延加工业, and other gas as Other_Gas under the English label
    const rows = run.data.activity('province', 2022).filter((a) => a.sector === 'ferrous_metals');
    expect(rows.find((a) => a.item === 'coke')!.source).toBe(
      'invented; item "焦炭" read as coke; sector "黑色金属冶炼和压延加工业" read as ferrous_metals',
    );
    expect(rows.find((a) => a.item === 'other_gas')!.source).toMatch(
      /item "Other_Gas" read as other_gas; sector "Smelting and pressing of ferrous metals" read as ferrous_metals/,
    );
  });

  it('an unknown fuel or sector is refused with the nearest names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gep-p17-'));
    cpSync(DIR, dir, { recursive: true });
    const csv = join(dir, 'carbon-activity.csv');
    writeFileSync(
      csv,
      readFileSync(csv, 'utf8')
        .replace(',diesel,agriculture,', ',diesal,agriculture,')
        .replace(',lpg,residential_urban,', ',lpg,residential_urbn,'),
    );
    try {
      expect(() => loadCarbonData(dir, run.factors)).toThrow(
        /"diesal" is not a fuel item of cn-carbon-factors@1\.2\.0 \(did you mean "diesel"\?\)/,
      );
      expect(() => loadCarbonData(dir, run.factors)).toThrow(
        /sector "residential_urbn" is not in cn-carbon-factors@1\.2\.0 \(did you mean "residential_urban"/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the plants’ fuel (power_heat: raw coal, other washed coal, natural gas) is its own line: 100,741,293.378 tCO2 by hand', () => {
    // 5000 × 10^4 t × 1.9002988488 + 200 × 10^4 t × 8.363 × 0.0254 × 0.90 × 44/12 + 20 × 10^8 m3 × 0.002162188809
    // = 95,014,942.44 + 1,401,973.32 + 4,324,377.618 = 100,741,293.378
    expect(str(inv.gpc.energyGeneration)).toBe('100741293.378');
    expect(inv.bySource.has('other_washed_coal')).toBe(false); // burnt in plants only: not in scope 1 of the consumption view
  });

  it('territorial − consumption = plant fuel − scope 2, exactly; territorial = scope 1 + plant fuel; consumption = gross', () => {
    // scope 2 = 560 × 10^8 kWh × 0.5366 kgCO2/kWh (national average 2022) + 3000 × 10^4 GJ × 0.11 tCO2/GJ = 30,049,600 + 3,300,000
    expect(str(inv.scope2)).toBe('33349600');
    const { consumption, territorial, difference } = inv.views;
    expect(consumption.eq(inv.gross)).toBe(true);
    expect(territorial.eq(inv.scope1.plus(inv.gpc.energyGeneration))).toBe(true);
    expect(str(territorial.minus(consumption))).toBe(str(inv.gpc.energyGeneration.minus(inv.scope2)));
    expect(str(difference)).toBe('67391693.378'); // 100,741,293.378 − 33,349,600
  });

  it('the long rows name both views and the line that reconciles them, and add energy-balance sectors up to their summary sector', () => {
    const rows = carbonRows(run);
    const one = (indicator: string, key = '') => rows.find((r) => r.indicator === indicator && r.key === key)!;
    expect(one('carbon.territorial').physical_value).toBe(str(inv.views.territorial));
    expect(one('carbon.territorial').method).toMatch(/^territorial view/);
    expect(one('carbon.gross').method).toMatch(/^consumption view/);
    expect(one('carbon.view_difference').physical_value).toBe('67391693.378');
    // other_manufacturing_total holds the rows reported under it: ferrous metals and petroleum & coking
    const ferrous = inv.bySector.get('ferrous_metals')!.scope1,
      coking = inv.bySector.get('petroleum_coking')!.scope1;
    expect(one('carbon.scope1', 'summary_sector=other_manufacturing_total').physical_value).toBe(str(ferrous.plus(coking)));
    expect(rows.some((r) => r.key === 'summary_sector=ferrous_metals')).toBe(false);
  });
});
