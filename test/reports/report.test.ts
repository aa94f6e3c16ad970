import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../engine/core/decimal.ts';
import { runAccount } from '../../lib/run.ts';
import { runDual } from '../../lib/dual.ts';
import { runCarbon } from '../../lib/carbon-run.ts';
import { compareRunLines } from '../../lib/compare.ts';
import { loadScenario, runScenario } from '../../lib/scenario.ts';
import { renderReport } from '../../reports/render.ts';
import { runsReport } from '../../runs/report.ts';
import { financeRows } from '../../reports/finance.ts';
import { htmlReport, yi } from '../../reports/html.ts';
import { resultJson } from '../../reports/result-json.ts';
import { resultRows } from '../../reports/results-csv.ts';
import { xlsxReport } from '../../reports/xlsx.ts';
import { CHROMIUM, launchChromium } from '../helpers/browser.ts'; // absent Chromium under GEP_REQUIRE_CHROMIUM=1 fails there

const run = runAccount({});
const json = JSON.parse(resultJson(run));
const OUT = resolve('out/test');

describe('finance sheet', () => {
  const rows = financeRows(run, 'en');
  const item = (k: string) => rows.filter((r) => r.item === k);
  it('GEP change against the base year at constant prices, and the marketable share', () => {
    // README (npm start): GEP at 2020 prices 172.31 (2020) → 209.38 (2022) ×10⁸ CNY: +37.07
    const change = item('fin_gep_change')[0]!;
    expect(change).toMatchObject({ year: '2020→2022', unit: 'CNY', price_year: '2020' });
    expect(yi(new Dec(change.value))).toBe('37.07');
    const acc = json.accounts.find((a: any) => a.year === 2022);
    expect(change.value).toBe(new Dec(acc.gep.constant).minus(json.accounts[0].gep.constant).toString());
    // marketable share = provisioning / GEP, 2022 current prices: 58.32 / 212.78 ≈ 27.4 %
    const share = new Dec(item('fin_marketable')[0]!.value);
    expect(share.toFixed(6)).toBe(new Dec(acc.categories.provisioning.current).div(acc.gep.current).mul(100).toFixed(6));
    expect(share.toFixed(1)).toBe('27.4');
    expect(item('fin_sink')[0]).toMatchObject({ unit: 'tCO2' });
    expect(item('fin_quality')[0]!.value).toContain('illustrative');
    expect(item('fin_gdp')).toEqual([]);
  });

  it('with a dual run: GDP, GEP/GDP and the realisation rate of the last year', () => {
    const dual = runDual({});
    const d = dual.dual.rows.at(-1)!;
    const rows = financeRows(run, 'zh', dual);
    expect(rows.find((r) => r.item === 'fin_gep_gdp')).toMatchObject({ year: '2022', value: d.ratio.toString() });
    // GEP/GDP = GEP / GDP at current prices (engine/dual/account.ts); 212.78 / 3,530.62 ×10⁸ CNY ≈ 0.0603
    expect(new Dec(rows.find((r) => r.item === 'fin_gep_gdp')!.value).toFixed(4)).toBe('0.0603');
    expect(rows.find((r) => r.item === 'fin_gdp')!.value).toBe(d.gdp.toString());
  });
});

