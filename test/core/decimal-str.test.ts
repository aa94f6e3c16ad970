/**
 * str (engine/core/decimal.ts) writes a value's plain text from its words: it must be decimal.js's toString (plain
 * notation: the engine's Decimal never uses exponents), "0" for both zeros, and refuse values beyond 1e±100.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, RESULT_MAX_EXPONENT, str } from '../../engine/core/decimal.ts';
import { IssuesError } from '../../engine/core/errors.ts';

describe('str equals decimal.js toString', () => {
  it('on 100,000 random values: 1 to 45 digits, exponents across the whole written range, both signs', () => {
    const value = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 1n, max: 10n ** 45n }), fc.integer({ min: 0, max: 44 }), fc.integer({ min: -99, max: 99 }))
      .map(([neg, b, cut, e]) => {
        const digits = (b / 10n ** BigInt(cut) || 1n).toString();
        // the exponent of the first digit is e: always within str's range
        return new Dec(`${neg ? '-' : ''}${digits}e${e - digits.length + 1}`);
      });
    fc.assert(
      fc.property(value, (d) => str(d) === d.toString()),
      { numRuns: 100_000 },
    );
  });

  it('zeros, words with trailing zeros, integers, NaN, infinities and the range bound', () => {
    for (const t of [
      '1',
      '10',
      '1000000',
      '10000000',
      '12345678',
      '100000000000000',
      '0.1',
      '0.0000001',
      '1.5e-99',
      '9.99e99',
      '-2.5',
      '1234567.1234567',
      '1e7',
      '5e-8',
    ])
      expect(str(new Dec(t)), t).toBe(new Dec(t).toString());
    expect(str(new Dec('-0'))).toBe('0');
    expect(str(new Dec('0'))).toBe('0');
    for (const t of ['NaN', 'Infinity', '-Infinity']) expect(str(new Dec(t))).toBe(new Dec(t).toString());
    expect(() => str(new Dec(`1e${RESULT_MAX_EXPONENT}`))).toThrow(IssuesError);
    expect(() => str(new Dec(`-1e-${RESULT_MAX_EXPONENT + 1}`))).toThrow(IssuesError);
    expect(str(new Dec(`1e-${RESULT_MAX_EXPONENT}`))).toBe(new Dec(`1e-${RESULT_MAX_EXPONENT}`).toString());
  });
});
