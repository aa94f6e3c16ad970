/**
 * Units per year (stop-10 and stop-11 weak point: 万m³/a from a water-rights certificate was refused). A yearbook or a
 * paper writes a yearly flow as 万m³/a, t/(hm²·a), 元/(hm²·年), 亿元/年; an annual account's flows are totals of the
 * year, so "per year" is the account year: read exactly as the unit without it, with a note. Areas (extent.csv) are
 * stocks and refuse it; conversion() itself stays strict (a formula never mixes the year with time).
 */
import { describe, expect, it } from 'vitest';
import { loadCarbonData } from '../../datasets/carbon.ts';
import type { Row } from '../../datasets/csv.ts';
import { parseEconomy } from '../../datasets/economy.ts';
import { loadDataset } from '../../datasets/load.ts';
import { LoadNotes } from '../../datasets/load-notes.ts';
import { readObservations } from '../../datasets/observations.ts';
import { InputValues, type LoadContext } from '../../datasets/row-checks.ts';
import { annualConversion, conversion, parseUnit } from '../../engine/core/units.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import { loadFactorSet } from '../../models/carbon-factors.ts';
import { loadModel } from '../../models/load.ts';
import { copySample, editLine, readLines, writeLines } from '../fixtures/sample-copy.ts';

const model = loadModel('cn-gep-2022');
const cn = loadFactorSet('cn-carbon-factors');

function observationsRead(rows: Row[]) {
  const ctx: LoadContext = { regions: new Set(['r']), years: new Set([2020]), issues: [], warnings: [], notes: new LoadNotes() };
  const values = new InputValues();
  readObservations(ctx, 'observations.csv', rows, model, values);
  return { values: values.get('r', 2020), notes: ctx.notes.list(), issues: ctx.issues };
}
const obs = (variable: string, key: string, value: string, unit: string): Row => ({
  line: 2,
  cells: { region: 'r', year: '2020', variable, key, value, unit, source: 'x' },
});

describe('a unit per year is the account year', () => {
  it('reads 万m³/a, t/(hm²·a), 元/(hm²·年) as 10^4 m³, t/ha, CNY/ha exactly; conversion() alone refuses them', () => {
    const f = annualConversion(parseUnit('万m³/a'), parseUnit('m3'));
    expect([f.num.div(f.den).toFixed(), f.perYear]).toEqual(['10000', true]);
    const g = annualConversion(parseUnit('t/(hm²·a)'), parseUnit('t/ha')); // hm² is the hectare
    expect([g.identity, g.perYear]).toEqual([true, true]);
    const h = annualConversion(parseUnit('元/(hm²·年)'), parseUnit('CNY/ha'));
    expect([h.identity, h.perYear]).toEqual([true, true]);
    expect(annualConversion(parseUnit('万m3'), parseUnit('m3')).perYear).toBe(false);
    expect(() => conversion(parseUnit('万m³/a'), parseUnit('m3'))).toThrow(/cannot be converted/);
    // a year is not seconds, and m³·a is not a yearly flow
    expect(() => annualConversion(parseUnit('m3/a'), parseUnit('m3/s'))).toThrow(/cannot be converted/);
    expect(() => annualConversion(parseUnit('m3·a'), parseUnit('m3'))).toThrow(/cannot be converted/);
  });

  it('observations: 2,850 万m³/a of domestic water supply is 28,500,000 m³, noted', () => {
    const r = observationsRead([obs('water_supply', 'domestic', '2850', '万m³/a')]);
    expect(r.issues).toEqual([]);
    expect(r.values!.get('water_supply')!.get('domestic')!.toFixed()).toBe('28500000'); // 2850 × 10^4
    expect(r.notes.join('\n')).toMatch(/万m³\/a → m3 \(× 10000; per year read as the account year\)/);
    // m³/a → m³ converts nothing, yet the reading of the year is still said
    const same = observationsRead([obs('water_supply', 'domestic', '2850', 'm3/a')]);
    expect(same.values!.get('water_supply')!.get('domestic')!.toFixed()).toBe('2850');
    expect(same.notes.join('\n')).toMatch(/per year read as the account year/);
  });

  it('economy: 亿元/年 of GDP', () => {
    const issues: never[] = [];
    const notes = new LoadNotes();
    const eco = parseEconomy(
      'economy.csv',
      [{ line: 2, cells: { region: 'r', year: '2020', variable: 'gdp', value: '1860', unit: '亿元/年' } }],
      new Set(['r']),
      issues,
      notes,
    );
    expect(issues).toEqual([]);
    expect(eco.value('r', 'gdp', 2020)!.toFixed()).toBe('186000000000'); // 1860 × 10^8
    expect(notes.list().join('\n')).toMatch(/per year read as the account year/);
  });

  it('carbon activity: 万t/a of raw coal and 万tCH4/a of landfill methane (the gas still named by its unit)', () => {
    const dir = copySample('gep-per-year-carbon-');
    const F = 'carbon-activity.csv';
    const header = readLines(dir, F)[0]!;
    const read = (coal: string, ch4: string) => {
      writeLines(dir, F, [header, `tianfu,2020,fuel,raw_coal,chemicals,${coal},x`, `tianfu,2020,emission,CH4,waste,${ch4},x`]);
      const c = loadCarbonData(dir, cn);
      return { rows: c.activity('tianfu', 2020).map((a) => `${a.kind} ${a.item} ${a.amount.toFixed()}`), notes: c.notes };
    };
    const yearly = read('47.25,万t/a', '0.52,万tCH4/a');
    expect(yearly.rows).toEqual(read('472500,t', '5200,tCH4').rows); // 47.25 × 10^4 t, 0.52 × 10^4 t
    expect(yearly.notes.join('\n')).toMatch(/万t\/a → t \(× 10000; per year read as the account year\)/);
  });

  it('the sample with its water supply in 万m³/a accounts the same; an area per year is refused with its cell', () => {
    const dir = copySample('gep-per-year-');
    // observations.csv line 84: tianfu,2020,water_supply,domestic,28500000,m3 → 2850 万m³/a
    editLine(dir, 'observations.csv', 84, 'tianfu,2020,water_supply,domestic,28500000,m3', (t) =>
      t.replace(',28500000,m3,', ',2850,万m³/a,'),
    );
    const base = loadDataset(copySample('gep-per-year-base-'), model);
    const ds = loadDataset(dir, model);
    const domestic = (d: typeof ds) => d.values('tianfu', 2020)?.get('water_supply')?.get('domestic')?.toFixed();
    expect(domestic(ds)).toBe('28500000');
    expect(domestic(ds)).toBe(domestic(base));
    expect(ds.notes.join('\n')).toMatch(/observations\.csv: unit 万m³\/a → m3 \(× 10000; per year read as the account year\), line 84/);

    const bad = copySample('gep-per-year-extent-');
    const lines = readLines(bad, 'extent.csv');
    expect(lines[1]).toMatch(/^tianfu,2020,coniferous_forest,9000,/);
    writeLines(bad, 'extent.csv', [`${lines[0]},unit`, `${lines[1]},ha/a`, ...lines.slice(2).map((l) => `${l},ha`)]);
    let err: unknown;
    try {
      loadDataset(bad, model);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IssuesError);
    const issue = (err as IssuesError).issues.find((i) => i.code === 'unit_mismatch');
    expect(issue).toMatchObject({ file: expect.stringMatching(/extent\.csv$/), row: 2, column: 'unit' });
    expect((err as IssuesError).issues).toHaveLength(1);
  });
});
