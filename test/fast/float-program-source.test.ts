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
