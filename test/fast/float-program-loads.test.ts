import { describe, expect, it } from 'vitest';
import { DEFAULT_DATASET, loadDataset } from '../../datasets/load.ts';
import { rowsAt } from '../../engine/fast/account-float.ts';
import { readOnce } from '../../engine/fast/float-loads.ts';
import { loadModel } from '../../models/load.ts';

/**
 * TurboFan does not merge two loads of one typed-array cell, and each costs ~10 instructions (index add, overflow,
 * detach and bounds checks): the generated program reads a cell it uses twice or more in a scope once, into a
 * constant (engine/fast/float-loads.ts). The agreement tests hold the numbers; this holds the form.
 */
describe('float program: each cell read once per scope', () => {
  it('reads a cell used twice once, before its first use, and the later reads use the constant', () => {
    const src = [
      'for (let r = r0; r < r1; r++) { const x = r * 3;',
      'if (X[x + 1] === X[x + 1]) {',
      'O[o + 0] = X[x + 1] * X[x + 2];',
      '}',
      '}',
    ];
    expect(readOnce(src.join('\n')).split('\n')).toEqual([
      'for (let r = r0; r < r1; r++) { const x = r * 3;',
      'const u0 = X[x + 1];',
      'if (u0 === u0) {',
      'O[o + 0] = u0 * X[x + 2];',
      '}',
      '}',
    ]);
  });

  it('reads a cell again after a write of it, and keeps no constant past the block that made it', () => {
    const src = [
      'for (let r = r0; r < r1; r++) { const x = r * 3;',
      'if (X[x + 0] !== 0) {',
      'const a = B[b + 1] + B[b + 1];',
      '}',
      'const f = B[b + 1];',
      'B[b + 2] = C[c + 0] + C[c + 0];',
      'const d = B[b + 2] * B[b + 2];',
      'B[b + 2] = 1;',
      'const e = B[b + 2];',
      '}',
    ];
    const out = readOnce(src.join('\n')).split('\n');
    expect(out).toEqual([
      'for (let r = r0; r < r1; r++) { const x = r * 3;',
      'if (X[x + 0] !== 0) {',
      'const u0 = B[b + 1];',
      'const a = u0 + u0;',
      '}',
      'const f = B[b + 1];',
      'const u1 = C[c + 0];',
      'B[b + 2] = u1 + u1;',
      'const u2 = B[b + 2];',
      'const d = u2 * u2;',
      'B[b + 2] = 1;',
      'const e = B[b + 2];',
      '}',
    ]);
  });

  it('the program of the sample reads no cell twice in one statement', () => {
    const model = loadModel('cn-gep-2022');
    const data = loadDataset(DEFAULT_DATASET, model);
    const keys = data.regions.flatMap((region) => data.years.map((year) => ({ region, year, priceYear: year })));
    const lines = rowsAt(model, data, keys).program.source.split('\n');
    const twice = lines.filter((l) => {
      const reads = [...l.matchAll(/\b[XCBO]\[[xcbo] \+ \d+\](?! = )/g)].map((m) => m[0]);
      return new Set(reads).size < reads.length;
    });
    expect(twice).toEqual([]);
    expect(lines.filter((l) => /^const u\d+ = [XCBO]\[/.test(l)).length).toBeGreaterThan(100);
  });
});
