/**
 * Scenarios as overlays (issue 4): an empty scenario is the baseline byte for byte; a land-use conversion
 * changes only the area-based services, by the hand-computed amounts; bad scenarios are refused naming the field.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dec, str } from '../engine/core/decimal.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { compareRuns } from '../lib/compare.ts';
import { runAccount, type AccountRun } from '../lib/run.ts';
import { loadScenario, prepareScenario, runScenario } from '../lib/scenario.ts';
import { resultJson } from '../reports/result-json.ts';
import { resultsCsv } from '../reports/results-csv.ts';

const d = (t: string) => new Dec(t);
const base = { model: 'cn-gep-2022@1.0.0', dataset: 'tianfu-sample' };
const scenario = (overrides: object, id = 'test') => loadScenario({ id, label: 'test', base, overrides });

function issuesOf(f: () => unknown): { path?: string; message: string; code: string }[] {
  try {
    f();
  } catch (e) {
    if (e instanceof IssuesError) return e.issues;
    throw e;
  }
  throw new Error('expected an IssuesError');
}
const service = (run: AccountRun, year: number, id: string) =>
  run.account.regionYears.find((r) => r.year === year)!.services.find((s) => s.id === id)!;

let baseline: AccountRun;
beforeAll(() => {
  baseline = runAccount({ trace: false });
});

describe('a scenario with no overrides', () => {
  it('reproduces the baseline byte for byte (result.json and results.csv); only the run meta names the scenario', () => {
    const run = runScenario(scenario({}, 'baseline-copy'), { trace: false });
    // the same account under the baseline's meta gives the same bytes
    const asBaseline = { ...run, meta: baseline.meta };
    expect(resultJson(asBaseline)).toBe(resultJson(baseline));
    expect(resultsCsv(asBaseline)).toBe(resultsCsv(baseline));
    // and the meta differs in the scenario's name, its hash and hence the run id, nothing else
    const { id: _a, scenario: s, scenario_hash: h, ...rest } = run.meta;
    const { id: _b, scenario: s0, ...rest0 } = baseline.meta;
    expect(rest).toEqual(rest0);
    expect([s, s0]).toEqual(['baseline-copy', 'baseline']);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('a land-use conversion: 100 ha of dry farmland become wetland from 2021 (tianfu-sample)', () => {
  let run: AccountRun;
  beforeAll(() => {
    run = runScenario(
      scenario(
        {
          conversions: [{ from_type: 'dry_farmland', to_type: 'wetland', area_ha: '100', from: 2021, source: 'test: wetland restoration' }],
        },
        'wetland-100',
      ),
      { trace: false },
    );
  });
  // 2022 money coefficients priced in 2010 are moved by CPI_2022 / CPI_2010 = 131.8025 / 100 (price-index.csv, NBS)
  const CPI = d('131.8025').div(d('100'));
  const X = d('100'); // ha
  // tianfu-sample 2022 inputs (observations.csv): precipitation 812.6 mm; ET wetland 740 mm; R 3680 MJ mm/(ha h);
  // K 0.0285 t h/(MJ mm); LS dry_farmland 1.4; wind erosion dry_farmland potential 1.60, actual 0.85 t/ha; NEP wetland 1.02 tC/ha
  const expected: Record<string, [Dec, Dec]> = {};
  {
    // water_conservation: + X × (P − α_wetland·P − ET_wetland) × 10 m3/(ha mm); α_wetland = 0 (龚诗涵 et al. 2017, 生态学报 37(7):2455);
    // reservoir_cost 7.06 CNY/m3 (2010), 白玛卓嘎 et al. 2017, 生态学报 37(19):6302, Table 3
    const wc = X.mul(d('812.6').minus(d('740'))).mul(d('10')); // 72600 m3
    expected.water_conservation = [wc, wc.mul(d('7.06')).mul(CPI)];
    // soil_retention: − X × R × K × LS × (1 − C·P), C 0.23 and P 0.4 for dry farmland (Wischmeier & Smith 1978, *verify*)
    const sr = X.mul(d('3680'))
      .mul(d('0.0285'))
      .mul(d('1.4'))
      .mul(d('1').minus(d('0.23').mul(d('0.4'))))
      .neg(); // −13332.3456 t
    // money: λ 0.24 × Q / ρ 1.3 t/m3 × dredging 15.58 CNY/m3 + Q × (N 0.37 % × 875 + P 0.108 % × 2800) CNY/t (白玛卓嘎 et al. 2017)
    const srMoney = d('0.24')
      .mul(sr)
      .div(d('1.3'))
      .mul(d('15.58').mul(CPI))
      .plus(
        sr.mul(
          d('0.0037')
            .mul(d('875').mul(CPI))
            .plus(d('0.00108').mul(d('2800').mul(CPI))),
        ),
      );
    expected.soil_retention = [sr, srMoney];
    // windbreak_sand_fixation: − X × (1.60 − 0.85) t; money Q / (1.28 t/m3 × 0.1 m) × 3.75 CNY/m2 (白玛卓嘎 et al. 2017)
    const wb = X.mul(d('1.60').minus(d('0.85'))).neg(); // −75 t
    expected.windbreak_sand_fixation = [wb, wb.div(d('1.28').mul(d('0.1'))).mul(d('3.75').mul(CPI))];
    // flood_regulation (marsh part): + X × 0.3 m × 10^4 m2/ha (白玛卓嘎 et al. 2017: C_m = 0.3 × S)
    const fr = X.mul(d('0.3')).mul(d('10000')); // 300000 m3
    expected.flood_regulation = [fr, fr.mul(d('7.06')).mul(CPI)];
    // carbon_sequestration: + X × NEP 1.02 tC/ha × 44/12; carbon_price 380 CNY/t (2010, 白玛卓嘎 et al. 2017)
    const cs = X.mul(d('1.02')).mul(d('44')).div(d('12')); // 374 tCO2
    expected.carbon_sequestration = [cs, cs.mul(d('380').mul(CPI))];
    // oxygen_release: 32/44 × ΔQ_CO2 = 272 t; oxygen_price 727 CNY/t (2010, 白玛卓嘎 et al. 2017)
    const ox = cs.mul(d('32')).div(d('44'));
    expected.oxygen_release = [ox, ox.mul(d('727').mul(CPI))];
  }

  it('the hand figures', () => {
    expect(str(expected.water_conservation![0])).toBe('72600');
    expect(str(expected.soil_retention![0])).toBe('-13332.3456');
    expect(str(expected.carbon_sequestration![0])).toBe('374');
    expect(str(expected.oxygen_release![0])).toBe('272');
  });

  it('changes the six area-based services of the two types by the hand-computed amounts in 2022, and nothing else', () => {
    for (const s of baseline.model.services) {
      const a = service(baseline, 2022, s.id),
        b = service(run, 2022, s.id);
      const dq = b.physical!.minus(a.physical!),
        dm = b.money.minus(a.money);
      const e = expected[s.id];
      if (!e) {
        expect(str(dq), `${s.id} physical`).toBe('0');
        expect(str(dm), `${s.id} money`).toBe('0');
        continue;
      }
      expect(dq.minus(e[0]).abs().lte('0.000001'), `${s.id} physical: engine ${dq}, hand ${e[0]}`).toBe(true);
      expect(dm.minus(e[1]).abs().lte('0.000001'), `${s.id} money: engine ${dm}, hand ${e[1]}`).toBe(true);
    }
    expect(Object.keys(expected).length).toBe(6);
  });

  it('leaves 2020 (before the conversion) unchanged and moves the extent', () => {
    const y0 = (r: AccountRun) => r.account.regionYears.find((x) => x.year === 2020)!;
    expect(str(y0(run).gep.current)).toBe(str(y0(baseline).gep.current));
    const e = run.account.extent[0]!,
      e0 = baseline.account.extent[0]!;
    expect(str(e.area.get(2022)!.get('wetland')!)).toBe(str(e0.area.get(2022)!.get('wetland')!.plus(100)));
    expect(str(e.area.get(2022)!.get('dry_farmland')!)).toBe(str(e0.area.get(2022)!.get('dry_farmland')!.minus(100)));
    expect(str(e.total.get(2022)!)).toBe(str(e0.total.get(2022)!));
    // the 2020→2022 transition matrix carries the conversion: 100 ha more dry_farmland → wetland
    const m = e.changes.find((c) => c.fromYear === 2020 && c.toYear === 2022)!.matrix!;
    const m0 = e0.changes.find((c) => c.fromYear === 2020 && c.toYear === 2022)!.matrix!;
    expect(
      str(
        m
          .get('dry_farmland')!
          .get('wetland')!
          .minus(m0.get('dry_farmland')!.get('wetland') ?? d('0')),
      ),
    ).toBe('100');
  });

  it('a conversion the transition matrix cannot carry leaves the matrix out and says so in the run', () => {
    // wetland → wetland is 1150 ha in the 2020→2022 matrix (extent-change.csv): 1160 ha cannot leave it
    const r = runScenario(
      scenario({ conversions: [{ from_type: 'wetland', to_type: 'paddy', area_ha: '1160', from: 2021, source: 'test' }] }, 'drain'),
      { trace: false },
    );
    expect(r.account.extent[0]!.changes.find((c) => c.fromYear === 2020 && c.toYear === 2022)?.matrix).toBeUndefined(); // net changes year by year remain
    expect(r.meta.scenario_notes).toEqual([
      'tianfu 2020→2022: the transition matrix cannot carry the conversion wetland → paddy and is left out (net changes only)',
    ]);
    expect(run.meta.scenario_notes).toBeUndefined();
  });

  it('names its types as published tables do (旱地 → dry_farmland, 湿地 → wetland): the same account, the mapping noted', () => {
    const r = runScenario(
      scenario({ conversions: [{ from_type: '旱地', to_type: '湿地', area_ha: '100', from: 2021, source: 'test' }] }, 'wetland-100-zh'),
      { trace: false },
    );
    expect(r.account.regionYears.map((ry) => ry.gep.current.toString())).toEqual(
      run.account.regionYears.map((ry) => ry.gep.current.toString()),
    );
    expect(r.meta.scenario_notes).toEqual([
      'overrides.conversions[0].from_type: ecosystem type 旱地 → dry_farmland',
      'overrides.conversions[0].to_type: ecosystem type 湿地 → wetland',
    ]);
  });

  it('compareRuns gives the same Δ as rows, physical and money', () => {
    const rows = compareRuns([baseline, run]);
    const wc = rows.find(
      (r) => r.indicator === 'water_conservation' && r.level === 'delta_service' && r.year === '2022' && r.price_basis === 'current',
    )!;
    expect(wc).toMatchObject({ scenario: 'wetland-100', key: 'vs=baseline', physical_value: '72600', physical_unit: 'm3' });
    expect(d(wc.money_value).minus(expected.water_conservation![1]).abs().lte('0.000001')).toBe(true);
    const pest = rows.find(
      (r) => r.indicator === 'pest_control' && r.level === 'delta_service' && r.year === '2022' && r.price_basis === 'current',
    )!;
    expect([pest.physical_value, pest.money_value]).toEqual(['0', '0']);
    const ext = rows.find((r) => r.level === 'delta_extent' && r.year === '2022' && r.key === 'ecosystem_type=wetland;vs=baseline')!;
    expect(ext.physical_value).toBe('100');
  });
});

describe('coefficient overrides by year', () => {
  it('a scalar from 2021 changes 2021–2022 at current prices and leaves 2020 and the 2020 constant prices alone', () => {
    const run = runScenario(
      scenario({ coefficients: [{ coefficient: 'reservoir_cost', from: 2021, value: '8', price_year: 2021, source: 'test assumption' }] }),
      { trace: false },
    );
    const a = service(baseline, 2022, 'water_conservation'),
      b = service(run, 2022, 'water_conservation');
    // 8 CNY/m3 priced in 2021 → 2022 prices × 131.8025 / 129.2181 (CPI)
    expect(
      b.money
        .minus(b.physical!.mul(d('8')).mul(d('131.8025')).div(d('129.2181')))
        .abs()
        .lte('0.000001'),
    ).toBe(true);
    expect(str(b.moneyConstant)).toBe(str(a.moneyConstant));
    expect(str(service(run, 2020, 'water_conservation').money)).toBe(str(service(baseline, 2020, 'water_conservation').money));
  });

  it('table rows replace only the rows given; scale multiplies every value from the year on', () => {
    const rows = runScenario(
      scenario({
        coefficients: [{ coefficient: 'cover_factor', from: 2020, table: { dry_farmland: '0.1' }, source: 'test: conservation tillage' }],
      }),
      { trace: false },
    );
    expect(service(rows, 2022, 'soil_retention').physical!.gt(service(baseline, 2022, 'soil_retention').physical!)).toBe(true);
    expect(str(service(rows, 2022, 'windbreak_sand_fixation').physical!)).toBe(
      str(service(baseline, 2022, 'windbreak_sand_fixation').physical!),
    );
    const scaled = runScenario(
      scenario({ coefficients: [{ coefficient: 'carbon_price', from: 2020, scale: '2', source: 'test: price doubled' }] }),
      { trace: false },
    );
    // each indicator is stored at 12 decimal places, so ×2 can differ in the last place only
    expect(
      service(scaled, 2022, 'carbon_sequestration')
        .money.minus(service(baseline, 2022, 'carbon_sequestration').money.mul(2))
        .abs()
        .lte('1e-11'),
    ).toBe(true);
  });

  it('input overrides (with unit conversion) and growth paths', () => {
    const run = runScenario(
      scenario({
        inputs: [{ input: 'hydropower_generation', from: 2022, value: '20', unit: 'GWh', source: 'new small hydro plant' }],
        growth: [{ input: 'visits', key: 'scenic_area', base_year: 2020, rate: '0.1', source: 'test: 10 % a year' }],
      }),
      { trace: false },
    );
    const rec = run.account.regionYears.find((r) => r.year === 2022)!.current.values.get('recreation.physical')!;
    expect(str(service(run, 2022, 'ecological_energy').physical!)).toBe('20000000'); // 20 GWh = 2 × 10^7 kWh
    const v2020 = baseline.account.regionYears
      .find((r) => r.year === 2020)!
      .current.values.get('recreation.physical')!
      .by!.get('scenic_area')!;
    expect(str(rec.by!.get('scenic_area')!)).toBe(str(v2020.mul(d('1.21'))));
  });
});

describe('bad scenarios are refused with every problem, naming the field', () => {
  it('an unknown coefficient, a year outside the dataset, an impossible conversion, an unknown type', () => {
    const issues = issuesOf(() =>
      runScenario(
        scenario({
          coefficients: [
            { coefficient: 'reservoir_costs', from: 2021, value: '8', source: 'typo' },
            { coefficient: 'carbon_price', from: 2030, value: '100', source: 'too late' },
          ],
          conversions: [
            { from_type: 'wetland', to_type: 'broadleaf_forest', area_ha: '5000', from: 2021, source: 'more than exists' },
            { from_type: 'dry_farmland', to_type: 'lava_field', area_ha: '10', from: 2021, source: 'unknown type' },
          ],
        }),
        { trace: false },
      ),
    );
    const by = Object.fromEntries([...issues].reverse().map((i) => [i.path, i])); // first issue per path
    expect(by['overrides.coefficients[0].coefficient']!.message).toMatch(/unknown coefficient "reservoir_costs".*reservoir_cost/);
    expect(by['overrides.coefficients[1].from']!.message).toMatch(/2030 is outside the dataset's years \(2020, 2021, 2022\)/);
    expect(by['overrides.conversions[0].area_ha']!.message).toMatch(/moves 5000 ha of wetland in tianfu 2021, but only 1175 ha/);
    expect(by['overrides.conversions[1].to_type']!.message).toMatch(/unknown ecosystem type "lava_field"/);
    expect(issues.length).toBe(5); // the impossible conversion is reported for 2021 and 2022
  });

  it('table rows for a key the coefficient has not, a value for a table coefficient, an unknown input key', () => {
    const issues = issuesOf(() =>
      runScenario(
        scenario({
          coefficients: [
            { coefficient: 'cover_factor', from: 2020, table: { moon_rock: '0.1' }, source: 'bad key' },
            { coefficient: 'cover_factor', from: 2021, value: '0.1', source: 'table coefficient' },
          ],
          inputs: [{ input: 'visits', key: 'beach', from: 2020, scale: '2', source: 'bad key' }],
        }),
        { trace: false },
      ),
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      'overrides.coefficients[0].table',
      'overrides.coefficients[1].value',
      'overrides.inputs[0].key',
    ]);
  });

  it('a file that breaks the schema: every problem with its path; the wrong model version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'id: Bad Id',
        'label: x',
        'base: { model: cn-gep-2022, dataset: tianfu-sample }',
        'overrides:',
        '  conversions:',
        '    - { from_type: paddy, to_type: wetland, area_ha: 50, from: 2021 }',
      ].join('\n'),
    );
    const issues = issuesOf(() => loadScenario(file));
    expect(issues.map((i) => i.path).sort()).toEqual([
      'base.model',
      'id',
      'overrides.conversions.0.area_ha',
      'overrides.conversions.0.source',
    ]);
    expect(issues.find((i) => i.path === 'overrides.conversions.0.area_ha')!.message).toMatch(/quoted strings/);
    const v = issuesOf(() => runScenario(loadScenario({ id: 'v', label: 'v', base: { ...base, model: 'cn-gep-2022@9.0.0' } })));
    expect(v[0]).toMatchObject({ path: 'base.model' });
  });
});

describe('the shipped example scenarios', () => {
  it('load and run on the sample, each changing GEP from the year it starts', () => {
    for (const [file, first] of [
      ['wetland-restoration', 2021],
      ['greenway', 2021],
      ['price-high', 2020],
    ] as const) {
      const run = runScenario(loadScenario(new URL(`../scenarios/${file}.yaml`, import.meta.url).pathname), { trace: false });
      expect(run.meta.scenario).toBe(file);
      for (const ry of run.account.regionYears) {
        const b = baseline.account.regionYears.find((x) => x.year === ry.year)!;
        expect(ry.gep.current.eq(b.gep.current), `${file} ${ry.year}`).toBe(ry.year < first);
      }
    }
  });
});

describe('compare identities (fast-check)', () => {
  it('a price scenario: Δ physical = 0 for every service; Δ GEP = Σ Δ services exactly, every year and basis', () => {
    const prices = ['reservoir_cost', 'carbon_price', 'oxygen_price', 'electricity_price', 'dredging_cost', 'sand_control_cost'];
    fc.assert(
      fc.property(
        fc.constantFrom(...prices),
        fc.integer({ min: 50, max: 300 }),
        fc.constantFrom(2020, 2021, 2022),
        (coefficient, pct, from) => {
          const run = runScenario(
            scenario({ coefficients: [{ coefficient, from, scale: new Dec(pct).div(100).toString(), source: 'property test' }] }, 'p'),
            { trace: false },
          );
          const rows = compareRuns([baseline, run]);
          for (const r of rows.filter((x) => x.level === 'delta_service')) expect(r.physical_value, r.indicator).toBe('0');
          for (const total of rows.filter((x) => x.level === 'delta_total')) {
            const services = rows.filter(
              (x) => x.level === 'delta_service' && x.year === total.year && x.price_basis === total.price_basis,
            );
            const sum = services.reduce((a, x) => a.plus(new Dec(x.money_value)), new Dec(0));
            expect(sum.eq(new Dec(total.money_value)), `${total.year} ${total.price_basis}`).toBe(true);
            if (Number(total.year) < from) expect(total.money_value).toBe('0');
          }
        },
      ),
      { numRuns: 5 },
    );
  });
});

describe('overlay problems found in review dual-1', () => {
  it('a growth path reaching a cell set by an input override is refused (review #2: the override silently vanished)', () => {
    const issues = issuesOf(() =>
      prepareScenario(
        scenario({
          inputs: [{ input: 'visits', key: 'scenic_area', from: 2022, scale: '10', source: 'test: ten-fold in 2022' }],
          growth: [{ input: 'visits', key: 'scenic_area', base_year: 2020, rate: '0', source: 'test: flat' }],
        }),
      ),
    );
    expect(issues.map((i) => [i.path, i.code])).toEqual([['overrides.growth[0]', 'growth_conflict']]);
    expect(issues[0]!.message).toMatch(/conflicts with overrides\.inputs\[0\] in 2022/);
    // an override of the base year itself is what the path grows from: no conflict
    const { overlay } = prepareScenario(
      scenario({
        inputs: [{ input: 'visits', key: 'scenic_area', from: 2020, to: 2020, scale: '2', source: 'test: base doubled' }],
        growth: [{ input: 'visits', key: 'scenic_area', base_year: 2020, rate: '0', source: 'test: flat' }],
      }),
    );
    const v = (y: number) => overlay.data.values('tianfu', y)!.get('visits')!.get('scenic_area')!;
    expect(str(v(2022))).toBe(str(v(2020)));
  });

  it("a table override on a group row replaces its member rows (review #3: the model's paddy/dry_farmland rows shadowed it)", () => {
    const cf = (table: object) =>
      runScenario(
        scenario({
          coefficients: [{ coefficient: 'cover_factor', from: 2020, table, source: 'test: conservation tillage on all farmland' }],
        }),
        { trace: false },
      );
    const byGroup = cf({ farmland: '0.01' }),
      byRows = cf({ paddy: '0.01', dry_farmland: '0.01' });
    expect(service(byGroup, 2022, 'soil_retention').physical!.eq(service(baseline, 2022, 'soil_retention').physical!)).toBe(false);
    expect(str(service(byGroup, 2022, 'soil_retention').physical!)).toBe(str(service(byRows, 2022, 'soil_retention').physical!));
  });

  it('every problem of one override is reported, not only the first (review #11)', () => {
    const issues = issuesOf(() =>
      prepareScenario(
        scenario({
          coefficients: [{ coefficient: 'reservoir_costs', from: 2030, value: '8', source: 'typo and bad year' }],
          inputs: [{ input: 'visits', key: 'beach', from: 2030, to: 2031, scale: '2', source: 'bad key, from and to' }],
          growth: [{ input: 'vists', base_year: 2031, rate: '-2', source: 'bad input, year and rate' }],
        }),
      ),
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      'overrides.coefficients[0].coefficient',
      'overrides.coefficients[0].from',
      'overrides.growth[0].base_year',
      'overrides.growth[0].input',
      'overrides.growth[0].rate',
      'overrides.inputs[0].from',
      'overrides.inputs[0].key',
      'overrides.inputs[0].to',
    ]);
  });

  it('fields that would be ignored are refused: to < from, range with a table or scale, price_year or unit with a scale (review #9)', () => {
    const read = (overrides: object) => issuesOf(() => scenario(overrides)).map((i) => `${i.path}: ${i.message}`);
    expect(
      read({
        inputs: [{ input: 'visits', key: 'scenic_area', from: 2022, to: 2020, scale: '10', unit: 'person-visit', source: 'reversed' }],
      }),
    ).toEqual(['overrides.inputs.0.unit: a scale has no unit: leave unit out', 'overrides.inputs.0.to: to is before from']);
    expect(
      read({
        coefficients: [
          {
            coefficient: 'cover_factor',
            from: 2021,
            table: { dry_farmland: '0.1' },
            range: { low: '0.05', high: '0.2' },
            source: 'range given',
          },
          { coefficient: 'carbon_price', from: 2021, scale: '2', price_year: 2021, source: 'price_year given' },
        ],
      }),
    ).toEqual([
      'overrides.coefficients.0.range: range goes with a value (table rows carry their own low/high; a scale scales the ranges in force)',
      'overrides.coefficients.1.price_year: a scale keeps the price years of the entries it scales: leave price_year out',
    ]);
  });
});
