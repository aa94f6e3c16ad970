import { describe, expect, it } from 'vitest';
import { DEFAULT_DATASET, loadDataset } from '../../datasets/load.ts';
import { rowsAt } from '../../engine/fast/account-float.ts';
import { localScratch } from '../../engine/fast/float-locals.ts';
import { loadModel } from '../../models/load.ts';

/**
 * A service's indicators are one generated function, and a breakdown only that function reads goes from the physical
 * formula to the money formula in locals, not through the scratch array (engine/fast/float-locals.ts): 9,942 → 7,191
 * instructions per row with the flags' short-circuit (callgrind). The agreement tests hold the numbers; this the form.
 */
describe('float program: scratch only one function uses is kept in locals', () => {
  it('makes a cell only its function reads and writes a local, NaN at each row, and an output read again a local', () => {
    const fn = [
      'function i0(X, C, cRow, r0, r1, O, B) {',
      'for (let r = r0; r < r1; r++) { const x = r * 3;',
      '{',
      'B[b + 0] = X[x + 0]; B[b + 1] = 1;',
      'O[o + 0] = v;',
      '}',
      '{',
      'const t = B[b + 0] + B[b + 1] + B[b + 2] + O[o + 0];',
      '}',
      '}}',
    ];
    const other = ['function i9(X, C, cRow, r0, r1, O, B) {', 'const f = B[b + 1];', 'B[b + 2] = 0;', '}'];
    expect(localScratch([fn, other])[0]).toEqual([
      'function i0(X, C, cRow, r0, r1, O, B) {',
      'for (let r = r0; r < r1; r++) { const x = r * 3;',
      'let w0 = NaN, o0 = 0;',
      '{',
      'w0 = X[x + 0]; B[b + 1] = 1;',
      'o0 = v; O[o + 0] = v;',
      '}',
      '{',
      'const t = w0 + B[b + 1] + B[b + 2] + o0;',
      '}',
      '}}',
    ]);
  });

  it('the program of the sample uses no scratch cell in one function alone, and fewer functions than indicators', () => {
    const model = loadModel('cn-gep-2022');
    const data = loadDataset(DEFAULT_DATASET, model);
    const keys = data.regions.flatMap((region) => data.years.map((year) => ({ region, year, priceYear: year })));
    const src = rowsAt(model, data, keys).program.source;
    const functions = src.split(/^function /m).slice(1);
    const users = new Map<string, number>();
    for (const f of functions) for (const cell of new Set(f.match(/B\[b \+ \d+\]/g))) users.set(cell, (users.get(cell) ?? 0) + 1);
    expect([...users].filter(([, n]) => n === 1)).toEqual([]);
    expect(functions.length).toBeLessThan(model.indicators.length);
    expect(src).toMatch(/^let w\d+ = \(0 \/ 0\)/m);
  });
});
