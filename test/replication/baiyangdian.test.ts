import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Dec } from '../../engine/core/decimal.ts';
import { gep } from '../helpers/gep-cli.ts';
import { categoryMoney, loadAccount, publishedDir, serviceOf, yi } from './published.ts';

/**
 * 白洋淀湿地 2011, national method (final ecosystem services, Ouyang's group), re-run from
 * datasets/published/baiyangdian-2011 with cn-gep-2022. cn-gep-2022 takes none of its coefficients from this paper.
 *
 * Source: 江波, 陈媛媛, 肖洋, 赵娟娟, 欧阳志云. 白洋淀湿地生态系统最终服务价值评估. 生态学报 2017, 37(8):2497-2505
 * (doi:10.5846/stxb201410091984): Table 3 (results, 10⁸ 元 to 2 decimals), §2.1–2.3 (quantities and prices), §2.4
 * (subtotals). Transcribed from the OCR of the typeset article (ChinaXiv mirror md/ChinaXiv-201704.00322V1.md), which
 * does not keep the page of each table: cited by table and section, within pp. 2497-2505. The test rounds half-up to
 * the paper's 2 decimals of 10⁸ 元.
 *
 * What the dataset gives and what the engine computes:
 * - computed: flood regulation (given 2.45×10⁸ m³ × the paper's 6.11 元/m³, a local coefficient), carbon (given
 *   6.0962×10⁴ t CO2 × 360 元/t CO2, the paper's 1320 元/t C × 12/44), oxygen (given 4.49×10⁴ t × 1000 元/t) and
 *   recreation (135×10⁴ visits × the paper's 973.83 元 a visit: travel expenditure 52.47 + time 343.33 + consumer
 *   surplus 578.03);
 * - given money values: aquatic products (an output value, no unit price printed) and water supply (0.98×10⁸ m³ ×
 *   0.5 元/m³: the quantity has no split by use for the model's price by use).
 *
 * Residuals that no dataset mechanism can remove, because cn-gep-2022 has no such service:
 * - 原材料生产 (reed): 3.74×10⁴ t × (0.4 × 7000 + 0.4 × 4000 + 0.2 × 300 = 4460 元/t) = 1.67×10⁸ 元 (§2.1.2);
 * - 非使用价值 (contingent valuation): 0.98×10⁸ 元 (§2.3.2; 0.70 tourists + 0.03 county town + 0.25 townships).
 * The paper's provisioning and cultural subtotals and its total are therefore short by those amounts.
 */

const account = loadAccount('baiyangdian-2011', 'cn-gep-2022@1.1.0');
const r = account.at('baiyangdian', 2011);
const money = (service: string) => r.values.get(`${service}.money`)!.value;
const physical = (service: string) => r.values.get(`${service}.physical`)!.value;

/** Table 3, 10⁸ 元, the six services cn-gep-2022 has, as printed. */
const TABLE_3: Record<string, string> = {
  aquatic_products: '3.62',
  water_supply: '0.49',
  flood_regulation: '14.97',
  carbon_sequestration: '0.22',
  oxygen_release: '0.45',
  recreation: '13.15',
};
/** Table 3, the two services cn-gep-2022 does not have (residuals, see above). */
const NOT_IN_MODEL = { raw_materials_reed: '1.67', non_use_value: '0.98' };

describe('白洋淀 2011 (江波 et al. 2017): the dataset', () => {
  it('loads one level-1 wetland of 157.29 km², yearbook units and the paper’s prices, without warnings', () => {
    expect(account.data.warnings).toEqual([]);
    expect(account.data.values('baiyangdian', 2011)!.get('area')!.get('wetland')!.eq(new Dec('15729'))).toBe(true);
  });

  it('has a money value for each of the paper’s services the model has', () => {
    for (const s of Object.keys(TABLE_3)) expect(r.values.has(`${s}.money`), s).toBe(true);
  });

  // The parts of the given flood storage (lake, reservoir, marsh) are read only by it: not computed, not required.
  it('raises no issue for a service the paper accounts (a given flood storage needs no lake or reservoir inputs)', () => {
    const paper = Object.keys(TABLE_3);
    expect(r.issues.filter((i) => paper.includes(serviceOf(i.message)))).toEqual([]);
    // the marsh part would compute (15,729 ha × 0.3 m), a figure the paper does not have: not in the results
    expect(r.values.has('flood_regulation.marsh_storage')).toBe(false);
  });

  it('computes the physical account from the given quantities and the survey (Table 3, 物质量)', () => {
    expect(physical('flood_regulation').eq(new Dec('245000000'))).toBe(true); // 2.45×10⁸ m³
    expect(physical('carbon_sequestration').eq(new Dec('60962'))).toBe(true); // t CO2 (= 1.66×10⁴ t C as printed)
    expect(physical('oxygen_release').eq(new Dec('44900'))).toBe(true); // 4.49×10⁴ t
    expect(physical('recreation').eq(new Dec('1350000'))).toBe(true); // 135×10⁴ visits
  });
});

