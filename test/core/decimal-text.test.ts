import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, dec, RESULT_MAX_EXPONENT, str } from '../../engine/core/decimal.ts';
import { DECIMAL_LIMITS, readDecimal } from '../../engine/core/decimal-text.ts';
import { IssuesError } from '../../engine/core/errors.ts';

const code = (text: string, fractions = false) => {
  const r = readDecimal(text, { fractions });
  return r.ok ? 'ok' : r.code;
};
const value = (text: string, fractions = false) => {
  const r = readDecimal(text, { fractions });
  if (!r.ok) throw new Error(r.message);
  return str(r.value);
};

describe('readDecimal: the one bounded reader of numbers from text', () => {
  it('reads plain decimals and exponents exactly', () => {
    expect(value('1234.5')).toBe('1234.5');
    expect(value(' -0.5 ')).toBe('-0.5');
    expect(value('+.5')).toBe('0.5');
    expect(value('5.')).toBe('5');
    expect(value('1.2e-3')).toBe('0.0012');
    expect(value('0')).toBe('0');
    expect(value('0e9999999999')).toBe('0'); // zero whatever its exponent
    // 34 significant digits are held exactly, trailing and leading zeros do not count
    expect(value('1234567890.123456789012345678901234')).toBe('1234567890.123456789012345678901234');
    expect(value('0.000000001234567890123456789012345678900')).toBe('0.0000000012345678901234567890123456789');
  });

  it('refuses the numbers of the issue naming the rule broken', () => {
    expect(code('1e9999999999')).toBe('number_out_of_range');
    expect(code('1e400')).toBe('number_out_of_range');
    expect(code('1e-400')).toBe('number_out_of_range');
    expect(code('1'.repeat(10_000))).toBe('number_too_long');
    expect(code('9'.repeat(200_000))).toBe('number_too_long');
    expect(code('1.23456789012345678901234567890123456')).toBe('number_too_many_digits'); // 36 digits, 38 characters
    const r = readDecimal('1e9999999999');
    expect(!r.ok && r.message).toBe('"1e9999999999" is out of range: a number is 0, or between 1e-15 and 1e24 in absolute value');
    const long = readDecimal('7'.repeat(200_000));
    expect(!long.ok && long.message).toBe(`"${'7'.repeat(24)}…" (200000 characters) is longer than the 64 characters a number may have`);
  });

  it('bounds: |x| < 1e24 and |x| ≥ 1e-15 unless 0, on either side of each bound', () => {
    expect(DECIMAL_LIMITS).toEqual({ maxLength: 64, maxDigits: 34, maxExponent: 24, minExponent: -15 });
    expect(code('999999999999999999999999')).toBe('ok'); // 10^24 − 1
    expect(code('1000000000000000000000000')).toBe('number_out_of_range'); // 10^24
    expect(code('-9.99e23')).toBe('ok');
    expect(code('-1e24')).toBe('number_out_of_range');
    expect(code('0.000000000000001')).toBe('ok'); // 10^-15
    expect(code('0.0000000000000009')).toBe('number_out_of_range');
    expect(code('1e-15')).toBe('ok');
    expect(code('10e-16')).toBe('ok'); // the same number written otherwise
    expect(code('0.1e-15')).toBe('number_out_of_range');
  });

  it('refuses what is not a plain decimal: separators, hex, Infinity, NaN, blanks, fractions unless allowed', () => {
    for (const t of [
      '1,234',
      '1 234',
      '1_234',
      '0x1F',
      '0b101',
      '0o17',
      'Infinity',
      '-Infinity',
      'NaN',
      '',
      ' ',
      '.',
      '-',
      '1e',
      'e5',
      '１２',
      '1/2',
    ])
      expect([t, code(t)]).toEqual([t, 'not_a_number']);
    expect(value('44/12', true)).toBe(str(dec('44/12')));
    expect(code('1/0', true)).toBe('not_a_number');
    expect(code('1e30/1', true)).toBe('number_out_of_range');
    expect(code('1/1e20', true)).toBe('number_out_of_range'); // each part is in range, the ratio is not
  });

  it('property: any text is read within the bounds or refused with a code; it never throws', () => {
    const bound = new Dec(10).pow(DECIMAL_LIMITS.maxExponent);
    const least = new Dec(10).pow(DECIMAL_LIMITS.minExponent);
    const numberish = fc.oneof(
      fc.string(),
      fc.double().map(String),
      fc.bigInt().map(String),
      fc.tuple(fc.integer(), fc.integer({ min: -9999, max: 9999 })).map(([m, e]) => `${m}e${e}`),
      fc.stringMatching(/^[+-]?\d{0,40}(\.\d{0,40})?([eE][+-]?\d{1,12})?$/),
    );
    fc.assert(
      fc.property(numberish, fc.boolean(), (text, fractions) => {
        const r = readDecimal(text, { fractions });
        if (!r.ok) return ['not_a_number', 'number_too_long', 'number_too_many_digits', 'number_out_of_range'].includes(r.code);
        const a = r.value.abs();
        return a.isZero() || (a.lt(bound) && a.gte(least));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('str: a computed value beyond 1e±100 is refused, not serialised', () => {
  it('throws an IssuesError naming the magnitude', () => {
    expect(RESULT_MAX_EXPONENT).toBe(100);
    expect(str(new Dec(10).pow(99))).toHaveLength(100);
    expect(() => str(new Dec(10).pow(100))).toThrow(IssuesError);
    expect(() => str(new Dec('-1e-101'))).toThrow(/computed value is about -1e-101, beyond 1e±100/);
    // the heap-exhausting value of the issue fails fast instead of printing ten billion digits
    expect(() => str(new Dec('1e9999999999'))).toThrow(/result_out_of_range|beyond/);
  });
});

describe('dec() reads back every fraction readDecimal accepts (schemas keep the text; compile and overlay call dec)', () => {
  it.each(['1e3/2', '1/+3', '1/3e0', '1/-3', '-44/12', ' 44 / 12 '])('%s', (text) => {
    const r = readDecimal(text, { fractions: true });
    expect(r.ok).toBe(true);
    expect(str(dec(text))).toBe(str((r as { value: Dec }).value));
  });
});
