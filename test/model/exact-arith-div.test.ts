/**
 * div (engine/model/exact-arith.ts) divides by a divisor with a small significand itself and leaves every other case
 * to decimal.js: its quotient must be decimal.js's, to the digit array, the exponent, the sign and the prototype.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../engine/core/decimal.ts';
import { div, scaler } from '../../engine/model/exact-arith.ts';

const shape = (d: Dec) => {
  const r = d as unknown as { s: number; e: number; d: number[] | null };
  return { s: r.s, e: r.e, d: r.d ? [...r.d] : r.d, proto: Object.getPrototypeOf(d) === Dec.prototype };
};
const same = (a: Dec, b: Dec) => {
  const x = shape(a);
  const y = shape(b);
  return x.s === y.s && x.e === y.e && x.proto && y.proto && JSON.stringify(x.d) === JSON.stringify(y.d);
};

/**
 * Significand digits from a big integer cut to `min`…`max` digits (fast-check's string patterns are ~10× slower to
 * draw: 100,000 cases stay within a second or two).
 */
const digitsOf = (min: number, max: number) =>
  fc
    .tuple(fc.bigInt({ min: 10n ** BigInt(max - 1), max: 10n ** BigInt(max) - 1n }), fc.integer({ min: 0, max: max - min }))
    .map(([b, cut]) => (b / 10n ** BigInt(cut)).toString());
const signed = (digits: fc.Arbitrary<string>, exp: fc.Arbitrary<number>) =>
  fc.tuple(fc.boolean(), digits, exp).map(([neg, d, e]) => `${neg ? '-' : ''}${d}e${e}`);
/** Dividends of 1 to 60 digits (longer than 34 too: the constructor does not round). */
const dividend = signed(digitsOf(1, 60), fc.integer({ min: -40, max: 40 }));
/** Divisors: small significands (the fast path), trailing zeros, and longer ones (decimal.js's). */
const divisor = fc.oneof(
  signed(
    fc.tuple(digitsOf(1, 9), fc.integer({ min: 0, max: 9 })).map(([d, z]) => d + '0'.repeat(z)),
    fc.integer({ min: -20, max: 20 }),
  ),
  signed(digitsOf(10, 21), fc.integer({ min: -20, max: 20 })),
);
/** Ties and carries: quotients that end in 5s, 9s and 0s at the 35th digit. */
const tieDividend = signed(
  fc.array(fc.constantFrom('0', '5', '9'), { minLength: 30, maxLength: 40 }).map((a) => `1${a.join('')}`),
  fc.integer({ min: -10, max: 10 }),
);

describe('div equals decimal.js div to the digit array', () => {
  it('on 100,000 random dividends and divisors (exact and rounded quotients, signs, far exponents)', () => {
    fc.assert(
      fc.property(dividend, divisor, (a, b) => {
        const x = new Dec(a);
        const y = new Dec(b);
        return same(div(x, y), x.div(y));
      }),
      { numRuns: 80_000 },
    );
    fc.assert(
      fc.property(tieDividend, fc.constantFrom('2', '4', '8', '5', '25', '1.25', '0.5', '3', '7', '1.3', '16'), (a, b) => {
        const x = new Dec(a);
        const y = new Dec(b);
        return same(div(x, y), x.div(y));
      }),
      { numRuns: 20_000 },
    );
  });

  it('zeros, NaN and infinities are decimal.js answers', () => {
    const special = ['0', '-0', 'NaN', 'Infinity', '-Infinity', '3', '-1.3'].map((t) => new Dec(t));
    for (const x of special) for (const y of special) expect(shape(div(x, y))).toEqual(shape(x.div(y)));
  });

  it('cases at the edges: exact quotients, one word, repeating, a tie broken by the remainder', () => {
    const cases: [string, string][] = [
      ['6', '3'],
      ['1', '3'],
      ['2', '3'],
      ['10', '0.128'],
      ['1', '311040000000'],
      ['9999999999999999999999999999999999', '9'],
      ['99999999999999999999999999999999995', '1'], // 35 digits: a tie, to even
      ['99999999999999999999999999999999985', '1'],
      ['199999999999999999999999999999999999', '2'],
      ['5', '1.3'],
      ['1e-30', '7'],
      ['123456789012345678901234567890123456789012345678901234567890', '899999999'],
      // 35 digits known, then zero words, then a remainder: a sticky word put after the zero words were trimmed
      // landed inside the 34 digits (found by the random cases)
      ['100000000000000000000000000000000000000000000000000000000001', '640000000'],
    ];
    for (const [a, b] of cases) {
      const x = new Dec(a);
      const y = new Dec(b);
      expect(shape(div(x, y)), `${a} / ${b}`).toEqual(shape(x.div(y)));
      expect(shape(div(y, x)), `${b} / ${a}`).toEqual(shape(y.div(x)));
    }
  });

  it('a unit conversion by a den that is not a power of ten is x × num ÷ den, as decimal.js gives it', () => {
    const convs = [
      ['1', '3'],
      ['1', '3600'],
      ['1000', '3.6'],
      ['7', '1.3'],
      ['1', '311040000000'],
    ].map(([n, d]) => [new Dec(n!), new Dec(d!)] as const);
    fc.assert(
      fc.property(dividend, fc.integer({ min: 0, max: convs.length - 1 }), (a, c) => {
        const [num, den] = convs[c]!;
        const x = new Dec(a);
        expect(shape(scaler(num, den)(x))).toEqual(shape(x.mul(num).div(den)));
      }),
      { numRuns: 10_000 },
    );
  });
});
