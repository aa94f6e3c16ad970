/**
 * Carbon factors take scenario overrides through the same overlay as GEP coefficients (issue 9, part 3):
 * a value with its unit from a year (to a year), checked, every problem at once, naming the field.
 */
import { describe, expect, it } from 'vitest';
import { type Dec, dec, str, ZERO } from '../../engine/core/decimal.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import { type CarbonRun, runCarbon } from '../../lib/carbon-run.ts';
import { loadScenario } from '../../lib/scenario.ts';

const base = { model: 'cn-gep-2022@1.0.0', dataset: 'tianfu-sample' };
const carbon = { factors: 'cn-carbon-factors@1.1.0' };
const scenario = (factors: object[], extra: object = {}) =>
  loadScenario({ id: 't', label: 't', base, carbon, overrides: { factors }, ...extra });
const baseline = runCarbon({ parts: ['inventory'] });

/** Intensities are gross (or energy) over GDP, population or area: they follow the totals and are left out here. */
const RATIOS = new Set(['carbon.intensity_gdp', 'energy.intensity_gdp', 'carbon.per_capita', 'carbon.per_km2']);
/** Every traced inventory figure of a run: lines by year, id, item and sector; totals by year and id. */
function figures(run: CarbonRun): Map<string, Dec> {
  const out = new Map<string, Dec>();
  for (const e of run.inventory)
    for (const t of e.inventory.traces)
      if (!RATIOS.has(t.id)) out.set(`${e.year} ${t.id}${t.by ? ` ${t.by.item} ${t.by.sector}` : ''}`, dec(t.value));
  return out;
}
/** Δ of every figure against the baseline, the ones that moved only. */
function moved(run: CarbonRun): Map<string, string> {
  const a = figures(baseline),
    b = figures(run);
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  const out = new Map<string, string>();
  for (const [k, v] of b) if (!v.eq(a.get(k)!)) out.set(k, str(v.minus(a.get(k)!)));
  return out;
}
const amountOf = (year: number, kind: string, item: string, sector: string) =>
  baseline.data.activity('tianfu', year).find((a) => a.kind === kind && a.item === item && a.sector === sector)!.amount;

function issuesOf(f: () => unknown): { path?: string; code: string; message: string }[] {
  try {
    f();
  } catch (e) {
    if (e instanceof IssuesError) return e.issues;
    throw e;
  }
  throw new Error('expected an IssuesError');
}

