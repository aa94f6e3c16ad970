import { describe, expect, it } from 'vitest';
import { dec, Dec, fixed, grouped, str } from '../../engine/core/decimal.ts';

describe('decimal', () => {
  it('keeps at least 34 significant digits and never prints exponents', () => {
    expect(Dec.precision).toBeGreaterThanOrEqual(34);
    expect(str(dec('1e25'))).toBe('10000000000000000000000000');
    expect(str(dec('1e-12'))).toBe('0.000000000001');
    expect(str(dec('-0'))).toBe('0');
  });

  it('adds decimals exactly where binary floats do not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(str(dec('0.1').plus(dec('0.2')))).toBe('0.3');
  });

  it('reads fractions such as 44/12 at full precision', () => {
    expect(dec('44/12').mul(12).toDecimalPlaces(40).eq(44)).toBe(true);
    expect(() => dec('1/0')).toThrow(/divides by zero/);
    expect(() => dec('1,234')).toThrow(/not a decimal/);
  });

  it('rounds half to even for display only', () => {
    expect(fixed(dec('2.345'), 2)).toBe('2.34');
    expect(fixed(dec('2.355'), 2)).toBe('2.36');
    expect(fixed(dec('-0.001'), 2)).toBe('0.00');
    expect(grouped(dec('1234567.891'), 2)).toBe('1,234,567.89');
  });
});
