import { describe, expect, it } from 'vitest';
import { IssuesError } from '../../engine/core/errors.ts';
import { compileModelData, readModelData } from '../../models/load.ts';

/** The shipped national model as data, to change one thing at a time. */
function modelData(): any {
  return structuredClone(readModelData('models/cn-gep-2022').data);
}
function compileErrors(m: unknown): string {
  try {
    compileModelData(m);
  } catch (e) {
    expect(e).toBeInstanceOf(IssuesError);
    return (e as Error).message;
  }
  throw new Error('expected the model to be refused');
}

describe('model compiler', () => {
  it('compiles the shipped national model', () => {
    const m = compileModelData(modelData());
    expect(m.services).toHaveLength(18);
    expect(m.ref).toBe('cn-gep-2022@1.0.0');
  });

  it('refuses adding m³ to t when the model is compiled, naming the formula and both units', () => {
    const m = modelData();
    m.services.find((s: any) => s.id === 'flood_regulation').physical.formula = 'lake_storage + soil_retention.physical';
    const msg = compileErrors(m);
    expect(msg).toContain('lake_storage + soil_retention.physical');
    expect(msg).toMatch(/same unit on both sides, got m3 and t/);
  });

  it('refuses a formula whose unit is not the declared one', () => {
    const m = modelData();
    m.services.find((s: any) => s.id === 'water_conservation').physical.unit = 't';
    expect(compileErrors(m)).toMatch(/ha·mm.*declared in t/);
  });

  it('refuses a C/CO2 mix-up: NEP in tC without the 44/12 factor is not tCO2', () => {
    const m = modelData();
    m.services.find((s: any) => s.id === 'carbon_sequestration').physical.formula = 'area * nep';
    expect(compileErrors(m)).toMatch(/declared in tCO2: the units do not match/);
  });

  it('suggests the name meant when a symbol is unknown', () => {
    const m = modelData();
    m.services.find((s: any) => s.id === 'water_conservation').money.formula = 'physical * reservoir_costs';
    expect(compileErrors(m)).toMatch(/unknown name "reservoir_costs" \(did you mean "reservoir_cost"/);
  });

  it('requires a dimensioned symbol to be iterated', () => {
    const m = modelData();
    m.services.find((s: any) => s.id === 'pest_control').physical = { unit: 'ha', formula: 'area' };
    expect(compileErrors(m)).toMatch(/"area" varies by ecosystem_type, which is not iterated here/);
  });

  it('finds circular formulas', () => {
    const m = modelData();
    const s = m.services.find((x: any) => x.id === 'oxygen_release');
    s.physical.formula = 'oxygen_release.money / oxygen_price';
    expect(compileErrors(m)).toMatch(/in a circle: oxygen_release\.(physical|money) → oxygen_release\.(money|physical)/);
  });

  it('lists every schema problem at once, with its path', () => {
    const m = modelData();
    delete m.coefficients.reservoir_cost.entries[0].source;
    m.coefficients.carbon_price.entries[0].value = 380; // a bare number: refused, floats never enter
    m.inputs.area.unit = 42;
    const msg = compileErrors(m);
    expect(msg).toMatch(/coefficients\.reservoir_cost\.entries\.0\.source: every coefficient entry needs its source/);
    expect(msg).toMatch(/coefficients\.carbon_price\.entries\.0\.value: write numbers as quoted strings/);
    expect(msg).toMatch(/inputs\.area\.unit/);
    expect(msg).toMatch(/3 problems/);
  });

  it('requires a money coefficient to name its price index', () => {
    const m = modelData();
    delete m.coefficients.reservoir_cost.price_index;
    expect(compileErrors(m)).toMatch(/coefficients\.reservoir_cost\.price_index.*names the price index/);
  });

  it('refuses table keys that are not keys or groups of the dimension', () => {
    const m = modelData();
    m.coefficients.runoff_coefficient.entries[0].table.rainforest = '0.01';
    expect(compileErrors(m)).toMatch(/"rainforest" is not a key or group of ecosystem_type/);
  });
});
