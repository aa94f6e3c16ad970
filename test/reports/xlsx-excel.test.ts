import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../engine/core/decimal.ts';
import { runCarbon } from '../../lib/carbon-run.ts';
import { dualRows, runDual } from '../../lib/dual.ts';
import { carbonRows } from '../../lib/carbon-rows.ts';
import { renderReport, reportDoc } from '../../reports/render.ts';
import { resultJson } from '../../reports/result-json.ts';
import { resultRows } from '../../reports/results-csv.ts';
import { RUN_KINDS } from '../../runs/registry.ts';

// The workbook an analyst opens in Excel: the sample's GEP, dual and carbon accounts (what `npm start` writes).
const dual = runDual({});
const account = dual.gep;
const json = JSON.parse(resultJson(account));
const books: Record<'zh' | 'en', ExcelJS.Workbook> = { zh: new ExcelJS.Workbook(), en: new ExcelJS.Workbook() };
let carbon: Awaited<ReturnType<typeof runCarbon>>;

beforeAll(async () => {
  carbon = await runCarbon({});
  const doc = reportDoc([RUN_KINDS.dual.report!(dual as never), RUN_KINDS.carbon.report!(carbon as never)]);
  for (const lang of ['zh', 'en'] as const) await books[lang].xlsx.load((await renderReport('xlsx', doc, lang)) as never);
}, 120_000);

const heads = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1).map(String);
const col = (ws: ExcelJS.Worksheet, head: string) => {
  const n = heads(ws).indexOf(head);
  if (n < 0) throw new Error(`${ws.name}: no column "${head}" in ${heads(ws).join(' | ')}`);
  return n + 1;
};
const body = (ws: ExcelJS.Worksheet) => ws.getRows(2, ws.rowCount - 1) ?? [];

