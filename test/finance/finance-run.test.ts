import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dec, str } from '../../engine/core/decimal.ts';
import type { FinanceRun } from '../../lib/finance.ts';
import { financeResultRows } from '../../lib/finance-rows.ts';
import { resultRows } from '../../lib/gep-rows.ts';
import { FINANCE_LABELS } from '../../reports/finance-labels.ts';
import { financeRows } from '../../reports/finance.ts';
import { renderReport, reportDoc } from '../../reports/render.ts';
import { plan, RUN_KINDS, run } from '../../runs/registry.ts';
import { fileSources } from '../../runs/sources.ts';
import { gep } from '../helpers/gep-cli.ts';

const sources = fileSources();
let fin: FinanceRun;
beforeAll(async () => {
  fin = await run('finance', { credit: { ratio: '0.25' } }, sources);
});
const tmp: string[] = [];
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

describe('a right beside the GEP service of the same flow, never summed', () => {
  it('2022 carbon sequestration: the GEP service value and each sink credit side by side, the GEP untouched by the rights', async () => {
    const plain = await run('gep', { trace: false }, sources);
    const ry = plain.account.regionYears.find((r) => r.year === 2022)!;
    const sink = ry.services.find((s) => s.id === 'carbon_sequestration')!;
    const pair = fin.sameFlows.find((p) => p.year === 2022 && p.service === 'carbon_sequestration')!;
    // the GEP service as the GEP account values it (145,690,254 CNY in the sample) …
    expect(pair.gep!.money.toString()).toBe(sink.money.toString());
    expect(sink.money.toFixed(0)).toBe('145690254');
    // … beside the rights of the same flow: 碳惠天府 15,000 t × 30 = 450,000; CCER 8,000 t × 35 = 280,000; the forest right
    expect(pair.rights.map((r) => [r.type, r.value.central.toFixed(2)])).toEqual([
      ['carbon_inclusion', '450000.00'],
      ['ccer', '280000.00'],
      ['forest_right', '4046371.39'],
    ]);
    // the CCER of a PV project (gep_service none) describes no ecosystem flow, and the retired credits are not an asset
    expect(pair.rights.some((r) => r.holder === 'bio-pharma-co')).toBe(false);
    // never summed: GEP of the finance run is the plain GEP to the digit, and no row carries service + rights
    expect(fin.gep.account.regionYears.map((r) => str(r.gep.current))).toEqual(plain.account.regionYears.map((r) => str(r.gep.current)));
    expect(resultRows(fin.gep)).toEqual(resultRows(plain));
    const summed = pair.rights.reduce((a, r) => a.plus(r.value.central), pair.gep!.money).toString();
    const rows = financeResultRows(fin);
    expect(rows.some((r) => r.money_value === summed)).toBe(false);
    const sheet = financeRows(fin.gep, 'en', undefined, undefined, undefined, fin);
    expect(sheet.some((r) => r.value.split(' / ').includes(summed))).toBe(false);
    // the sheet shows both, in two rows, and says why they are not added
    const gepRow = sheet.find((r) => r.item === 'fin_same_flow_gep' && r.year === '2022' && r.note.startsWith('Carbon sequestration'))!;
    expect(gepRow.value).toBe(sink.money.toString());
    const rightRows = sheet.filter(
      (r) => r.item === 'fin_same_flow_rights' && r.year === '2022' && r.note.startsWith('Carbon sequestration'),
    );
    expect(rightRows).toHaveLength(3);
    expect(rightRows.every((r) => r.note.includes('never added'))).toBe(true);
  });

  it('rights totals are rights only: Σ of the rights values of a type, with GEP in none of them', () => {
    const ccer = fin.byType.find((t) => t.year === 2022 && t.key === 'ccer')!;
    expect(ccer.value.central.toString()).toBe('350000'); // 280,000 + 2,000 × 35
    const total2022 = fin.valued.filter((v) => v.row.year === 2022 && v.value).reduce((a, v) => a.plus(v.value!.central), dec('0'));
    const sheetTotal = financeRows(fin.gep, 'en', undefined, undefined, undefined, fin).find(
      (r) => r.item === 'fin_rights_total' && r.year === '2022',
    )!;
    expect(sheetTotal.value.split(' / ')[1]).toBe(total2022.toString());
  });
});

