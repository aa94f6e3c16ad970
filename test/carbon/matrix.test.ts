import fc from 'fast-check';
import { add as mAdd, inv, multiply as mMultiply, transpose as mTranspose } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { add, inverse, multiply, multiplyVector, transpose } from '../../engine/carbon/matrix.ts';

/**
 * engine/carbon/matrix.ts replaces mathjs in the STIRPAT fit (so that the engine does not load mathjs): it must
 * give the same bits, which mathjs — still installed — checks here on random matrices of the fit's shapes.
 */
const float = fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true });
const matrix = (rows: number, cols: number) =>
  fc.array(fc.array(float, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
// toEqual compares numbers with Object.is: the same bits (−0 and 0 differ).
const same = (ours: unknown, theirs: unknown) => expect(ours).toEqual(theirs);

describe('matrix operations of the STIRPAT fit', () => {
  it('transpose, multiply and add equal mathjs bit for bit (n × 3 data, 3 × 3 normal equations)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 12 }).chain((n) => fc.tuple(matrix(n, 3), fc.array(float, { minLength: n, maxLength: n }), matrix(3, 3))),
        ([z, y, p]) => {
          const zt = transpose(z);
          same(zt, mTranspose(z));
          same(multiply(zt, z), mMultiply(zt, z));
          same(multiplyVector(zt, y), mMultiply(zt, y));
          same(add(multiply(zt, z), p), mAdd(mMultiply(zt, z), p));
        },
      ),
    );
  });

  it('inverse equals mathjs inv bit for bit, and both refuse a singular matrix', () => {
    fc.assert(
      fc.property(matrix(3, 3), (m) => {
        let theirs: unknown;
        try {
          theirs = inv(m);
        } catch {
          expect(() => inverse(m)).toThrow(/determinant is zero/);
          return;
        }
        same(inverse(m), theirs);
      }),
    );
    expect(() =>
      inverse(
        [
          [1, 2, 3],
          [2, 4, 6],
          [0, 0, 1],
        ].map((r) => [...r]),
      ),
    ).toThrow(/determinant is zero/);
  });
});
