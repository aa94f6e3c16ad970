/**
 * Review of issue 13 item 3: edges test/model/exact-arith.test.ts does not reach. Its operands have exponents within
 * ±40 and it never calls scaler (x × num / den, the unit conversions of engine/model/expression.ts and
 * engine/eval/region-year-runtime.ts). Here: scaler against x.mul(num).div(den) for powers of ten above and below one,
 * non-powers, negative and fractional factors; negative zero; exponents near decimal.js's limits (maxE/minE ±9e15,
 * where decimal.js gives Infinity or 0) and across the SAFE_EXPONENT hand-over (1e15); products and sums whose
 * result has exactly PRECISION (34) digits after a carry; toPlacesHalfEven and cmp (r13) at those exponents, across
 * the 12-place hand-over and on ties; products whose operands are longer than MAX_PRODUCT_WORDS words together.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../engine/core/decimal.ts';
import { add, cmp, mul, scaler, sub, toPlacesHalfEven } from '../../engine/model/exact-arith.ts';

const shape = (d: Dec) => {
  const r = d as unknown as { s: number; e: number; d: number[] | null };
  return { s: r.s, e: r.e, d: r.d ? [...r.d] : r.d, text: d.toExponential(), neg: d.isNegative() };
};

const digits = fc.stringMatching(/^[1-9][0-9]{0,35}$/);
const operand = (exp: fc.Arbitrary<number>) =>
  fc.tuple(fc.boolean(), digits, exp).map(([neg, ds, e]) => new Dec(`${neg ? '-' : ''}${ds}e${e}`));

const ops = [
  ['mul', mul, (a: Dec, b: Dec) => a.mul(b)],
  ['add', add, (a: Dec, b: Dec) => a.plus(b)],
  ['sub', sub, (a: Dec, b: Dec) => a.minus(b)],
] as const;

describe('exact arithmetic at the edges equals decimal.js', () => {
  it('scaler(num, den)(x) = x.mul(num).div(den), den a power of ten (either side of 1), or not', () => {
    const den = fc.oneof(
      fc.integer({ min: -20, max: 20 }).map((k) => new Dec(`1e${k}`)),
      fc.constantFrom('1', '3', '12', '0.25', '44', '1000', '-10', '2.5').map((t) => new Dec(t)),
    );
    const num = fc.oneof(
      fc.constantFrom('1', '44', '0.001', '-3', '1e-7', '10000000', '3.6', '1e12').map((t) => new Dec(t)),
      operand(fc.integer({ min: -12, max: 12 })),
    );
    fc.assert(
      fc.property(num, den, operand(fc.integer({ min: -30, max: 30 })), (n, d, x) => {
        expect(shape(scaler(n, d)(x))).toEqual(shape(x.mul(n).div(d)));
      }),
      { numRuns: 4000 },
    );
    // zeros and signed zeros through scaler
    for (const x of ['0', '-0'])
      for (const [n, d] of [
        ['1', '1'],
        ['3', '1000'],
        ['-2', '10'],
      ] as const)
        expect(shape(scaler(new Dec(n), new Dec(d))(new Dec(x)))).toEqual(shape(new Dec(x).mul(n).div(d)));
  });

  it('negative zero operands and results, as decimal.js signs them', () => {
    const vals = ['0', '-0', '1', '-1', '0.5', '-0.5', '1e-30', '-1e30'];
    for (const a of vals)
      for (const b of vals)
        for (const [name, fast, lib] of ops)
          expect(shape(fast(new Dec(a), new Dec(b))), `${name} ${a} ${b}`).toEqual(shape(lib(new Dec(a), new Dec(b))));
  });

  it('exponents near the limits (±9e15) and across the hand-over at ±1e15', () => {
    const exp = fc.oneof(
      fc.integer({ min: 9e15 - 80, max: 9e15 }),
      fc.integer({ min: -9e15, max: -9e15 + 80 }),
      fc.integer({ min: 1e15 - 80, max: 1e15 + 80 }),
      fc.integer({ min: -1e15 - 80, max: -1e15 + 80 }),
      fc.integer({ min: 5e14 - 40, max: 5e14 + 40 }),
      fc.integer({ min: -5e14 - 40, max: -5e14 + 40 }),
    );
    for (const [name, fast, lib] of ops)
      fc.assert(
        fc.property(operand(exp), operand(exp), (x, y) => {
          expect(shape(fast(x, y)), name).toEqual(shape(lib(x, y)));
        }),
        { numRuns: 1500 },
      );
  });

  it('results of exactly 34 digits after a carry, and 35 (rounded HALF_EVEN by decimal.js)', () => {
    const cases: [string, string][] = [
      ['999999999999999999999999999999999.9', '0.1'], // carry to 34 digits: 1e33
      ['9999999999999999999999999999999999', '1'], // 34 nines + 1 = 1e34 (exact)
      ['9999999999999999999999999999999999', '2'], // 35 digits: rounded
      ['9999999999999999999999999999999995', '10'], // 35 significant with trailing: exact
      ['1234567890123456789012345678901234', '0.5'], // tie at the 35th digit on add
      ['99999999999999999', '99999999999999999'], // product of 34 digits
      ['999999999999999999', '999999999999999999'], // product of 36 digits: rounded
      ['3333333333333333333333333333333333', '3'], // product 34 nines
      ['0.0000001', '0.0000001'],
      ['9999999e-7', '1e-7'],
    ];
    for (const [a, b] of cases)
      for (const [name, fast, lib] of ops) {
        expect(shape(fast(new Dec(a), new Dec(b))), `${name} ${a} ${b}`).toEqual(shape(lib(new Dec(a), new Dec(b))));
        expect(shape(fast(new Dec(b), new Dec(a))), `${name} ${b} ${a}`).toEqual(shape(lib(new Dec(b), new Dec(a))));
      }
  });

  it('operands longer than 34 digits (the constructor does not round): exact results only when they fit', () => {
    const long = fc.tuple(fc.boolean(), fc.stringMatching(/^[1-9][0-9]{34,48}$/), fc.integer({ min: -50, max: 50 }));
    const x = long.map(([n, d, e]) => new Dec(`${n ? '-' : ''}${d}e${e}`));
    for (const [name, fast, lib] of ops)
      fc.assert(
        fc.property(x, fc.oneof(x, operand(fc.integer({ min: -50, max: 50 }))), (a, b) => {
          expect(shape(fast(a, b)), name).toEqual(shape(lib(a, b)));
        }),
        { numRuns: 1500 },
      );
  });
  // review of the r13 merge: toPlacesHalfEven and cmp (new in it) at the limits, and products past MAX_PRODUCT_WORDS
  it('toPlacesHalfEven and cmp at exponents near the limits, at the 12-place hand-over, on long and tied values', () => {
    const exp = fc.oneof(
      fc.integer({ min: 9e15 - 80, max: 9e15 }),
      fc.integer({ min: -9e15, max: -9e15 + 80 }),
      fc.integer({ min: 1e15 - 80, max: 1e15 + 80 }),
      fc.integer({ min: -1e15 - 80, max: -1e15 + 80 }),
      fc.integer({ min: -16, max: -10 }),
      fc.integer({ min: 18, max: 24 }),
    );
    const tied = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[1-9][0-9]{0,20}50{0,15}$/), exp)
      .map(([n, d, e]) => new Dec(`${n ? '-' : ''}${d}e${e}`));
    const long = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[1-9][0-9]{34,60}$/), exp)
      .map(([n, d, e]) => new Dec(`${n ? '-' : ''}${d}e${e}`));
    const x = fc.oneof(operand(exp), tied, long);
    fc.assert(
      fc.property(x, x, fc.integer({ min: 0, max: 34 }), (a, b, places) => {
        expect(shape(toPlacesHalfEven(a, places))).toEqual(shape(a.toDecimalPlaces(places, Dec.ROUND_HALF_EVEN)));
        expect(shape(toPlacesHalfEven(a, 12))).toEqual(shape(a.toDecimalPlaces(12, Dec.ROUND_HALF_EVEN)));
        expect(cmp(a, b)).toBe(a.cmp(b));
      }),
      { numRuns: 3000 },
    );
  });

  it('products of operands longer than MAX_PRODUCT_WORDS words together (handed to decimal.js) and just within', () => {
    const x = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[1-9][0-9]{40,120}$/), fc.integer({ min: -60, max: 60 }))
      .map(([n, d, e]) => new Dec(`${n ? '-' : ''}${d}e${e}`));
    fc.assert(
      fc.property(x, fc.oneof(x, operand(fc.integer({ min: -60, max: 60 }))), (a, b) => {
        expect(shape(mul(a, b))).toEqual(shape(a.mul(b)));
        expect(shape(mul(b, a))).toEqual(shape(b.mul(a)));
      }),
      { numRuns: 1500 },
    );
  });
});