describe('a scenario overrides a fuel NCV from a year', () => {
  const run = runCarbon({
    parts: ['inventory'],
    scenario: scenario([{ factor: 'fuel.raw_coal.ncv', from: 2020, value: '22000', unit: 'kJ/kg', source: 'test: a higher-grade coal' }]),
  });

  it('changes each raw-coal combustion line from 2020 by activity × ΔNCV × CC × OF × 44/12, and every other line by 0', () => {
    // METHODS §2.1 (IPCC 2006 Vol.2 Eq. 2.1; provincial guideline): CO2 = AD × NCV × CC × OF × 44/12, with raw coal's
    // CC 26.37 tC/TJ = 0.02637 tC/GJ and OF 0.94 (cn-carbon-factors@1.1.0). NCV 20,908 kJ/kg → 22,000 kJ/kg = 22 GJ/t:
    // Δ per tonne = (22 − 20.908) × 0.02637 × 0.94 × 44/12 = 1.092 × 0.02637 = 0.02879604; × 0.94 = 0.0270682776;
    // × 11/3 = 0.0992503512 tCO2/t exactly.
    const perTonne = dec('0.0992503512');
    const expected = new Map<string, string>();
    for (const year of [2020, 2021, 2022])
      for (const a of baseline.data.activity('tianfu', year).filter((x) => x.kind === 'fuel' && x.item === 'raw_coal')) {
        // power and heat plants' fuel is its own line (GPC I.4.4), outside scope 1 and gross: it moves too, apart
        const id = a.sector === 'power_heat' ? 'carbon.energy_generation.fuel' : 'carbon.scope1.fuel';
        expected.set(`${year} ${id} raw_coal ${a.sector}`, str(a.amount.mul(perTonne)));
      }
    const nonPlant = (year: number) =>
      baseline.data
        .activity('tianfu', year)
        .filter((x) => x.kind === 'fuel' && x.item === 'raw_coal' && x.sector !== 'power_heat')
        .reduce((s, x) => s.plus(x.amount), ZERO);
    const all = (year: number) =>
      baseline.data
        .activity('tianfu', year)
        .filter((x) => x.kind === 'fuel' && x.item === 'raw_coal')
        .reduce((s, x) => s.plus(x.amount), ZERO);
    for (const year of [2020, 2021, 2022]) {
      const d = str(nonPlant(year).mul(perTonne));
      for (const total of ['carbon.scope1', 'carbon.gross']) expected.set(`${year} ${total}`, d);
      // the territorial view counts the plants' coal too; the difference of the views (plant fuel − scope 2) moves by the plants' part
      expected.set(`${year} carbon.territorial`, str(all(year).mul(perTonne)));
      expected.set(`${year} carbon.view_difference`, str(all(year).minus(nonPlant(year)).mul(perTonne)));
      // GPC BASIC and BASIC+ hold the non-plant coal (stationary energy); the plants' fuel total moves by the plants' part
      for (const gpc of ['carbon.gpc.basic', 'carbon.gpc.basic_plus']) expected.set(`${year} ${gpc}`, d);
      expected.set(`${year} carbon.energy_generation`, str(all(year).minus(nonPlant(year)).mul(perTonne)));
    }
    expect(Object.fromEntries(moved(run))).toEqual(Object.fromEntries(expected));
    // one line by hand: 199,500 t of kiln coal in 2020 × 0.0992503512 = 19,800.4450644 tCO2
    expect(amountOf(2020, 'fuel', 'raw_coal', 'nonmetal_minerals').toString()).toBe('199500');
    expect(moved(run).get('2020 carbon.scope1.fuel raw_coal nonmetal_minerals')).toBe('19800.4450644');
    // 2020: (199,500 + 48,000 + 42,000 + 30,000) t × 0.0992503512 = 31,710.4872084 tCO2 more in scope 1
    expect(moved(run).get('2020 carbon.scope1')).toBe('31710.4872084');
  });

  it('the trace reads the overridden factor with the scenario as its source, and the energy in tce does not move', () => {
    const line = run.inventory
      .find((e) => e.year === 2020)!
      .inventory.traces.find((t) => t.id === 'carbon.scope1.fuel' && t.by?.item === 'raw_coal' && t.by.sector === 'chemicals')!;
    expect(line.reads.find((r) => r.name === 'fuel.raw_coal.ncv')).toMatchObject({
      value: '22',
      unit: 'GJ/t',
      validFrom: 2020,
      source: 'cn-carbon-factors@1.1.0: scenario t: test: a higher-grade coal',
    });
    expect(run.factors.params.get('fuel.raw_coal.ncv')!.entries.map((e) => [e.from, e.given])).toEqual([
      [2005, '20908 kJ/kg'],
      [2020, '22000 kJ/kg'],
    ]);
    expect(str(run.inventory.find((e) => e.year === 2022)!.inventory.energy.calorific)).toBe(
      str(baseline.inventory.find((e) => e.year === 2022)!.inventory.energy.calorific),
    );
  });
});

