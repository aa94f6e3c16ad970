import { describe, expect, it } from 'vitest';
import { Dec } from '../../engine/core/decimal.ts';
import { conversion, mulUnits, parseUnit, UnitError } from '../../engine/core/units.ts';

const factor = (from: string, to: string) => {
  const f = conversion(parseUnit(from), parseUnit(to));
  return f.num.div(f.den);
};

describe('units', () => {
  it('converts exactly where the definitions are exact', () => {
    expect(factor('ha', 'm2').eq(10000)).toBe(true);
    expect(factor('kWh', 'kJ').eq(3600)).toBe(true); // 1 kWh = 3.6 MJ
    expect(factor('t', 'kg').eq(1000)).toBe(true);
    expect(factor('%', '1').eq('0.01')).toBe(true);
    // 1 mu (亩) = 10000/15 m²: kept as a ratio, so 15 mu is exactly 1 ha
    expect(factor('mu', 'ha').mul(15).eq(1)).toBe(true);
  });

  it('derives ha·mm = 10 m³ (the water-balance conversion in water conservation)', () => {
    const u = mulUnits(parseUnit('ha'), parseUnit('mm'));
    const f = conversion(u, parseUnit('m3'));
    expect(f.num.div(f.den).eq(10)).toBe(true);
  });

  it('derives kJ/(m2·d) × ha × d = 10⁴ kJ = 25/9 kWh (climate regulation)', () => {
    const u = mulUnits(mulUnits(parseUnit('kJ/(m2 d)'), parseUnit('ha')), parseUnit('d'));
    const f = conversion(u, parseUnit('kWh'));
    // 10,000 kJ ÷ 3,600 kJ/kWh = 25/9
    expect(f.num.mul(9).eq(f.den.mul(25))).toBe(true);
  });

  it('RUSLE R·K gives t/ha', () => {
    const u = mulUnits(parseUnit('MJ mm/(ha h)'), parseUnit('t h/(MJ mm)'));
    expect(conversion(u, parseUnit('t/ha')).identity).toBe(true);
  });

  it('refuses to treat carbon as CO2 or mass as volume', () => {
    expect(() => conversion(parseUnit('tC'), parseUnit('tCO2'))).toThrow(UnitError);
    expect(() => conversion(parseUnit('t'), parseUnit('m3'))).toThrow(/cannot be converted/);
  });

  it('names the unknown unit', () => {
    expect(() => parseUnit('CNY/acre')).toThrow(/unknown unit "acre"/);
    expect(() => parseUnit('m^x')).toThrow(/integer exponent/);
  });

  it('accepts the usual spellings', () => {
    for (const s of ['m^3', 'm3', 'kJ/m2/d', 'CNY/(m2)', 'kg·m/s^2', 'tCO2/MWh', '1']) expect(() => parseUnit(s)).not.toThrow();
    expect(factor('kJ/m2/d', 'kJ/(m2 d)').eq(new Dec(1))).toBe(true);
  });
});

describe('carbon units', () => {
  it('standard coal equivalent is its own dimension: tce ↔ kgce exact, never mass or energy', () => {
    expect(factor('tce', 'kgce').eq(1000)).toBe(true);
    expect(factor('gce/kWh', 'kgce/MWh').eq(1)).toBe(true); // coal rate of thermal power
    expect(() => conversion(parseUnit('tce'), parseUnit('t'))).toThrow(UnitError);
    expect(() => conversion(parseUnit('kgce'), parseUnit('kJ'))).toThrow(UnitError);
  });

  it('CO2e shares the CO2 dimension; CH4 and N2O need a GWP; Gg is a mass', () => {
    expect(factor('tCO2e', 'kgCO2').eq(1000)).toBe(true);
    expect(factor('GgCO2', 'tCO2').eq(1000)).toBe(true);
    expect(factor('Gg', 't').eq(1000)).toBe(true);
    expect(() => conversion(parseUnit('tCH4'), parseUnit('tCO2e'))).toThrow(UnitError);
    const co2e = mulUnits(parseUnit('tCH4'), parseUnit('tCO2e/tCH4'));
    expect(conversion(co2e, parseUnit('tCO2e')).identity).toBe(true);
    // IPCC 2006 Tier 1: TJ/Gg × kgCO2/TJ = kgCO2/Gg; per tonne of fuel that is 1/1,000,000 tCO2 per t
    const ef = mulUnits(parseUnit('TJ/Gg'), parseUnit('kgCO2/TJ'));
    expect(factor('kgCO2/Gg', 'tCO2/t').eq('0.000001')).toBe(true);
    expect(
      conversion(ef, parseUnit('tCO2/t'))
        .num.div(conversion(ef, parseUnit('tCO2/t')).den)
        .eq('0.000001'),
    ).toBe(true);
  });

  it('still reads the old units the same way', () => {
    expect(factor('kgCO2/kWh', 'tCO2/MWh').eq(1)).toBe(true);
    expect(factor('m3', 'L').eq(1000)).toBe(true);
  });
});