describe('白洋淀 2011 (江波 et al. 2017): Table 3, service by service, 10⁸ 元 to 2 decimals', () => {
  it('flood regulation: 2.45×10⁸ m³ × 6.11 元/m³ = 1,496,950,000 元 → 14.97', () => {
    expect(money('flood_regulation').eq(new Dec('1496950000'))).toBe(true);
  });
  it('carbon: 6.0962×10⁴ t CO2 × 360 元/t CO2 = 21,946,320 元 → 0.22', () => {
    expect(money('carbon_sequestration').eq(new Dec('21946320'))).toBe(true);
  });
  it('oxygen: 4.49×10⁴ t × 1000 元/t = 44,900,000 元 → 0.45 (the given quantity wins over 32/44 of the carbon)', () => {
    expect(money('oxygen_release').eq(new Dec('44900000'))).toBe(true);
  });
  it('recreation: 135×10⁴ visits × 973.83 元 = 1,314,670,500 元 → 13.15', () => {
    expect(money('recreation').eq(new Dec('1314670500'))).toBe(true);
  });
  for (const [service, printed] of Object.entries(TABLE_3))
    it(`${service}: ${printed}`, () => {
      expect(yi(money(service))).toBe(printed);
    });
});

describe('白洋淀 2011 (江波 et al. 2017): subtotals (§2.4) and total, with the residuals stated', () => {
  it('regulating 15.64: reproduced (14.9695 + 0.2195 + 0.4490 = 15.6380)', () => {
    expect(yi(categoryMoney(account, r, 'regulating'))).toBe('15.64');
  });
  it(`provisioning 5.78: computed 4.11, short by the reed (${NOT_IN_MODEL.raw_materials_reed})`, () => {
    const v = categoryMoney(account, r, 'provisioning');
    expect(yi(v)).toBe('4.11');
    expect(yi(v.plus(new Dec('37400').mul(4460)))).toBe('5.78'); // + 3.74×10⁴ t × 4460 元/t (§2.1.2)
  });
  it(`cultural 14.13: computed 13.15, short by the non-use value (${NOT_IN_MODEL.non_use_value})`, () => {
    expect(yi(categoryMoney(account, r, 'cultural'))).toBe('13.15');
  });
  it('total 35.55: computed 32.89; with the reed (1.66804) and the non-use value (0.98376, hand-computed) 35.55', () => {
    const total = ['provisioning', 'regulating', 'cultural'].reduce((s, c) => s.plus(categoryMoney(account, r, c)), new Dec(0));
    expect(yi(total)).toBe('32.89');
    // Non-use value (§2.3.2, Eq. 9 with the monthly WTP × 12, the only reading that reproduces the printed parts):
    // tourists 11.31 × 12 × 0.8344 × 619,200 + county town 11.89 × 12 × 0.9049 × 23,700 + townships 7.38 × 12 × 0.8370 × 339,900
    const nonUse = new Dec('11.31')
      .mul(12)
      .mul('0.8344')
      .mul(619200)
      .plus(new Dec('11.89').mul(12).mul('0.9049').mul(23700))
      .plus(new Dec('7.38').mul(12).mul('0.8370').mul(339900));
    expect(yi(nonUse)).toBe('0.98');
    expect(yi(total.plus(new Dec('37400').mul(4460)).plus(nonUse))).toBe('35.55');
  });
});

describe('白洋淀 2011: the account through the CLI', () => {
  const out = mkdtempSync(join(tmpdir(), 'gep-baiyangdian-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  // dataset.yaml lists the twelve services of cn-gep-2022 the paper leaves out (not_accounted); the given flood storage
  // needs no lake or reservoir inputs.
  it('gep account -m cn-gep-2022@1.1.0 -d datasets/published/baiyangdian-2011 exits 0: total 32.89, regulating 15.64 (Table 3, §2.4)', async () => {
    const r = await gep('account', '-m', 'cn-gep-2022@1.1.0', '-d', publishedDir('baiyangdian-2011'), '-o', out, '--no-trace');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [id] = readdirSync(out);
    const json = JSON.parse(readFileSync(join(out, id!, 'result.json'), 'utf8'));
    expect(json.run.not_accounted).toHaveLength(12);
    const a = json.accounts[0];
    expect(a.services.map((s: { id: string }) => s.id)).toEqual(Object.keys(TABLE_3));
    expect(yi(new Dec(a.gep.current))).toBe('32.89');
    expect(yi(new Dec(a.categories.regulating.current))).toBe('15.64');
    for (const s of a.services) expect(yi(new Dec(s.money.current)), s.id).toBe(TABLE_3[s.id]);
  });
});
