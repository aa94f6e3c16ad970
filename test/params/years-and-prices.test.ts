/**
 * Years and prices (issue 10 item 6): a year before a coefficient's first entry uses that entry, with a marker;
 * any accounting year can be restated at the prices of a base year the price index covers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dec, str } from '../../engine/core/decimal.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import { runAccount } from '../../lib/run.ts';
import { gep } from '../helpers/gep-cli.ts';
import { copySample, readLines, writeLines } from '../fixtures/sample-copy.ts';

/**
 * The sample with its 2020 data relabelled 2005 (years 2005, 2021, 2022; base year 2021), and the CPI chained back
 * to 2005 from the NBS Statistical Communiqués (CPI, previous year = 100: 2006 101.5, 2007 104.8, 2008 105.9,
 * 2009 99.3, 2010 103.3), 2010 = 100 as in the sample's series.
 */
function sample2005(): string {
  const dir = copySample('gep-2005-');
  for (const f of ['extent.csv', 'observations.csv', 'extent-change.csv', 'indicators.csv'])
    writeLines(
      dir,
      f,
      readLines(dir, f).map((l) => l.replace(/^tianfu,2020,/, 'tianfu,2005,')),
    );
  const pi = readLines(dir, 'price-index.csv');
  const back = [
    ['2009', '1.033'],
    ['2008', '0.993'],
    ['2007', '1.059'],
    ['2006', '1.048'],
    ['2005', '1.015'],
  ];
  let v = dec('100');
  const rows = back.map(([y, r]) => {
    v = v.div(dec(r!));
    return `cpi,${y},${v.toDecimalPlaces(4)},NBS communiqués chained back to 2010 = 100`;
  });
  writeLines(dir, 'price-index.csv', [pi[0]!, ...rows.reverse(), ...pi.slice(1)]);
  const m = readFileSync(join(dir, 'dataset.yaml'), 'utf8')
    .replace('years: [2020, 2021, 2022]', 'years: [2005, 2021, 2022]')
    .replace('price_year: 2020', 'price_year: 2021');
  writeFileSync(join(dir, 'dataset.yaml'), m);
  return dir;
}

describe('a 2005 account on coefficients whose first entry is from 2010', () => {
  const dir = sample2005();
  const r = runAccount({ dataset: dir });
  const y2005 = r.account.regionYears.find((ry) => ry.year === 2005)!;

  it('is accounted, with the 2010 entries, marked in the trace and in the diagnostics', () => {
    const rs = y2005.current.traces!.get('soil_retention.siltation')!.reads;
    expect(rs.find((x) => x.name === 'soil_bulk_density')).toMatchObject({ value: '1.3', validFrom: 2010, beforeFirstEntry: true });
    const notes = r.account.diagnostics.filter((d) => d.code === 'before_first_entry' && d.year === 2005);
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.map((d) => d.message)).toContain(
      'coefficient "soil_bulk_density" has no entry before 2010: its entry from 2010 is used for 2005',
    );
    expect(r.account.diagnostics.filter((d) => d.code === 'before_first_entry' && d.year !== 2005 && !d.priceYear)).toEqual([]);
  });

  it('a money coefficient takes its 2010 entry re-priced to 2005 by the CPI (the same rule as any other year)', () => {
    const rs = y2005.current.traces!.get('soil_retention.siltation')!.reads;
    const d = rs.find((x) => x.name === 'dredging_cost')!;
    const cpi2005 = readLines(dir, 'price-index.csv')
      .find((l) => l.startsWith('cpi,2005,'))!
      .split(',')[2]!;
    expect(d).toMatchObject({ priceYear: 2010, beforeFirstEntry: true, value: str(dec('15.58').mul(dec(cpi2005).div(100))) });
  });

  it('gep explain says so', async () => {
    const e = await gep('explain', 'soil_retention.siltation', '-r', 'tianfu', '-y', '2005', '-d', dir);
    expect(e.stdout).toMatch(
      /coefficient soil_bulk_density = 1.3 t\/m3 \(entry from 2010; BEFORE ITS FIRST ENTRY: the entry from 2010 is used;/,
    );
  });

  it('the sample’s own years get no marker', () => {
    expect(runAccount().account.diagnostics.filter((x) => x.code === 'before_first_entry')).toEqual([]);
  });
});

describe('a base year outside the dataset’s years, inside the price index', () => {
  it('restates every year at 2015 prices: observed prices and money inputs moved by the CPI, coefficients by their index', () => {
    const current = runAccount({ trace: false });
    const at2015 = runAccount({ baseYear: 2015, trace: false });
    // CPI 2015 and 2020 of the sample's series (NBS communiqués, 2010 = 100)
    const k = dec('114.7555').div(dec('128.0656'));
    const ry = (run: typeof current, y: number) => run.account.regionYears.find((x) => x.year === y)!;
    const now = ry(current, 2020).services;
    const then = ry(at2015, 2020).services;
    for (const s of now) {
      // the electricity price has an entry from 2020 (0.5224 CNY/kWh): 2015 prices take the 2010 entry, 0.53
      // CNY/kWh of 2010 moved to 2015 (models/cn-gep-2022/coefficients.yaml electricity_price)
      const f = s.id === 'climate_regulation' ? dec('0.53').mul(dec('114.7555').div(100)).div(dec('0.5224')) : k;
      const diff = then
        .find((t) => t.id === s.id)!
        .moneyConstant.minus(s.money.mul(f))
        .abs();
      expect([s.id, diff.lt(dec('1e-6'))]).toEqual([s.id, true]);
    }
    expect(at2015.meta.base_year).toBe(2015);
    expect(at2015.meta.id).not.toBe(current.meta.id);
  });

  it('a base year the price index does not cover is refused, naming the series and the years', async () => {
    expect(() => runAccount({ baseYear: 2005 })).toThrow(IssuesError);
    const r = await gep('account', '--base-year', '2005', '--no-trace');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /base year 2005 is not among the dataset's years \(2020, 2021, 2022\), and the price index "cpi" that would move prices to it has no value for 2005/,
    );
  });
});
