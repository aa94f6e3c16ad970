/**
 * engine/model/exact-arith.ts computes exact products and sums itself and leaves every other case to decimal.js:
 * its answers must be decimal.js's, to the digit array (later operations and the serialised text read it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../engine/core/decimal.ts';
import { add, mul, sub } from '../../engine/model/exact-arith.ts';

/** The fields decimal.js keeps: sign, base-10 exponent, base-1e7 words. */
const shape = (d: Dec) => {
  const r = d as unknown as { s: number; e: number; d: number[] | null };
  return { s: r.s, e: r.e, d: r.d ? [...r.d] : r.d, text: d.toString() };
};

/** Decimal text of 1 to 40 significant digits, a decimal point anywhere, exponents from −40 to 40, zeros too. */
const decimalText = fc
  .tuple(fc.boolean(), fc.stringMatching(/^[1-9][0-9]{0,39}$/), fc.integer({ min: -40, max: 40 }), fc.integer({ min: 0, max: 9 }))
  .map(([neg, digits, exp, zeroChance]) => (zeroChance === 0 ? '0' : `${neg ? '-' : ''}${digits}e${exp}`));

const ops = [
  ['mul', mul, (a: Dec, b: Dec) => a.mul(b)],
  ['add', add, (a: Dec, b: Dec) => a.plus(b)],
  ['sub', sub, (a: Dec, b: Dec) => a.minus(b)],
] as const;

describe('exact arithmetic equals decimal.js to the digit array', () => {
  for (const [name, fast, lib] of ops) {
    it(`${name} on random operands (exact and rounded results, zeros, signs)`, () => {
      fc.assert(
        fc.property(decimalText, decimalText, (a, b) => {
          const x = new Dec(a);
          const y = new Dec(b);
          expect(shape(fast(x, y))).toEqual(shape(lib(x, y)));
        }),
        { numRuns: 5000 },
      );
    });
  }

  it('chains of results stay decimal.js values (a made result is an operand of decimal.js and of itself)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(decimalText, fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 12 }), (steps) => {
        let f = new Dec('1.5');
        let l = new Dec('1.5');
        for (const [t, op] of steps) {
          const y = new Dec(t);
          f = ops[op]![1](f, y);
          l = ops[op]![2](l, y);
          expect(shape(f)).toEqual(shape(l));
          // and decimal.js reads a made value as its own
          expect(shape(f.div(new Dec(7)))).toEqual(shape(l.div(new Dec(7))));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('cases at the edges: carries across words, cancellation to a few digits, exactly 34 and 35 digits', () => {
    const cases: [string, string][] = [
      ['9999999', '1'],
      ['99999999999999.9999999', '0.0000001'],
      ['1234567.891', '-1234567.89'],
      ['1000000000000000000000000000000000', '1'], // 34 digits + 1: exact at 34
      ['10000000000000000000000000000000000', '1'], // 35 digits: rounded
      ['0.1', '-0.1'], // zero
      ['-5', '5'],
      ['1e30', '1e-10'],
      ['3.333333333333333333333333333333333', '3'],
      ['1234567890123456789', '9876543210987654321'],
    ];
    for (const [a, b] of cases)
      for (const [, fast, lib] of ops) {
        const x = new Dec(a);
        const y = new Dec(b);
        expect(shape(fast(x, y)), `${a} ${b}`).toEqual(shape(lib(x, y)));
        expect(shape(fast(y, x)), `${b} ${a}`).toEqual(shape(lib(y, x)));
      }
    // instanceof and the prototype's methods: a made value is a Decimal
    expect(mul(new Dec(2), new Dec(3))).toBeInstanceOf(Dec);
    expect(Dec.isDecimal(add(new Dec(2), new Dec(3)))).toBe(true);
  });
});
