import { describe, expect, it } from 'vitest';
import { compileFactorSet } from '../../engine/carbon/factors.ts';
import { dec } from '../../engine/core/decimal.ts';
import { parseUnit } from '../../engine/core/units.ts';
import { cellInForce, entryInForce } from '../../engine/params/in-force.ts';
import type { Parameter } from '../../engine/params/parameter.ts';
import { CoefficientEntry } from '../../engine/model/schema.ts';

/** The one function that decides what is in force (engine/params/in-force.ts), for GEP coefficients and carbon factors alike. */
const scalar = (from: number, value: string, until?: number) => ({
  from,
  ...(until !== undefined ? { until } : {}),
  scalar: { value: dec(value) },
  source: `test entry from ${from}`,
});
const param = (entries: Parameter['entries']): Parameter => ({
  kind: 'factor',
  name: 'fuel.coal.ncv',
  unit: parseUnit('GJ/t'),
  dims: [],
  entries,
});

describe('the entry in force: from and until', () => {
  const p = param([scalar(2010, '20'), scalar(2015, '21', 2017)]);
  const value = (year: number) => entryInForce(p, year).entry?.scalar?.value.toString();

  it('is the latest entry whose from is at or before the year; a later entry supersedes it from its own from', () => {
    expect(value(2010)).toBe('20');
    expect(value(2014)).toBe('20');
    expect(value(2015)).toBe('21');
  });

  it('before the first entry, the first entry is used and marked beforeFirstEntry (issue 10 item 6)', () => {
    const r = entryInForce(p, 2009);
    expect(r.issue).toBeUndefined();
    expect(r.entry?.from).toBe(2010);
    expect(r.beforeFirstEntry).toBe(true);
    expect(value(2005)).toBe('20');
    expect(entryInForce(p, 2010).beforeFirstEntry).toBeUndefined();
  });

  it('a parameter without entries has nothing in force', () => {
    expect(entryInForce(param([]), 2020).issue).toEqual({
      code: 'parameter_not_in_force',
      message: 'factor "fuel.coal.ncv" has no entry in force in 2020 (it has no entries)',
    });
  });

  it('until is the last year in force (inclusive); after it the parameter has ended and does not fall back to an older entry', () => {
    expect(value(2017)).toBe('21');
    const r = entryInForce(p, 2018);
    expect(r.entry).toBeUndefined(); // not the 2010 entry: an ended parameter is ended (OpenFisca's null)
    expect(r.issue).toEqual({
      code: 'parameter_ended',
      message: 'factor "fuel.coal.ncv" ended in 2017 (its entry from 2015 is in force until 2017): nothing is in force in 2018',
    });
  });
});

describe('the value for a key of a table parameter', () => {
  const forest = { name: 'ecosystem_type', groupOf: new Map([['broadleaf_forest', 'forest']]) };
  const table = (rows: Record<string, string>) => new Map(Object.entries(rows).map(([k, v]) => [k, { value: dec(v) }]));
  const coef: Parameter = {
    kind: 'coefficient',
    name: 'runoff_coefficient',
    unit: parseUnit('1'),
    dims: [forest],
    entries: [{ from: 2010, table: table({ forest: '0.03', dry_farmland: '0.4' }), source: 'a table' }],
  };

  it('takes the key, else its group; a key with no row is an issue naming the parameter, the key and the entry', () => {
    expect(cellInForce(coef, 2020, ['dry_farmland'])).toMatchObject({ matched: 'dry_farmland', fallback: false });
    expect(cellInForce(coef, 2020, ['broadleaf_forest'])).toMatchObject({ matched: 'forest', fallback: false });
    expect(cellInForce(coef, 2020, ['wetland']).issue).toEqual({
      code: 'parameter_missing_key',
      message: 'coefficient "runoff_coefficient" has no value for ecosystem_type "wetland" in its entry from 2010 (a table)',
    });
  });

  it('a "*" row serves a key without its own row, marked as a fallback', () => {
    const withDefault = { ...coef, entries: [{ ...coef.entries[0]!, table: table({ forest: '0.03', '*': '0.1' }) }] };
    const r = cellInForce(withDefault, 2020, ['wetland']);
    expect(r).toMatchObject({ matched: '*', fallback: true });
    expect(r.issue ? r.issue.message : r.cell.value.toString()).toBe('0.1');
  });

  it('a year before the first entry reads the row for the key in the first entry, with the marker', () => {
    expect(cellInForce(coef, 2009, ['broadleaf_forest'])).toMatchObject({ matched: 'forest', beforeFirstEntry: true });
    expect(cellInForce(coef, 2009, ['wetland']).issue?.code).toBe('parameter_missing_key');
  });
});

describe('until and status in the files', () => {
  it('a GEP coefficient entry may say until and status; until before from is refused', () => {
    const base = { from: 2010, value: '7.06', source: 'a source' };
    expect(CoefficientEntry.safeParse({ ...base, until: 2020, status: 'secondary' }).success).toBe(true);
    const bad = CoefficientEntry.safeParse({ ...base, until: 2009 });
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['until', 'until is before from']]);
  });

  it('a fuel entry that leaves a factor out ends that factor the year before (no older value stays silently in force)', () => {
    const f = (value: string, unit: string) => ({ value, unit, status: 'verified', source: 'a source' });
    const { set, issues } = compileFactorSet(
      {
        id: 'two-forms',
        version: '1.0.0',
        status: 'draft',
        title: { zh: '二', en: 'Two' },
        description: 'a fuel that changes from the guideline form to the IPCC form in 2020',
        gwp: { set: 'AR5', source: 'IPCC AR5', values: {} },
        sectors: { industry: { zh: '工业', en: 'Industry', gpc: 'stationary_energy', group: 'secondary' } },
        fuels: {
          coal: {
            label: { zh: '煤', en: 'Coal' },
            group: 'coal',
            unit: 't',
            entries: [
              { from: 2020, ncv: f('25.8', 'TJ/Gg'), ef_co2: f('94600', 'kgCO2/TJ') },
              { from: 2005, ncv: f('20908', 'kJ/kg'), cc: f('26.37', 'tC/TJ'), of: f('0.94', '1') },
            ],
          },
        },
      },
      'h',
    );
    expect(issues).toEqual([]);
    const cc = set!.params.get('fuel.coal.cc')!;
    expect(cc.entries.map((e) => [e.from, e.until])).toEqual([[2005, 2019]]);
    expect(entryInForce(cc, 2020).issue?.code).toBe('parameter_ended');
    expect(set!.params.get('fuel.coal.ncv')!.entries.map((e) => [e.from, e.scalar!.value.toString(), e.given])).toEqual([
      [2005, '20.908', '20908 kJ/kg'],
      [2020, '25.8', undefined],
    ]);
  });
});
