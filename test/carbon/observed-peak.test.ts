/**
 * Observed series (issue 11 item 3): CO2 `emission` rows of an inventory that reports totals only, CO2e given
 * for any gas, and the peak status of the observed history. Fixture test/fixtures/carbon-observed (made up):
 * CO2 in 万tCO2 2013–2022 = 100, 104, 110, 108, 105, 103, 106, 107, 109, 107, and 1 万tCO2e of landfill CH4 in 2022.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dec, str } from '../../engine/core/decimal.ts';
import { peakStatus } from '../../engine/carbon/projection.ts';
import { runCarbon } from '../../lib/carbon-run.ts';
import { gep } from '../helpers/gep-cli.ts';

const FIXTURE = 'test/fixtures/carbon-observed';
const out = mkdtempSync(join(tmpdir(), 'gep-observed-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('peak status of an observed series with a rebound after its maximum', () => {
  // tCO2e: the fixture's totals × 10^4
  const series = [
    [2013, '1000000'],
    [2014, '1040000'],
    [2015, '1100000'],
    [2016, '1080000'],
    [2017, '1050000'],
    [2018, '1030000'],
    [2019, '1060000'],
    [2020, '1070000'],
    [2021, '1090000'],
    [2022, '1080000'],
  ].map(([year, v]) => ({ year: year as number, value: dec(v as string) }));

  it('maximum 1,100,000 in 2015, peaked, fell to 2018 and rose again from 2019; 7 years since peak, 8 to a 2030 target', () => {
    const s = peakStatus(series, { targetYear: 2030 });
    expect(s.year).toBe(2015);
    expect(str(s.value)).toBe('1100000');
    expect(s.peaked).toBe(true);
    expect(s.rebound).toEqual({ firstPeakYear: 2015, firstPeakValue: dec('1100000'), reboundYear: 2019 });
    expect(s.lastYear).toBe(2022);
    expect(s.yearsSincePeak).toBe(7);
    // 1 − 1,080,000 / 1,100,000 = 2/110 = 0.0181818…
    expect(s.belowPeak.toFixed(6)).toBe('0.018182');
    expect(s.yearsToTarget).toBe(8);
    expect(s.metTarget).toBe(true);
    expect(s.plateauFrom).toBeUndefined();
  });

  it('plateau |growth| ≤ 2 % for 3 years starts in 2020 (+0.94 %, +1.87 %, −0.92 %); 2016 (−1.82 %) is followed by −2.78 %', () => {
    expect(peakStatus(series, { plateau: { maxGrowth: dec('0.02'), years: 3 } }).plateauFrom).toBe(2020);
  });

  it('a series whose maximum is its last year has not peaked: 0 years since peak, target not met', () => {
    const s = peakStatus(series.slice(0, 3), { targetYear: 2030 });
    expect([s.year, s.peaked, s.yearsSincePeak, s.metTarget]).toEqual([2015, false, 0, false]);
  });
});

describe('CO2 emission rows and CO2e of any gas in carbon activity', () => {
  it('reads 万tCO2 as 10^4 tCO2 and 万tCO2e of CH4 without a GWP; gross is the reported total', () => {
    const run = runCarbon({ dataset: FIXTURE, parts: ['inventory', 'project'], projection: { targetYear: 2030 } });
    const y2022 = run.inventory.find((e) => e.year === 2022)!.inventory;
    expect(str(y2022.byGas.get('CO2')!)).toBe('1070000');
    expect(str(y2022.byGas.get('CH4')!)).toBe('10000');
    expect(str(y2022.gross)).toBe('1080000');
    const p = run.projection[0]!;
    expect([p.observed.year, p.observed.yearsSincePeak, p.observed.rebound?.reboundYear]).toEqual([2015, 7, 2019]);
    // no economy and no energy: no path, and the reason is given (never a silent zero)
    expect(p.scenarios).toEqual([]);
    expect(p.projectionError).toMatch(/prov 2022: no constant-price GDP/);
  });

  it('through `gep carbon project`: the status table and its long row', async () => {
    const r = await gep('carbon', 'project', '-d', FIXTURE, '--plateau', '0.02:3', '--target-year', '2030', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Peak status of the observed emissions, prov 2013–2022/);
    expect(r.stdout).toMatch(/2015 +1,100\.0 +yes +fell after 2015, up in 2019 +2020 +2022 +1,080\.0 +1\.82% +7 +2030 +8 +yes/);
    const dir = join(out, /run ([0-9a-f]{16})/.exec(r.stdout)![1]!);
    const csv = readFileSync(join(dir, 'results.csv'), 'utf8');
    expect(csv).toMatch(
      /carbon\.peak_observed,peak,.*peaked=yes;rebound=2019;last_year=2022;years_since_peak=7;target_year=2030;years_to_target=8;plateau_from=2020/,
    );
  });

  it('a CO2 row in t of CH4 is refused, naming the unit; an unknown gas names the gases', async () => {
    const { mkdirSync, writeFileSync, cpSync } = await import('node:fs');
    const d = join(out, 'bad');
    mkdirSync(d);
    cpSync(FIXTURE, d, { recursive: true });
    writeFileSync(
      join(d, 'carbon-activity.csv'),
      'region,year,kind,item,sector,amount,unit,source\nprov,2020,emission,CO2,other_services,5,tCH4,x\nprov,2020,emission,SF6,other_services,5,t,x\n',
    );
    const r = await gep('carbon', 'inventory', '-d', d, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/line 2.*unit.*"tCH4" cannot be converted/s);
    expect(r.stderr).toMatch(/"SF6" is not a emission item of cn-carbon-factors@1\.2\.0 \(CO2, CH4, N2O\)/);
  });
});
