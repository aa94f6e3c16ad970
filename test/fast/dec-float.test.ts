import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../engine/core/decimal.ts';
import { decToFloat } from '../../engine/fast/dec-float.ts';

const same = (text: string) => {
  const d = new Dec(text);
  expect(Object.is(decToFloat(d), d.toNumber()), text).toBe(true);
};

describe('decToFloat: a decimal as float64 without its text', () => {
  it('is toNumber on decimals of 1 to 20 digits (and trailing zeros) at exponents from -40 to 40', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: -40, max: 40 }),
        fc.boolean(),
        (m, zeros, e, neg) => same(`${neg ? '-' : ''}${m}${'0'.repeat(zeros)}e${e}`),
      ),
      { numRuns: 5_000 },
    );
  });

  it('is toNumber on data-like text (two to six decimals), halfway cases, zeros and bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 6 }), (m, places) =>
        same(`${Math.floor(m / 10 ** places)}.${String(m % 10 ** places).padStart(places, '0')}`),
      ),
      { numRuns: 3_000 },
    );
    for (const t of [
      '0',
      '-0',
      '9007199254740993',
      '9007199254740992',
      '123456789012345',
      '1234567890123456',
      '1e22',
      '1e23',
      '1e-22',
      '1.5e-23',
      '0.1',
      '0.3',
      '4.35',
      '1e400',
      '-1e-400',
      'Infinity',
      'NaN',
    ])
      same(t);
  });
});
