/**
 * Fuel and sector names as the energy balance prints them. 中国能源统计年鉴 (energy balance and 分行业能源消费)
 * names natural gas 天然气 (the set's label adds the NCV basis, 天然气(油田): GB/T 2589 Appendix A, 油田天然气
 * 38 931 kJ/m3) and its sectors with enumeration commas: 农、林、牧、渔业; 电力、热力生产和供应业;
 * 交通运输、仓储和邮政业; 批发、零售业和住宿、餐饮业 (the set's labels drop the 、).
 */
import { describe, expect, it } from 'vitest';
import { fuelId, sectorId } from '../../engine/carbon/names.ts';
import { loadFactorSet } from '../../models/carbon-factors.ts';

const set = loadFactorSet('cn-carbon-factors@1.2.0');

describe('names of cn-carbon-factors@1.2.0 as the energy balance writes them', () => {
  it('天然气 and "Natural gas" are natural_gas: a bracketed qualifier of a label is not part of the name', () => {
    expect(fuelId(set, '天然气')).toBe('natural_gas');
    expect(fuelId(set, 'Natural gas')).toBe('natural_gas');
    expect(fuelId(set, '天然气(油田)')).toBe('natural_gas');
    expect(fuelId(set, '天然气（油田）')).toBe('natural_gas'); // full-width brackets, as typed in Chinese
  });

  it('sector names with enumeration commas (、) or spaces are the set’s sectors', () => {
    expect(sectorId(set, '农、林、牧、渔业')).toBe('agriculture');
    expect(sectorId(set, '电力、热力生产和供应业')).toBe('power_heat');
    expect(sectorId(set, '交通运输、仓储和邮政业')).toBe('transport');
    expect(sectorId(set, '批发、零售业和住宿、餐饮业')).toBe('trade_hospitality');
    expect(sectorId(set, '计算机、通信和其他电子设备制造业')).toBe('electronics');
    expect(sectorId(set, '酒饮料和精制茶制造业')).toBe('beverages'); // the label has the 、, the user not
  });

  it('an unknown name stays unknown (the reading is no looser than that)', () => {
    expect(fuelId(set, '煤')).toBeUndefined();
    expect(sectorId(set, '汽车制造业')).toBeUndefined();
  });
});
