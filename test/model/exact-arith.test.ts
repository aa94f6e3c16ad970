/**
 * engine/model/exact-arith.ts computes exact products and sums itself and leaves every other case to decimal.js:
 * its answers must be decimal.js's, to the digit array (later operations and the serialised text read it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../engine/core/decimal.ts';
import { add, cmp, mul, sub, toPlacesHalfEven } from '../../engine/model/exact-arith.ts';

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

  it('cmp on random operands, zeros of both signs, NaN and infinities, equals decimal.js cmp', () => {
    const special = fc.constantFrom('0', '-0', 'NaN', 'Infinity', '-Infinity');
    const operand = fc.oneof({ weight: 9, arbitrary: decimalText }, { weight: 1, arbitrary: special });
    fc.assert(
      fc.property(operand, operand, (a, b) => {
        const x = new Dec(a);
        const y = new Dec(b);
        expect(cmp(x, y)).toEqual(x.cmp(y));
        expect(cmp(x, x)).toEqual(x.cmp(x));
      }),
      { numRuns: 5000 },
    );
  });

  it('toPlacesHalfEven equals toDecimalPlaces(places, ROUND_HALF_EVEN) to the digit array: ties, carries, long values', () => {
    // ties and nines: 5s and 9s in the digits, so that half-way values and carries across words are common
    const tricky = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[1-9][059]{0,39}$/), fc.integer({ min: -30, max: 30 }))
      .map(([neg, digits, exp]) => `${neg ? '-' : ''}${digits}e${exp}`);
    fc.assert(
      fc.property(fc.oneof(decimalText, tricky), fc.integer({ min: 0, max: 20 }), (a, places) => {
        const x = new Dec(a);
        expect(shape(toPlacesHalfEven(x, places))).toEqual(shape(x.toDecimalPlaces(places, Dec.ROUND_HALF_EVEN)));
      }),
      { numRuns: 8000 },
    );
    for (const [a, places] of [
      ['9999999.9999999999999', 12],
      ['0.0000000000005', 12],
      ['0.0000000000015', 12],
      ['0.00000000000250000000001', 12],
      ['-99999999999999.9999999999995', 12],
      ['1234567.12345678901250', 12],
      ['1234567.12345678901350', 12],
    ] as const) {
      const x = new Dec(a);
      expect(shape(toPlacesHalfEven(x, places))).toEqual(shape(x.toDecimalPlaces(places, Dec.ROUND_HALF_EVEN)));
    }
  });

  it('long products (more than 34 digits) are rounded half-even as decimal.js rounds them: ties and carries', () => {
    const nines = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[1-9][0594]{10,30}$/), fc.integer({ min: -20, max: 20 }))
      .map(([neg, digits, exp]) => `${neg ? '-' : ''}${digits}e${exp}`);
    fc.assert(
      fc.property(nines, nines, (a, b) => {
        const x = new Dec(a);
        const y = new Dec(b);
        expect(shape(mul(x, y))).toEqual(shape(x.mul(y)));
      }),
      { numRuns: 5000 },
    );
    const x = new Dec('99999999999999999.99999999999999999');
    expect(shape(mul(x, x))).toEqual(shape(x.mul(x)));
    const h = new Dec('1.5');
    const t = new Dec('1000000000000000000000000000000001'); // 34 digits: × 1.5 ends in a tie
    expect(shape(mul(t, h))).toEqual(shape(t.mul(h)));
  });

  it('a zero operand: ±0 × y, 0 ± y, x ± 0 are decimal.js values, signed zeros too', () => {
    const zeros = ['0', '-0'].map((z) => new Dec(z));
    fc.assert(
      fc.property(decimalText, fc.constantFrom(0, 1), (a, z) => {
        const x = new Dec(a);
        for (const [, fast, lib] of ops) {
          expect(shape(fast(zeros[z]!, x))).toEqual(shape(lib(zeros[z]!, x)));
          expect(shape(fast(x, zeros[z]!))).toEqual(shape(lib(x, zeros[z]!)));
        }
      }),
      { numRuns: 2000 },
    );
  });

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
