/**
 * sumOf (engine/model/exact-arith.ts) adds many terms in one pass: its total must be decimal.js's one-by-one sum
 * from 0, to the digit array, the exponent, the sign (signed zeros too) and the prototype.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../engine/core/decimal.ts';
import { sumOf } from '../../engine/model/exact-arith.ts';

const shape = (d: Dec) => {
  const r = d as unknown as { s: number; e: number; d: number[] | null };
  return { s: r.s, e: r.e, d: r.d ? [...r.d] : r.d, proto: Object.getPrototypeOf(d) === Dec.prototype };
};
const oneByOne = (terms: Dec[]) => terms.reduce((a, t) => a.plus(t), new Dec(0));

/** Account values: up to 10^13, 12 places or fewer (the stored quantum), zeros and signs (ΔGEP rows). */
const accountValue = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 25n }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }))
  .map(([neg, b, places, cut]) => {
    const text = (b / 10n ** BigInt(cut)).toString();
    return new Dec(`${neg ? '-' : ''}${text}e-${places}`);
  });
/** Anything: 1 to 40 digits, exponents −40…40 (long and far-apart terms: the one-by-one path). */
const wideValue = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 1n, max: 10n ** 40n }), fc.integer({ min: -40, max: 40 }))
  .map(([neg, b, e]) => new Dec(`${neg ? '-' : ''}${b}e${e}`));
const special = fc.constantFrom('0', '-0', 'NaN', 'Infinity', '-Infinity').map((t) => new Dec(t));

describe('sumOf equals the one-by-one decimal.js sum', () => {
  it('on 100,000 random lists of account values (cancellations, zeros of both signs)', () => {
    fc.assert(
      fc.property(fc.array(accountValue, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 4 }), (terms, negate) => {
        // the negation of some terms too: totals of zero and near-cancellations
        for (const k of negate) if (terms.length) terms.push(terms[k % terms.length]!.neg());
        const a = shape(sumOf(terms));
        const b = shape(oneByOne(terms));
        return a.s === b.s && a.e === b.e && a.proto && b.proto && JSON.stringify(a.d) === JSON.stringify(b.d);
      }),
      { numRuns: 100_000 },
    );
  });

  it('on lists of anything: long terms, far exponents, NaN, infinities, signed zeros', () => {
    const term = fc.oneof({ weight: 6, arbitrary: wideValue }, { weight: 3, arbitrary: accountValue }, { weight: 1, arbitrary: special });
    fc.assert(
      fc.property(fc.array(term, { maxLength: 12 }), (terms) => {
        expect(shape(sumOf(terms))).toEqual(shape(oneByOne(terms)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('cases at the edges: carries into a new word, a negative total, exactly 34 digits, an empty sum', () => {
    const cases: string[][] = [
      [],
      ['0'],
      ['-0'],
      ['-0', '-0'],
      ['1', '-1'],
      ['9999999', '1'],
      ['9999999.999999999999', '0.000000000001', '-5'],
      ['-3', '1', '1'],
      ['123456789012.123456789012', '987654321098.987654321098'],
      ['99999999999999999999.99999999999999', '0.00000000000001'], // 34 digits, then a carry: 35
      ['1e30', '1e-10'],
      ['0.1', '0.2', '-0.3'],
    ];
    for (const c of cases) {
      const terms = c.map((t) => new Dec(t));
      expect(shape(sumOf(terms)), c.join(' + ')).toEqual(shape(oneByOne(terms)));
    }
  });
});
