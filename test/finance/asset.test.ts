import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Dec, dec, str, ZERO } from '../../engine/core/decimal.ts';
import { annuityFactor } from '../../engine/finance/discount.ts';
import { AssetSpec, assetAccount, CAUSES, UNALLOCATED } from '../../engine/finance/asset.ts';
import type { AssetRun } from '../../lib/asset.ts';
import { renderReport } from '../../reports/render.ts';
import { runsReport } from '../../runs/report.ts';
import { run } from '../../runs/registry.ts';
import { fileSources } from '../../runs/sources.ts';

const spec = (r0: string, r1: string) =>
  AssetSpec.parse({
    id: 'hand',
    label: { zh: '手算', en: 'by hand' },
    illustrative: true,
    region: 'r',
    opening: 2020,
    closing: 2022,
    life: { years: 2, source: 'test' },
    discount_rate: { opening: r0, closing: r1, source: 'test' },
    projection: { growth: '0', source: 'test' },
  });
const m = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k, dec(v)]));
const sumCauses = (c: Record<string, Dec>) => CAUSES.reduce((a, k) => a.plus(c[k]!), ZERO);
/** Equal to the 34 significant digits decimals carry (G is a quotient: its last digit is rounded). */
const near = (a: Dec, b: Dec | string) => a.minus(b).abs().lt('1e-25');

describe('ecological asset value by hand (engine/finance/asset.ts, SEEA EA 2021 ch. 10)', () => {
  const flows = [
    {
      service: 'water',
      category: 'regulating',
      // forest 100 → 143 (130 at opening prices) on 10 → 12 ha; wetland new (0 → 5 ha): 0 → 22 (20 at opening prices); recreation unallocated
      opening: m({ forest: '100', [UNALLOCATED]: '50' }),
      closing: m({ forest: '143', wetland: '22', [UNALLOCATED]: '55' }),
      closingAtOpeningPrices: m({ forest: '130', wetland: '20', [UNALLOCATED]: '50' }),
    },
  ];
  const areas = { areaOpening: m({ forest: '10' }), areaClosing: m({ forest: '12', wetland: '5' }) };

  it('5 %, 2 years, flows held: G = 1/1.05 + 1/1.05² = 1.8594104308; opening, closing and each cause written out', () => {
    const a = assetAccount({ spec: spec('0.05', '0.05'), flows, ...areas });
    const G = dec('1').div('1.05').plus(dec('1').div('1.1025'));
    expect(G.toDecimalPlaces(10).toString()).toBe('1.8594104308');
    const forest = a.cells.find((c) => c.type === 'forest')!;
    // opening 100 G = 185.9410430839; closing 143 G = 265.8956916100
    expect(forest.opening.toDecimalPlaces(10).toString()).toBe('185.9410430839');
    expect(forest.closing.toDecimalPlaces(10).toString()).toBe('265.89569161');
    // conversions: G × (100/10 per ha) × (12 − 10) ha = 20 G = 37.1882086168
    expect(forest.changes.conversions.toDecimalPlaces(10).toString()).toBe('37.1882086168');
    // condition: G × (130 − 100) − 20 G = 10 G = 18.5941043084
    expect(forest.changes.condition.toDecimalPlaces(10).toString()).toBe('18.5941043084');
    // revaluation: G × (143 − 130) = 13 G = 24.1723356009; discount rate unchanged: 0
    expect(forest.changes.revaluation.toDecimalPlaces(10).toString()).toBe('24.1723356009');
    expect(str(forest.changes.discount_other)).toBe('0');
    // a type with no area at opening: its whole quantity change is conversion (20 G), its price change revaluation (2 G)
    const wetland = a.cells.find((c) => c.type === 'wetland')!;
    expect(near(wetland.changes.conversions, G.mul(20))).toBe(true);
    expect(wetland.changes.condition.isZero()).toBe(true);
    // a flow not attributed to a type is never a conversion
    const un = a.cells.find((c) => c.type === UNALLOCATED)!;
    expect([str(un.changes.conversions), un.changes.condition.isZero(), near(un.changes.revaluation, G.mul(5))]).toEqual(['0', true, true]);
    // the causes sum to closing − opening exactly, cell by cell and in total
    for (const c of [...a.cells, a.total]) expect(near(sumCauses(c.changes), c.closing.minus(c.opening))).toBe(true);
  });

  it('a change in the discount rate (5 % → 4 %) is its own row: (G₁ − G₀) × F₀', () => {
    const a = assetAccount({ spec: spec('0.05', '0.04'), flows, ...areas });
    const G0 = dec('1').div('1.05').plus(dec('1').div('1.1025'));
    const G1 = dec('1').div('1.04').plus(dec('1').div('1.0816'));
    // G₁ = 0.9615384615 + 0.9245562130 = 1.8860946746; (G₁ − G₀) × 100 = (1.886094674556 − 1.859410430839) × 100 = 2.6684243717
    const forest = a.cells.find((c) => c.type === 'forest')!;
    expect(forest.changes.discount_other.toDecimalPlaces(10).toString()).toBe('2.6684243717');
    expect(near(forest.changes.discount_other, G1.minus(G0).mul(100))).toBe(true);
    for (const c of [...a.cells, a.total]) expect(near(sumCauses(c.changes), c.closing.minus(c.opening))).toBe(true);
  });
});

