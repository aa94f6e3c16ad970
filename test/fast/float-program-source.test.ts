import { describe, expect, it } from 'vitest';
import { DEFAULT_DATASET, loadDataset } from '../../datasets/load.ts';
import { rowsAt, runRows } from '../../engine/fast/account-float.ts';
import { loadModel } from '../../models/load.ts';

/**
 * The generated float program must not allocate per row (issue 13, float kernel): `NaN` in JavaScript is a read of
 * the global object and a variable declared without a value starts undefined; either made TurboFan keep the values
 * they meet boxed, one heap number per row and indicator. The program writes NaN as 0 / 0 and starts every variable
 * at a number. The agreement tests hold the numbers; this holds the form.
 */
describe('generated float program', () => {
  const model = loadModel('cn-gep-2022');
  const data = loadDataset(DEFAULT_DATASET, model);
  const keys = data.regions.flatMap((region) => data.years.map((year) => ({ region, year, priceYear: year })));
  const rows = rowsAt(model, data, keys);

  it('reads no global NaN and declares no variable without a value', () => {
    const code = rows.program.source
      .split('\n')
      .filter((l) => !l.startsWith('//'))
      .join('\n');
    expect(code).not.toMatch(/\bNaN\b/);
    expect(code).not.toMatch(/^let v;$/m);
    expect(code).not.toMatch(/^let cp = -1, .*\bk\d+(,|;)/m);
  });

  it('writes no scratch cell that no statement reads (breakdowns nobody reads by key are not kept)', () => {
    const src = rows.program.source;
    const read = new Set([...src.matchAll(/B\[b \+ (\d+)\](?! = )/g)].map((m) => m[1]));
    const written = [...src.matchAll(/B\[b \+ (\d+)\] = /g)].map((m) => m[1]);
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((c) => !read.has(c))).toEqual([]);
  });

  it('tests the "has any row" flags in order and stops at the first present cell (no cell read into a constant first)', () => {
    const flags = rows.program.source.split('function flags(')[1]!.split('\n}}')[0]!;
    expect(flags).toMatch(/ = has\(X\[x \+ \d+\]\) \|\| has\(/);
    expect(flags).not.toMatch(/const u\d+ = X\[/);
  });

  it('computes each sub-expression of coefficients alone once per vector (derive), not in a row loop', () => {
    const src = rows.program.source;
    const derive = src.split('function derive(')[1]!.split('\n}\n')[0]!;
    // 1 − cover_factor · practice_factor at each ecosystem type of the soil retention, exp(lake_flood_a)
    expect(derive).toMatch(/const k\d+ = 1 - k\d+; K\[k \+ \d+\] = k\d+;/);
    expect(derive).toMatch(/Math\.exp\(C\[c \+ \d+\]\)/);
    const loops = src.split(/^function /m).filter((f) => /^i\d+\(/.test(f));
    expect(loops.filter((f) => /c !== cp|Math\.exp\(C\[/.test(f))).toEqual([]);
  });

  it('derives from the coefficients of each call: a vector changed in place between calls is read again', () => {
    const p = rows.program;
    const slots = p.coefficients.flatMap((c, i) => (c.name === 'cover_factor' ? [i] : []));
    const soil = p.indicators.indexOf('soil_retention.physical');
    expect(slots.length).toBeGreaterThan(1);
    const C = rows.C.slice();
    const n = rows.keys.length;
    const run = () => {
      const O = new Float64Array(n * p.indicators.length);
      p.run(rows.X, C, rows.cRow, n, O);
      return O[soil]!;
    };
    const before = run();
    for (let v = 0; v < C.length / p.coefficients.length; v++) for (const i of slots) C[v * p.coefficients.length + i]! *= 0.5;
    const after = run();
    expect(after).not.toBe(before);
    expect(Number.isFinite(after)).toBe(true);
  });

  it('reads the rows of each block in order once (sweep) before its formulas', () => {
    const run = rows.program.source.split('return function run(')[1]!;
    expect(run).toMatch(/sweep\(X, r0 \* (\d+), Math\.min\(X\.length, r1 \* \1\)\);\n\s*flags\(/);
    expect(rows.program.source).toMatch(/for \(let i = from; i < to; i \+= 8\) t \+= X\[i\];/);
  });

  it('still gives NaN where a value cannot be computed (a region-year the data lacks), and numbers elsewhere', () => {
    const missing = { region: data.regions[0]!, year: 1900, priceYear: 1900 };
    const withMissing = rowsAt(model, data, [keys[0]!, missing]);
    const O = runRows(withMissing);
    const NI = withMissing.program.indicators.length;
    expect(withMissing.present).toEqual([true, false]);
    expect(O.subarray(NI).some((v) => Number.isNaN(v))).toBe(true);
    expect(O.subarray(0, NI).some((v) => Number.isFinite(v) && v !== 0)).toBe(true);
  });
});