describe('a scenario overrides the Sichuan grid factor of one vintage', () => {
  it('moves every year that uses the 2021 vintage (2021, and the years before the first vintage) by MWh × Δfactor; 2022 not', () => {
    const run = runCarbon({
      parts: ['inventory'],
      scenario: scenario([
        {
          factor: 'grid.sichuan.average',
          from: 2021,
          until: 2021,
          value: '0.1300',
          unit: 'kgCO2/kWh',
          source: 'test: the 2021 vintage re-read',
        },
      ]),
    });
    // scope 2 = MWh × grid factor (METHODS §2.1, location-based): 0.1255 → 0.1300 kgCO2/kWh = tCO2/MWh, Δ 0.0045 tCO2/MWh
    const delta = dec('0.0045');
    const expected = new Map<string, string>();
    for (const year of [2015, 2016, 2017, 2018, 2019, 2020, 2021]) {
      let total = ZERO;
      for (const a of baseline.data.activity('tianfu', year).filter((x) => x.kind === 'electricity' && x.item === 'grid')) {
        expected.set(`${year} carbon.scope2.electricity grid ${a.sector}`, str(a.amount.mul(delta)));
        total = total.plus(a.amount.mul(delta));
      }
      for (const t of ['carbon.scope2', 'carbon.gross']) expected.set(`${year} ${t}`, str(total));
      // territorial counts no scope 2: only the difference of the views (plant fuel − scope 2) moves, by −Δ
      expected.set(`${year} carbon.view_difference`, str(total.neg()));
      // scope 2 sits in its users' GPC classes, all inside BASIC
      for (const gpc of ['carbon.gpc.basic', 'carbon.gpc.basic_plus']) expected.set(`${year} ${gpc}`, str(total));
    }
    const got = moved(run);
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
    // one line by hand: electronics 2020, 6,031,183 MWh × 0.0045 = 27,140.3235 tCO2
    expect(amountOf(2020, 'electricity', 'grid', 'electronics').toString()).toBe('6031183');
    expect(got.get('2020 carbon.scope2.electricity grid electronics')).toBe('27140.3235');
    // until 2021: the 2022 vintage (0.1404) is the set's own again
    expect(str(run.inventory.find((e) => e.year === 2022)!.inventory.factors.grid!.value)).toBe('0.1404');
  });
});

describe('a grid value override over several vintages', () => {
  it('keeps each vintage: a fixed vintage inside the window is found and takes the value, the trace names the year’s vintage', () => {
    const s = scenario([
      { factor: 'grid.sichuan.average', from: 2021, until: 2022, value: '0.2', unit: 'tCO2/MWh', source: 'test: two vintages re-read' },
    ]);
    const fixed = runCarbon({
      parts: ['inventory'],
      years: [2022],
      grid: { geography: 'sichuan', kind: 'average', vintage: 2022 },
      scenario: s,
    });
    const mwh = baseline.data
      .activity('tianfu', 2022)
      .filter((x) => x.kind === 'electricity' && x.item === 'grid')
      .reduce((t, x) => t.plus(x.amount), ZERO);
    // scope 2 = MWh × grid factor (METHODS §2.1), no purchased heat in the sample
    expect(str(fixed.inventory[0]!.inventory.scope2)).toBe(str(mwh.mul(dec('0.2')).plus(heat2022(fixed))));
    const byYear = runCarbon({ parts: ['inventory'], years: [2022], scenario: s }).inventory[0]!.inventory.factors.grid!;
    expect([byYear.vintage, str(byYear.value)]).toEqual([2022, '0.2']);
  });
});
const heat2022 = (run: CarbonRun) => run.inventory[0]!.inventory.bySource.get('heat') ?? ZERO;