describe('the asset value of the sample (datasets/projects/tianfu-asset.yaml)', () => {
  let r: AssetRun;
  beforeAll(async () => {
    r = await run('asset', { spec: 'tianfu-asset' }, fileSources());
  }, 300_000);

  it('opening and closing = GEP × a(100 a, 2.77 %); the revaluation row = a × (GEP 2022 − GEP 2022 at 2020 prices)', () => {
    const G = annuityFactor(dec('0.0277'), 100);
    const ry = (y: number) => r.account.account.regionYears.find((x) => x.year === y)!;
    expect(r.asset.total.opening.minus(ry(2020).gep.current.mul(G)).abs().lt('1e-18')).toBe(true);
    expect(r.asset.total.closing.minus(ry(2022).gep.current.mul(G)).abs().lt('1e-18')).toBe(true);
    expect(
      r.asset.total.changes.revaluation
        .minus(ry(2022).gep.current.minus(ry(2022).gep.constant).mul(G))
        .abs()
        .lt('1e-18'),
    ).toBe(true);
    expect(sumCauses(r.asset.total.changes).minus(r.asset.total.closing.minus(r.asset.total.opening)).abs().lt('1e-18')).toBe(true);
  });

  it('a service split by type in the account sums back to its value; the split follows its physical quantity by type', () => {
    const wc = r.asset.cells.filter((c) => c.service === 'water_conservation');
    expect(wc.length).toBeGreaterThan(3);
    const svc = r.account.account.regionYears.find((x) => x.year === 2020)!.services.find((s) => s.id === 'water_conservation')!;
    const G = r.asset.factorOpening.get('water_conservation')!;
    expect(
      wc
        .reduce((a, c) => a.plus(c.opening), ZERO)
        .minus(svc.money.mul(G))
        .abs()
        .lt('1e-18'),
    ).toBe(true);
  });

  it('is in the report: an HTML section and an XLSX sheet, zh and en', async () => {
    const doc = runsReport([{ kind: 'asset', result: r }]);
    expect(String(await renderReport('html', doc, 'zh'))).toContain('生态资产价值');
    expect(String(await renderReport('html', doc, 'en'))).toContain('Revaluation (prices)');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderReport('xlsx', doc, 'en')) as never);
    const cells = wb
      .getWorksheet('Ecological assets')!
      .getSheetValues()
      .flatMap((x) => (Array.isArray(x) ? x : []));
    expect(cells).toContain(str(r.asset.total.closing));
  });
});
