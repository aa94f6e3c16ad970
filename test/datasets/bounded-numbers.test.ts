import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECIMAL_LIMITS } from '../../engine/core/decimal-text.ts';
import { Dec } from '../../engine/core/decimal.ts';
import { type Issue, IssuesError } from '../../engine/core/errors.ts';
import type { CompiledModel } from '../../engine/model/types.ts';
import { loadCarbonData } from '../../datasets/carbon.ts';
import { loadDataset } from '../../datasets/load.ts';
import { loadFactorSet } from '../../models/carbon-factors.ts';
import { loadModel } from '../../models/load.ts';
import { BAD_NUMBERS } from '../fixtures/bad-numbers.ts';
import { copySample, editLine, setCell } from '../fixtures/sample-copy.ts';

let model: CompiledModel;
let dir: string;
const original = new Map<string, string>();
beforeAll(() => {
  model = loadModel('cn-gep-2022');
  dir = copySample('gep-bounded-');
  for (const f of [
    'dataset.yaml',
    'observations.csv',
    'extent.csv',
    'price-index.csv',
    'extent-change.csv',
    'economy.csv',
    'carbon-activity.csv',
    'entities.csv',
    'entity-activity.csv',
  ])
    original.set(f, readFileSync(join(dir, f), 'utf8'));
});
afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));

/** Set one cell of the copy (after checking the line is the one meant), run `load`, restore the file; the issues. */
function refusedWith(file: string, line: number, start: string, column: number, text: string, load: () => unknown): Issue[] {
  editLine(dir, file, line, start, (t) => setCell(t, column, text));
  try {
    load();
  } catch (e) {
    if (!(e instanceof IssuesError)) throw e;
    return e.issues;
  } finally {
    writeFileSync(join(dir, file), original.get(file)!);
  }
  throw new Error(`${file} line ${line} = ${text.slice(0, 30)} was accepted`);
}
const where = (i: Issue) => ({ code: i.code, file: basename(i.file ?? ''), row: i.row, column: i.column });

/** Every table a number comes in by: file, line, expected start of the line, cell index, column name, loader. */
const CELLS: [string, number, string, number, string, 'gep' | 'carbon'][] = [
  ['observations.csv', 2, 'tianfu,2020,precipitation,,1021.4,', 4, 'value', 'gep'],
  ['extent.csv', 2, 'tianfu,2020,coniferous_forest,9000,', 3, 'area_ha', 'gep'],
  ['price-index.csv', 2, 'cpi,2010,100,', 2, 'index', 'gep'],
  ['extent-change.csv', 2, 'tianfu,2020,2022,coniferous_forest,coniferous_forest,9000', 5, 'area_ha', 'gep'],
  ['economy.csv', 2, 'tianfu,2015,gdp,186000000000,', 3, 'value', 'gep'],
  ['carbon-activity.csv', 2, 'tianfu,2015,fuel,raw_coal,power_heat,472500,', 5, 'amount', 'carbon'],
  ['entity-activity.csv', 2, 'xinglong-park,2021-01,electricity,grid,electronics,5980,', 5, 'amount', 'carbon'],
  ['entities.csv', 2, 'xinglong-park,park,', 8, 'target_intensity_reduction', 'carbon'],
];

describe('dataset loaders refuse unbounded numbers, naming file, line and column', () => {
  const factors = loadFactorSet();
  const loaders = { gep: () => loadDataset(dir, model), carbon: () => loadCarbonData(dir, factors) };

  for (const { label, text, code } of BAD_NUMBERS)
    it(`${label} → ${code} in every table`, () => {
      for (const [file, line, start, n, column, loader] of CELLS) {
        const issues = refusedWith(file, line, start, n, text, loaders[loader]);
        expect(issues.map(where)).toEqual([{ code, file, row: line, column }]);
        expect(issues[0]!.message.length).toBeLessThan(200); // the value is named, truncated
      }
    });

  it('a -7 price (product_price of grain, min "0" in the model) → below_minimum naming the cell', () => {
    const issues = refusedWith('observations.csv', 57, 'tianfu,2020,product_price,grain,2820,', 4, '-7', loaders.gep);
    expect(issues.map(where)).toEqual([{ code: 'below_minimum', file: 'observations.csv', row: 57, column: 'value' }]);
    expect(issues[0]!.message).toBe('-7 is below the minimum 0 for product_price');
  });

  it('a region area in the manifest (area_km2) is bounded and positive, named by its field', () => {
    const yaml = (v: string) => () => {
      writeFileSync(join(dir, 'dataset.yaml'), original.get('dataset.yaml')!.replace('area_km2: "1578"', `area_km2: "${v}"`));
      try {
        return loadDataset(dir, model);
      } finally {
        writeFileSync(join(dir, 'dataset.yaml'), original.get('dataset.yaml')!);
      }
    };
    const cases: [string, string][] = [
      ['1e400', 'number_out_of_range'],
      ['-7', 'not_positive'],
      ['1578/2', 'not_a_number'],
    ];
    for (const [v, code] of cases)
      expect(() => yaml(v)()).toThrow(
        expect.objectContaining({
          issues: [expect.objectContaining({ code, path: 'regions.0.area_km2', file: expect.stringMatching(/dataset\.yaml$/) })],
        }),
      );
  });

  it('property: any text in a data cell loads within the bounds or is refused naming that cell; nothing else is thrown', () => {
    const bound = new Dec(10).pow(DECIMAL_LIMITS.maxExponent);
    const least = new Dec(10).pow(DECIMAL_LIMITS.minExponent);
    // a cell as CSV writes it: quoted, quotes doubled, no line breaks (so the line numbers stay the same)
    const cell = (t: string) => `"${t.replace(/[\r\n]/g, ' ').replaceAll('"', '""')}"`;
    const text = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.double().map(String),
      fc.tuple(fc.bigInt(), fc.integer({ min: -500, max: 500 })).map(([m, e]) => `${m}e${e}`),
      fc.stringMatching(/^[+-]?\d{0,40}(\.\d{0,40})?([eE][+-]?\d{1,11})?$/),
      fc.integer({ min: 60, max: 5000 }).map((n) => '5'.repeat(n)),
    );
    fc.assert(
      fc.property(text, (t) => {
        editLine(dir, 'observations.csv', 2, 'tianfu,2020,precipitation,,1021.4,', (l) => setCell(l, 4, cell(t)));
        try {
          const v = loadDataset(dir, model).values('tianfu', 2020)!.get('precipitation')!.get('')!;
          return v.gte(0) && v.lt(bound) && (v.isZero() || v.gte(least));
        } catch (e) {
          if (!(e instanceof IssuesError)) throw e;
          return (
            e.issues.length === 1 &&
            expect
              .objectContaining({ file: expect.stringMatching(/observations\.csv$/), row: 2, column: 'value' })
              .asymmetricMatch(e.issues[0])
          );
        } finally {
          writeFileSync(join(dir, 'observations.csv'), original.get('observations.csv')!);
        }
      }),
      { numRuns: 100 },
    );
  });
});
