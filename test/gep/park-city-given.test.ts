/**
 * The park-city model with quantities computed elsewhere (issue 15: "the given quantity/value rows and
 * coefficients.csv must work with it"): a noise quantity from an acoustic model, a cooling value from another
 * study, and a local storage cost, on a copy of datasets/tianfu-park-city.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../engine/core/decimal.ts';
import { resultRows } from '../../reports/results-csv.ts';
import { runAccount } from '../../lib/run.ts';

const PARK_CITY = resolve(import.meta.dirname, '../../datasets/tianfu-park-city');
const MODEL = 'park-city-gep-2023';
// CPI of the dataset (NBS communiqués, 2010 = 100): 2015 114.7555, 2021 129.2181, 2022 131.8025
const CPI = { 2015: '114.7555', 2021: '129.2181', 2022: '131.8025' };

function copy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'gep-park-')), 'ds');
  cpSync(PARK_CITY, dir, { recursive: true });
  return dir;
}

describe('park-city-gep-2023 with given quantities, given values and local coefficients', () => {
  const base = runAccount({ model: MODEL, dataset: PARK_CITY });
  const dir = copy();
  appendFileSync(
    join(dir, 'observations.csv'),
    [
      'tianfu-core,2022,noise_reduction,,30000000,dBA,given: district acoustic model (illustrative)',
      'tianfu-core,2022,heat_island_mitigation.money,,600000000,CNY,given: urban heat-island study (illustrative)',
    ].join('\n') + '\n',
  );
  writeFileSync(
    join(dir, 'coefficients.csv'),
    'region,coefficient,key,from,value,unit,source\ntianfu-core,storage_cost,,2021,8.5,CNY/m3,local sponge-city storage cost (illustrative)\n',
  );
  const manifest = join(dir, 'dataset.yaml');
  writeFileSync(
    manifest,
    readFileSync(manifest, 'utf8').replace(
      '  price_index: price-index.csv',
      '  price_index: price-index.csv\n  coefficients: coefficients.csv',
    ) +
      // both are also computable from the inputs: the dataset says the given figures win
      'given:\n  precedence: { noise_reduction: given, heat_island_mitigation: given }\n',
  );
  const run = runAccount({ model: MODEL, dataset: dir });
  const service = (r: typeof run, year: number, id: string) =>
    r.account.regionYears.find((x) => x.year === year)!.services.find((s) => s.id === id)!;

  it('a given quantity is valued at the model price: 3×10⁷ dB(A)·a × 7.626 CNY (2015) × CPI 2022/2015', () => {
    const noise = service(run, 2022, 'noise_reduction');
    expect(noise.physical!.toString()).toBe('30000000');
    const money = new Dec('30000000').mul('7.626').mul(new Dec(CPI[2022]).div(CPI[2015]));
    expect(noise.money.minus(money).abs().lte('0.000001')).toBe(true);
    const row = resultRows(run).find((r) => r.indicator === 'noise_reduction' && r.level === 'service' && r.year === '2022')!;
    expect(row.origin).toBe('given_physical');
  });

  it('a given value stands as given; its quantity is still computed, and its row says so', () => {
    const heat = service(run, 2022, 'heat_island_mitigation');
    expect(heat.money.toString()).toBe('600000000');
    expect(heat.physical!.eq(service(base, 2022, 'heat_island_mitigation').physical!)).toBe(true);
    const row = resultRows(run).find((r) => r.indicator === 'heat_island_mitigation' && r.level === 'service' && r.year === '2022')!;
    expect(row.origin).toBe('given_money');
  });

  it('a local coefficient replaces the model one from its year: storage 8.5 CNY/m³ (2021 prices)', () => {
    for (const year of [2021, 2022] as const) {
      const s = service(run, year, 'stormwater_regulation');
      const money = s.physical!.mul('8.5').mul(new Dec(CPI[year]).div(CPI[2021]));
      expect(s.money.minus(money).abs().lte('0.000001'), String(year)).toBe(true);
    }
    // the rest of the account is unchanged
    const other = (r: typeof run) => service(r, 2021, 'recreation').money.toString();
    expect(other(run)).toBe(other(base));
    expect(run.meta.id).not.toBe(base.meta.id);
  });
});
