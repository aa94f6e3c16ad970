/**
 * Bounded numbers in scenarios (issue 12 item 1): every number of a scenario file goes through the bounded
 * reader, and a scenario may not make a coefficient negative unless its model does (the sign rule of
 * engine/scenario/coefficient-sign.ts), nor an input go below its declared minimum.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Issue, IssuesError } from '../engine/core/errors.ts';
import { loadModel } from '../models/load.ts';
import { allowsNegative } from '../engine/scenario/coefficient-sign.ts';
import { loadScenario, prepareScenario } from '../lib/scenario.ts';
import { BAD_NUMBERS } from './fixtures/bad-numbers.ts';

const base = { model: 'cn-gep-2022@1.0.0', dataset: 'tianfu-sample' };
const scenario = (overrides: object, extra: object = {}) => ({ id: 'bounds', label: 'bounds', base, overrides, ...extra });
const where = (i: Issue) => ({ code: i.code, path: i.path });

function issuesOf(f: () => unknown): Issue[] {
  try {
    f();
  } catch (e) {
    if (e instanceof IssuesError) return e.issues;
    throw e;
  }
  throw new Error('expected an IssuesError');
}

const dir = mkdtempSync(join(tmpdir(), 'gep-scenario-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a scenario file with an unbounded number is refused at load, naming the field', () => {
  it.each(BAD_NUMBERS)('$label → $code (from a YAML file and from an object)', ({ text, code }) => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      `id: bounds\nlabel: bounds\nbase: { model: cn-gep-2022@1.0.0, dataset: tianfu-sample }\noverrides:\n  coefficients:\n    - { coefficient: reservoir_cost, from: 2020, value: "${text}", source: test }\n`,
    );
    expect(issuesOf(() => loadScenario(file)).map(where)).toEqual([{ code, path: 'overrides.coefficients.0.value' }]);
    expect(
      issuesOf(() =>
        loadScenario(scenario({ coefficients: [{ coefficient: 'reservoir_cost', from: 2020, value: text, source: 'test' }] })),
      ).map(where),
    ).toEqual([{ code, path: 'overrides.coefficients.0.value' }]);
  });

  it('every number field of a scenario: scale, table rows, ranges, input values, conversions, growth, uncertainty, carbon paths', () => {
    const big = '1e400';
    const issues = issuesOf(() =>
      loadScenario(
        scenario(
          {
            coefficients: [
              { coefficient: 'carbon_price', from: 2020, scale: big, source: 'test' },
              { coefficient: 'air_treatment_cost', from: 2020, table: { so2: big, nox: { value: '1', high: big } }, source: 'test' },
              { coefficient: 'oxygen_price', from: 2020, value: '1', range: { low: '1e-400', high: '2' }, source: 'test' },
            ],
            inputs: [{ input: 'precipitation', from: 2020, value: big, unit: 'mm', source: 'test' }],
            conversions: [{ from_type: 'dry_farmland', to_type: 'wetland', area_ha: big, from: 2021, source: 'test' }],
            growth: [{ input: 'visits', key: 'xinglong_lake', base_year: 2020, rate: big, source: 'test' }],
          },
          {
            uncertainty: [{ coefficient: 'carbon_price', low: '1', high: big }],
            carbon: { factors: 'cn-carbon-factors@1.1.0', paths: [{ id: 'p', label: 'p', rates: [{ from: 2023, population: big }] }] },
          },
        ),
      ),
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      'carbon.paths.0.rates.0.population',
      'overrides.coefficients.0.scale',
      'overrides.coefficients.1.table.nox.high',
      'overrides.coefficients.1.table.so2',
      'overrides.coefficients.2.range.low',
      'overrides.conversions.0.area_ha',
      'overrides.growth.0.rate',
      'overrides.inputs.0.value',
      'uncertainty.0.high',
    ]);
    expect(new Set(issues.map((i) => i.code))).toEqual(new Set(['number_out_of_range']));
  });
});

describe('signs: a scenario may not make a coefficient negative unless the model does, nor an input go below its minimum', () => {
  const prepare = (s: object) => issuesOf(() => prepareScenario(loadScenario(s)));

  it('-7 for a price (reservoir_cost, CNY/m3) is refused naming the field', () => {
    const issues = prepare(scenario({ coefficients: [{ coefficient: 'reservoir_cost', from: 2021, value: '-7', source: 'typo' }] }));
    expect(issues.map(where)).toEqual([{ code: 'coefficient_negative', path: 'overrides.coefficients[0].value' }]);
    expect(issues[0]!.message).toBe(
      '-7 would make reservoir_cost (CNY/m3) negative; the model gives it no negative value (a price or cost is not negative)',
    );
  });

  it('negative table rows, range bounds and Monte Carlo bounds of prices are refused too; all at once', () => {
    const issues = prepare(
      scenario(
        {
          coefficients: [
            { coefficient: 'air_treatment_cost', from: 2021, table: { so2: '-1200', nox: { value: '630', low: '-1' } }, source: 'test' },
            { coefficient: 'oxygen_price', from: 2021, value: '1000', range: { low: '-5', high: '1200' }, source: 'test' },
          ],
        },
        { uncertainty: [{ coefficient: 'carbon_price', low: '-10', high: '500' }] },
      ),
    );
    expect(issues.map(where)).toEqual([
      { code: 'coefficient_negative', path: 'overrides.coefficients[0].table.so2' },
      { code: 'coefficient_negative', path: 'overrides.coefficients[0].table.nox.low' },
      { code: 'coefficient_negative', path: 'overrides.coefficients[1].range.low' },
      { code: 'coefficient_negative', path: 'uncertainty[0].low' },
    ]);
  });

  it('an input override below the input\'s declared minimum, and a negative factor on an input with min "0", are refused', () => {
    const issues = prepare(
      scenario(
        { inputs: [{ input: 'product_price', key: 'grain', from: 2021, to: 2021, value: '-7', unit: 'CNY/t', source: 'typo' }] },
        { uncertainty: [{ input: 'precipitation', low: '-0.1', high: '1.1' }] },
      ),
    );
    expect(issues.map(where)).toEqual([
      { code: 'below_minimum', path: 'overrides.inputs[0].value' },
      { code: 'below_minimum', path: 'uncertainty[0].low' },
    ]);
  });

  it('zero stays allowed (a free service), and a coefficient the model gives negative values may be overridden negative', () => {
    expect(() =>
      prepareScenario(
        loadScenario(scenario({ coefficients: [{ coefficient: 'reservoir_cost', from: 2021, value: '0', source: 'free' }] })),
      ),
    ).not.toThrow();
    // Xie et al. 2015, Table 3: paddy water supply equivalent is -2.63 (models/esv-equivalent-2015/coefficients.yaml)
    const esv = loadModel('esv-equivalent-2015');
    expect(allowsNegative(esv.coefficients.get('water_supply_equivalent')!)).toBe(true);
    expect(allowsNegative(esv.coefficients.get('food_production_equivalent')!)).toBe(false);
    const gep = loadModel('cn-gep-2022');
    const money = [...gep.coefficients.values()].filter((c) => c.currency);
    expect(money.length).toBeGreaterThan(10);
    expect(money.filter(allowsNegative).map((c) => c.name)).toEqual([]); // no price or cost of the national model may go negative
  });
});

describe('a scenario source is any real citation, however short', () => {
  // rev-analyst (issue 10): "规划" (the plan) is a real Chinese source; only an empty or blank one is refused
  it('accepts 规划 and refuses a blank source, naming the field', () => {
    const override = (source: string) => ({ coefficients: [{ coefficient: 'reservoir_cost', from: 2020, value: '7', source }] });
    expect(() => loadScenario(scenario(override('规划')))).not.toThrow();
    expect(issuesOf(() => loadScenario(scenario(override('  '))))[0]!.path).toMatch(/coefficients.*source/);
  });
});
