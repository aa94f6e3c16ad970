/**
 * Defects found in the review of park-city-gep-2023 1.0.0 (issue 15 item 1), fixed in 1.0.1
 * (models/park-city-gep-2023/1.0.1.yaml); 1.0.0 stays frozen and reproducible.
 */
import { describe, expect, it } from 'vitest';
import { Dec, str } from '../../engine/core/decimal.ts';
import { evaluateRegionYear } from '../../engine/eval/evaluate.ts';
import { loadModel } from '../../models/load.ts';
import { memoryData } from '../helpers/memory-data.ts';

const d = (text: string): Dec => new Dec(text);
const CPI = { 2010: '100', 2012: '108', 2015: '115', 2022: '143' } as const;
const NOISE_INPUTS = { area: { street_trees: '3', protective_green: '4' } };

function noise(version: string, year: 2012 | 2022) {
  const model = loadModel(`park-city-gep-2023@${version}`);
  const data = memoryData({ regions: ['r1'], years: [year], values: { r1: { [year]: NOISE_INPUTS } }, priceIndex: { cpi: CPI } });
  const r = evaluateRegionYear(model, data, 'r1', year);
  return { money: r.values.get('noise_reduction.money')?.value, issues: r.issues.filter((i) => /noise/.test(JSON.stringify(i))) };
}

describe('park-city-gep-2023 1.0.1: review fixes', () => {
  it('noise is priced in 2010, the price year of 陈龙 et al. (received 2011-02-18), not 2015', () => {
    // 陈龙, 谢高地 et al., 北京市城区道路绿地消减噪声功能及其价值, 自然资源学报 2011 (received 2011-02-18, online
    // 2011-09-20; https://www.jnr.ac.cn/EN/abstract/article/1000-3037/27283): 7.13×10⁸ CNY ÷ 9.35×10⁷ dB(A)·a;
    // its prices cannot be later than 2010. 3 ha × 20,477 + 4 ha × 23,505 = 155,451 dB(A)·a.
    const hand = d('155451').mul('7.626').mul(d(CPI[2022]).div(CPI[2010]));
    const { money, issues } = noise('1.0.1', 2022);
    expect(issues).toEqual([]);
    expect(money && str(money.toDecimalPlaces(6))).toBe(str(hand.toDecimalPlaces(6)));
    // 1.0.0 (frozen) restates it from 2015, which undervalues it by CPI 2015/2010
    expect(str(noise('1.0.0', 2022).money!.toDecimalPlaces(6))).toBe(
      str(d('155451').mul('7.626').mul(d('143').div('115')).toDecimalPlaces(6)),
    );
  });

  it('an account of 2012 restates the noise price from 2010 by CPI 2012/2010 (1.0.0 deflated it from 2015)', () => {
    const { money, issues } = noise('1.0.1', 2012);
    expect(issues).toEqual([]);
    expect(str(money!.toDecimalPlaces(6))).toBe(str(d('155451').mul('7.626').mul(d('108').div('100')).toDecimalPlaces(6)));
  });

  it('sponge storage counts vegetated facilities only: grey storage (tanks, permeable paving) is a work, not an ecosystem', () => {
    // The model leaves out Yantian's 人居环境 items as human works (docs/research/park-city-gep.md §1); a storage
    // tank is one. The rain on a facility's own green area is already in green_retention (A·P·(ψ_sealed − ψ_green)).
    const text = (v: string) => String(loadModel(`park-city-gep-2023@${v}`).source.inputs.sponge_retention?.description);
    expect(text('1.0.0')).toMatch(/storage tanks/);
    expect(text('1.0.1')).toMatch(/vegetated/);
    expect(text('1.0.1')).not.toMatch(/bioretention, storage tanks/);
    expect(text('1.0.1')).toMatch(/not .*grey storage/);
  });
});
