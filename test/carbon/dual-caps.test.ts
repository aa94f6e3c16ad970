/**
 * Dual control as assessed (issue 11 item 4): caps from a GDP growth path and the intensity target on both energy
 * bases, the allowed increment, the energy-consumption elasticity. Fixture test/fixtures/carbon-dual-path (made up):
 * 2020 grid electricity 1,000,000 MWh, coal rate of power supply 0.3 tce/MWh, GDP 10^11 CNY, no population.
 * Hand calculation (40-digit decimals): GDP_2025 = 10^11 × 1.06^5 = 133,822,557,760;
 * calorific energy 2020 = 1,000,000 MWh × 0.1229 tce/MWh (GB/T 2589-2020 Appendix A, 当量值) = 122,900 tce;
 * equivalent energy 2020 = 1,000,000 × 0.3 = 300,000 tce; CO2 2020 = 1,000,000 MWh × 0.1255 tCO2/MWh (the Sichuan
 * grid factor of cn-carbon-factors, first vintage 2021 used for 2020) = 125,500 tCO2.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dec, str } from '../../engine/core/decimal.ts';
import { energyElasticity, gdpPath } from '../../engine/carbon/dual-control.ts';
import { gep } from '../helpers/gep-cli.ts';

const FIXTURE = 'test/fixtures/carbon-dual-path';
const out = mkdtempSync(join(tmpdir(), 'gep-dualcaps-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const row = (stdout: string, indicator: string, year: number) =>
  stdout
    .split('\n')
    .find((l) => l.startsWith(`${indicator} `) && l.includes(` ${year} `))
    ?.trim()
    .split(/\s{2,}/);

describe('caps from a GDP growth path and the intensity target, cap_t = I_base × (1 − r_t) × GDP_t', () => {
  it('calorific basis: 2025 energy cap 122,900 × 0.865 × 1.3382255776 = 142,264.7538… → 142,264.75; CO2 cap 125,500 × 0.82 × 1.3382255776 = 137,716.7941… → 137,716.79', async () => {
    const r = await gep('carbon', 'dualcontrol', '-d', FIXTURE, '--gdp-growth', '0.06', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/energy on the calorific basis/);
    expect(row(r.stdout, 'dual.gdp_path', 2025)?.[2]).toBe('133,822,557,760');
    expect(row(r.stdout, 'dual.energy_cap', 2025)?.slice(2, 5)).toEqual(['142,264.75', 'tce', '13.50%']);
    // increment = cap − base: 142,264.7538… − 122,900 = 19,364.7538…
    expect(row(r.stdout, 'dual.energy_increment', 2025)?.[2]).toBe('19,364.75');
    expect(row(r.stdout, 'dual.co2_cap', 2025)?.[2]).toBe('137,716.79');
    expect(row(r.stdout, 'dual.co2_increment', 2025)?.[2]).toBe('12,216.79');
    // a year inside the period: r_3 = 1 − 0.865^(3/5); 122,900 × 0.865^0.6 × 1.06^3 = 134,177.3292… → 134,177.33
    expect(row(r.stdout, 'dual.energy_cap', 2023)?.[2]).toBe('134,177.33');
  });

  it('equivalent basis (等价值): 300,000 × 0.865 × 1.3382255776 = 347,269.5373… → 347,269.54; 2023: 327,528.0616… → 327,528.06; CO2 unchanged', async () => {
    const r = await gep('carbon', 'dualcontrol', '-d', FIXTURE, '--gdp-growth', '0.06', '--basis', 'equivalent', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/energy on the equivalent basis \(等价值/);
    expect(row(r.stdout, 'dual.energy_cap', 2025)?.[2]).toBe('347,269.54');
    expect(row(r.stdout, 'dual.energy_increment', 2025)?.[2]).toBe('47,269.54');
    expect(row(r.stdout, 'dual.energy_cap', 2023)?.[2]).toBe('327,528.06');
    expect(row(r.stdout, 'dual.co2_cap', 2025)?.[2]).toBe('137,716.79');
  });

  it('the equivalent basis without a coal_rate row is refused (exit 2), naming the row to add', async () => {
    const d = join(out, 'no-coal-rate');
    cpSync(FIXTURE, d, { recursive: true });
    writeFileSync(
      join(d, 'carbon-activity.csv'),
      'region,year,kind,item,sector,amount,unit,source\ncity,2020,electricity,grid,other_services,1000000,MWh,x\n',
    );
    const r = await gep('carbon', 'dualcontrol', '-d', d, '--basis', 'equivalent', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /city 2020: the equivalent basis \(等价值\) needs the year's coal rate of power supply: add a carbon-activity row kind coal_rate/,
    );
  });

  it('no growth path and no GDP of the period in economy.csv: no caps (never a cap from nothing)', async () => {
    const r = await gep('carbon', 'dualcontrol', '-d', FIXTURE, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/dual\.energy_cap/);
  });

  it('economy.csv GDP of a year wins over the growth rate, and later years compound from it', () => {
    const given = (y: number) => (y === 2022 ? dec('120') : undefined);
    const p = gdpPath(2020, dec('100'), 3, dec('0.1'), given);
    expect(p.map((x) => str(x.gdp))).toEqual(['110', '120', '132']);
    expect(p[1]!.source).toBe('economy.csv (constant prices)');
  });
});

describe('energy-consumption elasticity = energy growth / GDP growth', () => {
  it('year on year 2021: (104/100 − 1)/(108/100 − 1) = 0.5; 2022: (106.08/104 − 1)/(116.64/108 − 1) = 0.02/0.08 = 0.25; period average 2020–2022', () => {
    const lines = energyElasticity(
      [
        { year: 2020, energy: dec('100'), gdp: dec('100') },
        { year: 2021, energy: dec('104'), gdp: dec('108') },
        { year: 2022, energy: dec('106.08'), gdp: dec('116.64') },
      ],
      2020,
    );
    const yoy = lines.filter((l) => l.indicator === 'dual.energy_elasticity');
    expect(yoy.map((l) => str(l.value))).toEqual(['0.5', '0.25']);
    // (1.0608^(1/2) − 1)/(1.1664^(1/2) − 1) = (1.029951… − 1)/0.08 = 0.374…
    const period = lines.find((l) => l.indicator === 'dual.energy_elasticity_period')!;
    expect(period.value.toFixed(4)).toBe('0.3744');
  });
});

describe('what the analyst reads: a base year outside the data', () => {
  it('--base-year 2021 with data of 2020 exits 2 and names the years there are', async () => {
    const r = await gep('carbon', 'dualcontrol', '-d', FIXTURE, '--base-year', '2021', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/base year 2021 among the inventory years \(years given: 2020; the data has 2020\)/);
  });
});