describe('yearbook units (issue 10 item 2): multipliers and Chinese names, exact', () => {
  it('a multiplier before a unit scales it exactly, with or without a space', () => {
    for (const s of ['万t', '万 t', '10^4 t', '10^4t', '1e4 t', '1E4 t', '10⁴ t', '万吨']) expect(factor(s, 't').eq(10000), s).toBe(true);
    for (const s of ['亿m3', '亿立方米', '10^8 m3', '1E8 m3', '亿方', '亿m³']) expect(factor(s, 'm3').eq('1e8'), s).toBe(true);
    expect(factor('百万kWh', 'kWh').eq('1e6')).toBe(true);
    expect(factor('千万元', 'CNY').eq('1e7')).toBe(true);
    expect(factor('十万亩', 'mu').eq('1e5')).toBe(true);
    expect(factor('10^-3 t', 'kg').eq(1)).toBe(true);
  });

  it('binds to the unit right after it: tce/万元 is tce per 10^4 CNY', () => {
    expect(factor('tce/万元', 'tce/CNY').eq('0.0001')).toBe(true);
    expect(factor('吨标准煤/万元', 'tce/CNY').eq('0.0001')).toBe(true);
    expect(factor('元每吨', 'CNY/t').eq(1)).toBe(true);
  });

  it('reads Chinese unit names as the units they mean (longest word first: 千瓦时 is not 千·瓦时)', () => {
    const same: [string, string][] = [
      ['公顷', 'ha'],
      ['亩', 'mu'],
      ['平方公里', 'km2'],
      ['平方千米', 'km2'],
      ['平方米', 'm2'],
      ['千米', 'km'],
      ['毫米', 'mm'],
      ['千克', 'kg'],
      ['公斤', 'kg'],
      ['立方米', 'm3'],
      ['千瓦时', 'kWh'],
      ['度', 'kWh'],
      ['人次', 'visit'],
      ['人', 'person'],
      ['元', 'CNY'],
      ['天', 'd'],
      ['吨标准煤', 'tce'],
      ['吨标煤', 'tce'],
      ['吨二氧化碳', 'tCO2'],
      ['头', 'head'],
      ['hm2', 'ha'],
      ['hm²', 'ha'],
      ['km²', 'km2'],
      ['m³', 'm3'],
      ['（万t）', '(10^4 t)'],
    ];
    for (const [a, b] of same) expect(factor(a, b).eq(1), `${a} = ${b}`).toBe(true);
    expect(factor('万千瓦时', 'kWh').eq(10000)).toBe(true);
    expect(factor('万吨标准煤', 'tce').eq(10000)).toBe(true);
  });

  it('keeps the text as written, for messages', () => {
    expect(parseUnit(' 万吨 ').text).toBe('万吨');
    expect(parseUnit('10^8 kWh').text).toBe('10^8 kWh');
  });

  it('refuses a multiplier with no unit, an unknown word (with a suggestion) and a power beyond the bounds', () => {
    expect(() => parseUnit('万')).toThrow(/the multiplier "万" needs a unit after it/);
    expect(() => parseUnit('t/万')).toThrow(/needs a unit after it/);
    expect(() => parseUnit('公亩')).toThrow(/"公亩" is not a unit \(did you mean "公顷", "亩"/);
    expect(() => parseUnit('tonne')).toThrow(/unknown unit "tonne"/);
    expect(() => parseUnit('10^30 t')).toThrow(/beyond 10\^24/);
    expect(() => parseUnit('2 t')).toThrow(UnitError);
  });
});