describe('the finance run', () => {
  it('GEP-linked credit: 0.25 × GEP 2022 (21,277,646,995.56) = 5,319,411,748.89 CNY, and 0.25 × its marketable part; a point without draws', () => {
    const g = fin.credit.find((c) => c.basis === 'gep')!;
    expect(g.band.central.toFixed(2)).toBe('5319411748.89');
    expect([g.fromMonteCarlo, g.band.low.eq(g.band.high)]).toEqual([false, true]);
    const m = fin.credit.find((c) => c.basis === 'marketable')!;
    const prov = fin.gep.account.regionYears.at(-1)!.categories.get('provisioning')!.current;
    expect(m.band.central.toString()).toBe(prov.mul('0.25').toString());
  });

  it('with draws, the GEP band is the Monte Carlo P5 / P50 / P95 of GEP 2022 and the credit is the ratio × each end', async () => {
    const mc = await run('finance', { credit: { ratio: '0.25', draws: 20, seed: 7 } }, sources);
    const g = mc.credit.find((c) => c.basis === 'gep')!;
    expect(g.fromMonteCarlo).toBe(true);
    expect(g.basisBand.low.lt(g.basisBand.high)).toBe(true);
    for (const k of ['low', 'central', 'high'] as const) expect(g.band[k].toString()).toBe(g.basisBand[k].mul('0.25').toString());
    expect(mc.meta.id).not.toBe(fin.meta.id);
  });

  it('names itself by what changes a number: the price set, the ratio (0.250 = 0.25); the same run twice gives the same bytes', async () => {
    const a = await plan('finance', { credit: { ratio: '0.250' } }, sources);
    expect(a.id).toBe(fin.meta.id);
    expect(a.identity).toMatchObject({
      kind: 'finance',
      rights_prices: 'cn-rights-2022@1.0.0',
      credit: { ratio: '0.25', draws: 0, seed: 1 },
    });
    const b = await plan('finance', { credit: { ratio: '0.3' } }, sources);
    expect(b.id).not.toBe(fin.meta.id);
    const c = await plan('finance', {}, sources);
    expect(c.identity).toMatchObject({ credit: null });
    const again = await run('finance', { credit: { ratio: '0.25' } }, sources);
    expect(RUN_KINDS.finance.files(again)).toEqual(RUN_KINDS.finance.files(fin));
  });

  it('values the ledger and the book of the years accounted only (a 2022 run: no 2021 rights or loans)', async () => {
    const y = await run('finance', { years: [2022] }, sources);
    expect(new Set(y.valued.map((v) => v.row.year))).toEqual(new Set([2022]));
    expect(y.financed.map((f) => f.exposure.year)).toEqual([2022, 2022, 2022]);
    expect(fin.valued.some((v) => v.row.year === 2021)).toBe(true);
  });

  it('a ratio the lender did not give is refused (0, negative, not a number)', async () => {
    await expect(plan('finance', { credit: { ratio: '0' } }, sources)).rejects.toThrow(/not positive/);
    await expect(plan('finance', { credit: { ratio: 'a quarter' } }, sources)).rejects.toThrow(/credit\.ratio/);
  });

  it('the XLSX finance sheet and the green-finance sheet carry the rights, credit band, PCAF and extent rows; the HTML its section', async () => {
    const doc = reportDoc([RUN_KINDS.finance.report!(fin)]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderReport('xlsx', doc, 'zh')) as never);
    const financeSheet = wb.getWorksheet('金融视图')!;
    const items = new Set<string>();
    financeSheet.eachRow((r) => items.add(String(r.getCell(1).value)));
    for (const k of [
      'fin_rights_total',
      'fin_same_flow_gep',
      'fin_same_flow_rights',
      'fin_credit_gep',
      'fin_financed',
      'fin_book_quality',
      'fin_project_delta',
      'fin_extent_change',
    ] as const)
      expect(items.has(FINANCE_LABELS[k].zh), k).toBe(true);
    expect(wb.getWorksheet('绿色金融')!.rowCount).toBe(financeResultRows(fin).length + 1);
    const html = (await renderReport('html', doc, 'en')) as string;
    expect(html).toContain('id="green-finance"');
    expect(html).toContain('Rights beside the GEP service of the same flow (never added)');
  });

  it('every finance label has Chinese and English', () => {
    for (const [k, v] of Object.entries(FINANCE_LABELS)) expect([k, v.zh.length > 0, v.en.length > 0]).toEqual([k, true, true]);
  });
});

describe('gep finance', () => {
  it('writes the run folder with its report; a ratio above 1 is refused with exit 2', async () => {
    const out = mkdtempSync(join(tmpdir(), 'gep-fin-'));
    tmp.push(out);
    const ok = await gep('finance', '--credit-ratio', '0.25', '-o', out);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/financed emissions tianfu 2022: 73,958.50 tCO2e, data quality 1.40/);
    const dir = join(out, fin.meta.id);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toMatch(/never added/);
    const bad = await gep('finance', '--credit-ratio', '2', '-o', out);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--credit-ratio/);
  });
});