describe('HTML report', () => {
  const zh = htmlReport(run, 'zh');
  it('is self-contained, has every section and its charts, and is the same bytes twice', () => {
    expect(htmlReport(run, 'zh')).toBe(zh);
    for (const id of ['summary', 'categories', 'services', 'decomposition', 'extent', 'finance', 'appendix'])
      expect(zh).toContain(`<section id="${id}">`);
    expect(zh.match(/<svg /g)!.length).toBe(2); // stacked bars + waterfall
    expect(zh).not.toMatch(/<script|src="http|href="http|@import/);
    expect(zh).toContain('生态产品总值核算报告');
    expect(zh).toContain('白玛卓嘎'); // coefficient source in the appendix
    expect(htmlReport(run, 'en')).toContain('Change in GEP: quantity and price effects');
  });

  it.skipIf(!existsSync(CHROMIUM))(
    'the full report (GEP, dual, carbon, scenario comparison) opens in headless Chromium without console errors; screenshot saved',
    async () => {
      mkdirSync(OUT, { recursive: true });
      const file = resolve(OUT, 'report-zh.html');
      const green = runScenario(loadScenario('scenarios/greenway.yaml'), {});
      const full = (await renderReport(
        'html',
        runsReport(
          [
            { kind: 'dual', result: runDual({ gep: green }) },
            { kind: 'carbon', result: runCarbon({}) },
          ],
          { comparison: compareRunLines([run, green]) },
        ),
        'zh',
      )) as string;
      for (const id of ['dual', 'carbon', 'comparison']) expect(full).toContain(`<section id="${id}">`);
      writeFileSync(file, full);
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        const errors: string[] = [],
          requests: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
        });
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('request', (r) => {
          if (!r.url().startsWith('file://')) requests.push(r.url());
        });
        await page.goto(`file://${file}`, { waitUntil: 'load' });
        expect(await page.locator('svg').count()).toBe(full.match(/<svg /g)!.length);
        expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(6); // categories, waterfall, GEP–GDP, sectors, projection, comparison
        expect(await page.locator('h1').textContent()).toBe('生态产品总值核算报告');
        const png = resolve(OUT, 'report-zh.png');
        await page.screenshot({ path: png, fullPage: true });
        expect(errors).toEqual([]);
        expect(requests).toEqual([]);
        expect(statSync(png).size).toBeGreaterThan(50_000);
      } finally {
        await browser.close();
      }
    },
  );
  if (!existsSync(CHROMIUM)) console.warn(`[report tests] Chromium test SKIPPED: ${CHROMIUM} is absent (CI installs it)`);
});

describe('XLSX report', () => {
  it('opens with exceljs; its totals equal the JSON result exactly', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsxReport(run, 'en')) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Detail', 'Coefficients', 'Provenance', 'Scenarios', 'Finance sheet']);
    const summary = wb.getWorksheet('Summary')!;
    const cells = (r: number) => (summary.getRow(r).values as unknown[]).slice(1);
    json.accounts.forEach((a: any, n: number) => {
      const row = cells(n + 2);
      // region name, region id (hidden), year, then each money column as a number (10⁸ CNY) beside its exact text
      expect(row.slice(0, 3)).toEqual(['Tianfu New Area (illustrative)', a.region, a.year]);
      expect([row[4], row[6]]).toEqual([a.gep.current, a.gep.constant]);
      expect([row[8], row[10], row[12]]).toEqual(['provisioning', 'regulating', 'cultural'].map((c) => a.categories[c].current));
      expect(row[3]).toBeCloseTo(Number(a.gep.current) / 1e8, 9);
    });
    const detail = wb.getWorksheet('Detail')!;
    const head = (detail.getRow(1).values as unknown[]).slice(1);
    expect(head.slice(0, 3)).toEqual(['Indicator', 'Indicator id', 'Level']);
    const rows = resultRows(run);
    expect(detail.rowCount).toBe(rows.length + 1);
    const gepRows = rows.map((r, n) => [r, n] as const).filter(([r]) => r.indicator === 'gep');
    const exact = head.indexOf('Money value (CNY, exact)') + 1;
    for (const [r, n] of gepRows) expect(detail.getRow(n + 2).getCell(exact).value).toBe(r.money_value);
    const prov = wb.getWorksheet('Provenance')!;
    expect(prov.getRow(2).values).toEqual([undefined, 'Run id', run.meta.id]);
    const coef = wb.getWorksheet('Coefficients')!;
    expect(coef.getColumn(13).values.some((v) => String(v).includes('白玛卓嘎'))).toBe(true);
  });

  it('has Chinese sheet names and headers in zh', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsxReport(run, 'zh')) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['摘要', '明细', '系数', '来源与版本', '情景', '金融视图']);
  });
});
