import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floatText, floatTextExact } from '../lib/float-text.ts';

/** The text floatText writes, or the error it throws. */
const outcome = (f: (x: number) => string, x: number) => {
  try {
    return f(x);
  } catch (e) {
    return `throws ${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
};

describe('floatText: the exact serialiser text without a decimal', () => {
  it('gives the same text as str(new Dec(x.toPrecision(12))) on any double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(outcome(floatText, x)).toBe(outcome(floatTextExact, x));
      }),
      { numRuns: 4_000 },
    );
  });

  it('gives the same text across every decimal exponent, around rounding edges and at the ±1e100 bound', () => {
    const values: number[] = [0, -0, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE];
    for (let e = -110; e <= 110; e++)
      for (const m of [1, 9.99999999999, 9.999999999995, 9.9999999999949, 1.23456789012345, 5.000000000005, 3])
        for (const s of [1, -1]) values.push(s * m * 10 ** e, s * Number(`${m}e${e}`));
    // random mantissas at every exponent (many trailing zeros, a few digits, all digits)
    fc.assert(
      fc.property(fc.integer({ min: -108, max: 108 }), fc.integer({ min: 1, max: 999_999_999_999 }), fc.boolean(), (e, m, neg) => {
        const x = (neg ? -1 : 1) * Number(`${m}e${e}`);
        expect(outcome(floatText, x)).toBe(outcome(floatTextExact, x));
      }),
      { numRuns: 4_000 },
    );
    for (const x of values) expect(outcome(floatText, x), String(x)).toBe(outcome(floatTextExact, x));
  });

  it('writes plain notation and refuses what is not finite', () => {
    expect(floatText(1.5e15)).toBe('1500000000000000');
    expect(floatText(-1.234e-8)).toBe('-0.00000001234');
    expect(floatText(-0)).toBe('0');
    expect(floatText(0.1 + 0.2)).toBe('0.3');
    expect(() => floatText(1e100)).toThrow(/beyond 1e±100/);
    expect(() => floatText(Number.NaN)).toThrow(RangeError);
  });
});
