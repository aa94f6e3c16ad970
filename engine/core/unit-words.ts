/**
 * The words a statistical yearbook writes units in, read by parseUnit (engine/core/units.ts): Chinese unit
 * names, each the unit it means in the engine's notation, and the multipliers written before a unit
 * (万t = 10^4 t, 亿m3 = 10^8 m3). Every factor is exact.
 */

/** Chinese (and a few English) unit names → the same unit in the engine's notation. */
export const UNIT_WORDS: Readonly<Record<string, string>> = {
  // area
  公顷: 'ha',
  亩: 'mu',
  平方公里: 'km2',
  平方千米: 'km2',
  平方米: 'm2',
  // length
  公里: 'km',
  千米: 'km',
  米: 'm',
  厘米: 'cm',
  毫米: 'mm',
  // mass
  吨: 't',
  千克: 'kg',
  公斤: 'kg',
  克: 'g',
  // volume
  立方米: 'm3',
  方: 'm3',
  升: 'L',
  // energy and power (度 is the kWh of an electricity bill)
  千瓦时: 'kWh',
  度: 'kWh',
  瓦时: 'Wh',
  兆瓦时: 'MWh',
  千瓦: 'kW',
  瓦: 'W',
  焦耳: 'J',
  千焦: 'kJ',
  兆焦: 'MJ',
  吉焦: 'GJ',
  // time (年 is the year of a yearly flow, 万m³/年: see the atom a in engine/core/units.ts)
  年: 'a',
  天: 'd',
  日: 'd',
  小时: 'h',
  分钟: 'min',
  秒: 's',
  // standard coal equivalent and greenhouse gases
  吨标准煤: 'tce',
  吨标煤: 'tce',
  千克标准煤: 'kgce',
  千克标煤: 'kgce',
  克标准煤: 'gce',
  吨二氧化碳: 'tCO2',
  千克二氧化碳: 'kgCO2',
  吨二氧化碳当量: 'tCO2e',
  吨碳: 'tC',
  吨甲烷: 'tCH4',
  吨氧化亚氮: 'tN2O',
  // counts and money
  人次: 'visit',
  人: 'person',
  头: 'head',
  个: 'head',
  只: 'head',
  元: 'CNY',
  yuan: 'CNY',
  RMB: 'CNY',
};

/** Multipliers written before a unit, as powers of ten (10^4 t, 万t, 1e4 t are the same). */
export const MULTIPLIER_WORDS: Readonly<Record<string, number>> = {
  十: 1,
  百: 2,
  千: 3,
  万: 4,
  十万: 5,
  百万: 6,
  千万: 7,
  亿: 8,
  十亿: 9,
  百亿: 10,
  千亿: 11,
  万亿: 12,
};

/** "每" is "per": 元每吨 = 元/吨. */
export const PER_WORD = '每';

/** Every non-ASCII word the reader knows, longest first (so 千瓦时 is read before 千, 平方千米 before 千米). */
export const CJK_WORDS: readonly string[] = [...Object.keys(UNIT_WORDS), ...Object.keys(MULTIPLIER_WORDS), PER_WORD]
  .filter((w) => /[^\p{ASCII}]/u.test(w))
  .sort((a, b) => b.length - a.length);

/** The largest power of ten a written multiplier may have (10^24 is beyond any account's bounds). */
export const MAX_MULTIPLIER_EXPONENT = 24;