describe('bad factor overrides are refused with every problem, naming the field', () => {
  it('an unknown factor (with a suggestion), a unit that does not convert, a year outside the data, a bad scale, a negative value', () => {
    const issues = issuesOf(() =>
      runCarbon({
        parts: ['inventory'],
        scenario: scenario(
          [
            { factor: 'fuel.raw_col.ncv', from: 2020, value: '22', unit: 'GJ/t', source: 'typo' },
            { factor: 'fuel.raw_coal.ncv', from: 2020, value: '22', unit: 'kg', source: 'not an energy per mass' },
            { factor: 'heat.ef', from: 2030, value: '0.1', unit: 'tCO2/GJ', source: 'after the data' },
            // accepted: a year before the first vintage takes the first vintage's place (engine/params/in-force.ts)
            { factor: 'grid.sichuan.average', from: 2016, value: '0.2', unit: 'tCO2/MWh', source: 'before the first vintage' },
            { factor: 'process.lime', from: 2020, scale: '0', source: 'zero' },
            { factor: 'heat.ef', from: 2021, value: '-0.1', unit: 'tCO2/GJ', source: 'a negative heat factor' },
          ],
          {
            uncertainty: [
              { factor: 'fuel.coke.nvc', low: '1', high: '2', unit: 'GJ/t' },
              { factor: 'heat.ef', low: '-0.1', high: '0.2', unit: 'tCO2/GJ' },
            ],
          },
        ),
      }),
    );
    const by = Object.fromEntries(issues.map((i) => [i.path, i]));
    expect(Object.keys(by).sort()).toEqual([
      'overrides.factors[0].factor',
      'overrides.factors[1].unit',
      'overrides.factors[2].from',
      'overrides.factors[4].scale',
      'overrides.factors[5].value',
      'uncertainty[0].factor',
      'uncertainty[1].low',
    ]);
    // the sign rule of scenario values: no shipped factor is negative, so a scenario may not make one so
    expect(by['overrides.factors[5].value']).toMatchObject({ code: 'factor_negative' });
    expect(by['uncertainty[1].low']!.message).toMatch(/-0.1 would make heat.ef \(tCO2\/GJ in the set\) negative/);
    expect(by['overrides.factors[0].factor']!.message).toMatch(
      /unknown factor "fuel.raw_col.ncv" in cn-carbon-factors@1.1.0 \(did you mean "fuel.raw_coal.ncv"/,
    );
    expect(by['overrides.factors[1].unit']!.message).toMatch(/kg is not a unit of GJ\/t/);
    expect(by['overrides.factors[2].from']!.message).toMatch(/2030 is outside the carbon data's years/);
    expect(by['uncertainty[0].factor']!.message).toMatch(/did you mean "fuel.coke.ncv"/);
  });

  it('the schema: a value needs its unit, until not before from, and factor overrides need carbon.factors', () => {
    const read = (s: object) => issuesOf(() => loadScenario({ id: 't', label: 't', base, ...s })).map((i) => `${i.path}: ${i.message}`);
    expect(
      read({ carbon, overrides: { factors: [{ factor: 'heat.ef', from: 2021, until: 2020, value: '0.1', source: 'no unit' }] } }),
    ).toEqual(['overrides.factors.0.unit: a value needs its unit', 'overrides.factors.0.until: until is before from']);
    expect(read({ overrides: { factors: [{ factor: 'heat.ef', from: 2021, scale: '2', source: 'no factor set named' }] } })).toEqual([
      'carbon: carbon factor overrides and ranges name the factor set they are written for: add carbon.factors (id@version)',
    ]);
  });

  it('a scenario without factor overrides parses as before (no overrides.factors key), so its hash and run ids do not move', () => {
    const s = loadScenario(new URL('../../scenarios/greenway.yaml', import.meta.url).pathname);
    expect('factors' in s.overrides).toBe(false);
  });
});

describe('the shipped example scenarios/carbon-factors-revised.yaml', () => {
  it('runs every carbon part on the sample; scope 1 moves from 2020, scope 2 up to 2021', () => {
    const s = loadScenario(new URL('../../scenarios/carbon-factors-revised.yaml', import.meta.url).pathname);
    const run = runCarbon({ scenario: s });
    expect(run.meta.scenario).toBe('carbon-factors-revised');
    for (const e of run.inventory) {
      const b = baseline.inventory.find((x) => x.year === e.year)!.inventory;
      expect(e.inventory.scope1.eq(b.scope1), `scope1 ${e.year}`).toBe(e.year < 2020);
      expect(e.inventory.scope2.eq(b.scope2), `scope2 ${e.year}`).toBe(e.year > 2021);
    }
  });
});