describe('XLSX for Excel users', () => {
  it('numbers are numbers, each beside a hidden column with the exact text of the result', () => {
    const ws = books.en.getWorksheet('Summary')!;
    const value = col(ws, 'GEP (current prices, 10⁸ CNY)');
    const exact = col(ws, 'GEP (current prices, CNY, exact)');
    expect(exact).toBe(value + 1);
    expect(ws.getColumn(exact).hidden).toBe(true);
    expect(ws.getColumn(value).hidden).toBe(false);
    json.accounts.forEach((a: { year: number; gep: { current: string } }, n: number) => {
      const row = ws.getRow(n + 2);
      expect(row.getCell(col(ws, 'Year')).value).toBe(a.year);
      expect(typeof row.getCell(value).value).toBe('number');
      expect(row.getCell(value).numFmt).toBe('#,##0.00');
      expect(row.getCell(exact).value).toBe(a.gep.current);
      // display only: the number is the exact value in 10⁸ CNY to double precision
      expect(new Dec(row.getCell(value).value as number).minus(new Dec(a.gep.current).div(1e8)).abs().lt('1e-9')).toBe(true);
    });
    // the detail sheet: every money value is a number, its hidden exact text is the results.csv text, row for row
    const detail = books.en.getWorksheet('Detail')!;
    const rows = resultRows(account);
    expect(detail.rowCount).toBe(rows.length + 1);
    const [m, mx, p, px] = [
      col(detail, 'Money value (10⁸ CNY)'),
      col(detail, 'Money value (CNY, exact)'),
      col(detail, 'Physical quantity'),
      col(detail, 'Physical quantity (exact)'),
    ];
    rows.forEach((r, n) => {
      const row = detail.getRow(n + 2);
      expect(row.getCell(mx).value ?? '').toBe(r.money_value);
      expect(row.getCell(px).value ?? '').toBe(r.physical_value);
      if (r.money_value) expect(typeof row.getCell(m).value).toBe('number');
      if (r.physical_value) expect(typeof row.getCell(p).value).toBe('number');
    });
    expect([mx, px].map((c) => detail.getColumn(c).hidden)).toEqual([true, true]);
    // the carbon sheet's exact column is carbon.json's text
    const cs = books.en.getWorksheet('Carbon')!;
    const crow = carbonRows(carbon);
    expect(cs.rowCount).toBe(crow.length + 1);
    const cx = col(cs, 'Physical quantity (exact)');
    crow.forEach((r, n) => {
      expect(cs.getRow(n + 2).getCell(cx).value ?? '').toBe(r.physical_value);
    });
  });

  it('quantities show 4 significant figures by their format', () => {
    const dualSheet = books.en.getWorksheet('GEP and GDP')!;
    const p = col(dualSheet, 'Physical quantity');
    const fmt = (pred: (v: number) => boolean) =>
      body(dualSheet)
        .find((r) => typeof r.getCell(p).value === 'number' && pred(r.getCell(p).value as number))!
        .getCell(p).numFmt;
    // 4 significant figures: 1,578 → no decimals; 662.8 → 1 decimal; 0.06031 (GEP/GDP) → 5 decimals
    expect(fmt((v) => v >= 1000)).toBe('#,##0');
    expect(fmt((v) => v >= 100 && v < 1000)).toBe('#,##0.0');
    expect(fmt((v) => v >= 0.01 && v < 0.1)).toBe('#,##0.00000');
  });

  it('SUM of a money column in Excel gives the exact total to display precision', () => {
    // GEP 2022 at current prices = Σ services − adjustments; sum the service rows' numbers as Excel would (SUM over
    // doubles) and compare with result.json's exact GEP: 212.78 (10⁸ CNY) in the README's npm start table
    const detail = books.en.getWorksheet('Detail')!;
    const [ind, year, level, basis, money] = ['Indicator id', 'Year', 'Level', 'Prices', 'Money value (10⁸ CNY)'].map((h) =>
      col(detail, h),
    );
    const pick = (lvl: string) =>
      body(detail).filter(
        (r) => r.getCell(year!).value === 2022 && r.getCell(level!).value === lvl && r.getCell(basis!).value === 'current prices',
      );
    const services = pick('service');
    expect(services.length).toBe(account.model.services.length);
    const sum = services.reduce((s, r) => s + (r.getCell(money!).value as number), 0);
    const gep = new Dec(json.accounts.find((a: { year: number }) => a.year === 2022).gep.current);
    const totalRow = pick('total').find((r) => r.getCell(ind!).value === 'gep')!;
    const adjustments = (totalRow.getCell(money!).value as number) - sum; // 0 when no adjustment is accounted
    expect((sum + adjustments).toFixed(2)).toBe(gep.div(1e8).toFixed(2));
    expect(gep.div(1e8).toFixed(2)).toBe('212.78');
    // the services alone: the exact sum of their exact texts, to display precision
    const exactSum = services.reduce((s, r) => s.plus(new Dec(r.getCell(money! + 1).value as string)), new Dec(0));
    expect(sum.toFixed(2)).toBe(exactSum.div(1e8).toFixed(2));
  });

  it('years are numbers in every sheet, header rows frozen, widths fitted, filters on long tables', () => {
    for (const lang of ['zh', 'en'] as const)
      for (const ws of books[lang].worksheets) {
        expect(ws.views[0], ws.name).toMatchObject({ state: 'frozen', ySplit: 1 });
        ws.eachRow((r, n) => {
          if (n === 1) return;
          r.eachCell((c, k) => {
            if (typeof c.value === 'string' && !ws.getColumn(k).hidden)
              expect(c.value, `${lang} ${ws.name}!${c.address}`).not.toMatch(/^\d{4}$/);
          });
        });
        if (ws.rowCount > 11) expect(ws.autoFilter, ws.name).toBeTruthy();
      }
    // every year column holds numbers: the summary's, the detail's and the carbon sheet's
    for (const [name, head] of [
      ['摘要', '年份'],
      ['明细', '年份'],
      ['明细', '价格年'],
      ['碳排放', '年份'],
      ['GEP与GDP', '年份'],
    ] as const) {
      const ws = books.zh.getWorksheet(name)!;
      const c = col(ws, head);
      for (const r of body(ws)) if (r.getCell(c).value !== null) expect(typeof r.getCell(c).value, `${name} ${head}`).toBe('number');
    }
    // widths: a Chinese name counts double (农业产品 = 4 characters, at least 8 wide)
    const detail = books.zh.getWorksheet('明细')!;
    const wide = (s: string) => [...s].reduce((w, ch) => w + (/[\u4e00-\u9fff\uff00-\uff60]/.test(ch) ? 2 : 1), 0);
    const longest = Math.max(...body(detail).map((r) => wide(String(r.getCell(1).value))));
    expect(longest).toBeGreaterThan(10);
    expect(detail.getColumn(1).width).toBeGreaterThanOrEqual(Math.min(60, longest));
  });

  it('the zh workbook has no English label text and no raw ids where a name exists (visible cells)', () => {
    // units, abbreviations and standards are allowed (as in the HTML test); free text from the data (citations,
    // file names, hashes, the model version, a source's own words) is not a label
    const ALLOWED =
      /^(GEP|GDP|GEEP|ESV|CO₂|tCO₂e?|tCO₂e?\/.*|tce|kWh|km²|m³|m²|ha|t|kg|CPI|PPI|IPCC|LMDI|Kaya|STIRPAT|GPC|BASIC|SO₂|NOₓ|COD|PCAF|TNFD|GB|EOD|N₂O|CH₄|NH₃|TP|kt|MWh|GWh|GJ|TJ|m|km|hm²|CNY|vs|SHA|kJ|J|g|d|tC|h|a|yr|[A-Z])$/;
    const FREE = new Set(['出处', '说明', '模型版本', '核算方法', '内容', '调整对象', '调整内容']);
    const regionIds = new Set(account.dataset.manifest.regions.map((r) => r.id));
    const named = new Set([...account.model.services.map((s) => s.id), ...account.model.categories.map((c) => c.id), 'gep']);
    const sectorIds = new Set(Object.keys(carbon.factors.sectors));
    const english = new Map<string, string>(); // each English word once, with where it was first seen
    const ids: string[] = [];
    for (const ws of books.zh.worksheets) {
      const h = heads(ws);
      ws.eachRow((r) => {
        r.eachCell((c, n) => {
          if (ws.getColumn(n).hidden || FREE.has(h[n - 1]!) || typeof c.value !== 'string') return;
          // a model version (cn-gep-2022@1.0.0) is an identifier, an entity's name is the dataset's own words
          let v = c.value.replace(/[a-z0-9-]+@\d+\.\d+\.\d+/g, '');
          for (const e of carbon.data.entities) v = v.replaceAll(e.name, '');
          for (const w of v.match(/[A-Za-z][A-Za-z₀-₉²³ₓ]*/g) ?? [])
            if (!ALLOWED.test(w) && !english.has(w)) english.set(w, `${ws.name}!${c.address} ${w} in "${v}"`);
          if (regionIds.has(v) || named.has(v) || sectorIds.has(v)) ids.push(`${ws.name}!${c.address} ${v}`);
          for (const part of v.split(/[：；、=]/))
            if (sectorIds.has(part) || regionIds.has(part)) ids.push(`${ws.name}!${c.address} ${part} in "${v}"`);
        });
      });
    }
    expect([...english.values()]).toEqual([]);
    expect(ids.slice(0, 20)).toEqual([]);
    // and the names are there: the region's, a sector's
    const carbonSheet = books.zh.getWorksheet('碳排放')!;
    expect(body(carbonSheet).some((r) => r.getCell(col(carbonSheet, '地区')).value === '天府新区(示例)')).toBe(true);
    expect(body(carbonSheet).some((r) => String(r.getCell(col(carbonSheet, '分项')).value).includes('城镇居民生活'))).toBe(true);
    expect(books.zh.getWorksheet('GEP与GDP')!.rowCount).toBe(dualRows(dual).length + 1);
  });
});
