import { describe, expect, it } from 'vitest';
import { runDual } from '../../lib/dual.ts';
import { runAccount } from '../../lib/run.ts';
import { hbars, num } from '../../reports/charts.ts';
import { Dec } from '../../engine/core/decimal.ts';
import { renderReport } from '../../reports/render.ts';
import { runsReport } from '../../runs/report.ts';

/** Defects seen on the screenshots of `npm start`'s report-zh.html (review r12). */
describe('what a director sees in the zh report', () => {
  it('the category chart total is the exact GEP rounded, not the sum of the rounded parts', async () => {
    const html = (await renderReport('html', runsReport([{ kind: 'gep', result: runAccount({}) }]), 'zh')) as string;
    const chart = html.slice(
      html.indexOf('<section id="categories">'),
      html.indexOf('</section>', html.indexOf('<section id="categories">')),
    );
    // the summary table: GEP 2022 current prices 212.78 亿元 (2021: 187.39); the parts 58.32 + 121.01 + 33.44
    // = 212.77 and 55.51 + 95.26 + 36.61 = 187.38 — a total label summed from rounded parts disagrees with the table
    expect(chart).toContain('>212.78<');
    expect(chart).toContain('>187.39<');
    expect(chart).not.toContain('>212.77<');
    expect(chart).not.toContain('>187.38<');
  }, 60_000);

  it('the scorecard shows its figures as the dual table above it does (percent, 万元/km²), not raw ratios', async () => {
    const html = (await renderReport('html', runsReport([{ kind: 'dual', result: runDual({}) }]), 'zh')) as string;
    const at = html.indexOf('<h3>双评价记分卡');
    const card = html.slice(at, html.indexOf('</table>', at));
    // the dual table: 生态产品价值实现率 2020 46.57 %, 单位面积GEP 2020 1,091.94 万元/km² (= 10,919,434.6948 元/km²
    // ÷ 10⁴); the scorecard printed the same figures as 0.4657 and 10,919,434.6948 with no unit
    expect(card).toContain('46.57%');
    expect(card).toContain('1,091.94');
    expect(card).toContain('万元/km²');
    expect(card).not.toContain('0.4657');
    expect(card).not.toContain('10,919,434.6948');
  }, 60_000);

  it('a value that rounds to zero is labelled 0.00, not -0.00 (the comparison chart, 防风固沙)', () => {
    // greenway 2022 (full report): 防风固沙 −300 t, a value change of a few thousand 元; -3000 元 = -0.00003 亿元, num() -> -0
    const svg = hbars('t', 't', [{ name: '防风固沙', value: num(new Dec('-3000'), '100000000') }], '亿元');
    expect(svg).toContain('>0.00<');
    expect(svg).not.toMatch(/[-−]0\.00/);
  });
});
