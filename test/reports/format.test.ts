import { describe, expect, it } from 'vitest';
import { Dec } from '../../engine/core/decimal.ts';
import { money, moneyLabel, moneyUnitFor, percent, quantity, sigPlaces, unitSymbol } from '../../reports/format.ts';

const d = (s: string) => new Dec(s);

describe('how a report shows numbers (reports/format.ts)', () => {
  it('money: one unit for a set, chosen by its largest magnitude, always 2 decimals', () => {
    // the example: 2,611,885,000.00 CNY beside a summary in 亿元 → 26.12 亿元
    expect(moneyUnitFor([d('2611885000'), d('5000')])).toBe('yi');
    expect(money(d('2611885000'), 'yi')).toBe('26.12');
    expect(money(d('5000'), 'yi')).toBe('0.00');
    expect(moneyUnitFor([d('-35000'), d('12')])).toBe('wan');
    expect(money(d('-35000'), 'wan')).toBe('-3.50');
    expect(moneyUnitFor([d('9999.99')])).toBe('yuan');
    expect(moneyUnitFor([])).toBe('yuan');
    expect(moneyLabel('wan', 'zh')).toBe('万元');
    expect(moneyLabel('yi', 'en')).toBe('10⁸ CNY');
  });

  it('quantities: 4 significant figures, grouped, never fewer than 0 decimals', () => {
    expect(quantity(d('662.84'))).toBe('662.8');
    expect(quantity(d('2836.4'))).toBe('2,836');
    expect(quantity(d('5212.584'))).toBe('5,213');
    expect(quantity(d('1234567.89'))).toBe('1,234,568');
    expect(quantity(d('0.012346'))).toBe('0.01235');
    expect(quantity(d('0.012345'))).toBe('0.01234'); // display rounds half to even (engine/core/decimal.ts fixed)
    expect(quantity(d('0'))).toBe('0');
    expect(quantity(d('-7.0'))).toBe('-7.000');
    expect(sigPlaces(d('0.0000001'))).toBe(6);
  });

  it('percent with one decimal', () => {
    expect(percent(d('0.1234'))).toBe('12.3%');
    expect(percent(d('-0.005'))).toBe('-0.5%');
  });

  it('unit symbols', () => {
    expect(unitSymbol('m3')).toBe('m³');
    expect(unitSymbol('km2')).toBe('km²');
    expect(unitSymbol('10^8 m3')).toBe('10⁸ m³');
    expect(unitSymbol('10^4 t')).toBe('10⁴ t');
    expect(unitSymbol('tCO2e')).toBe('tCO₂e');
    expect(unitSymbol('kgCO2/kWh')).toBe('kgCO₂/kWh');
    expect(unitSymbol('CNY/m3')).toBe('CNY/m³');
    expect(unitSymbol('CNY/m3', 'zh')).toBe('元/m³');
    expect(unitSymbol('t SO2')).toBe('t SO₂');
    expect(unitSymbol('CH4')).toBe('CH₄');
    expect(unitSymbol('N2O')).toBe('N₂O');
    expect(unitSymbol('ha')).toBe('ha');
    expect(unitSymbol('t/ha')).toBe('t/ha');
    expect(unitSymbol('dBA')).toBe('dBA');
  });
});
