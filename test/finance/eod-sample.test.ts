import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { str } from '../../engine/core/decimal.ts';
import type { IssuesError } from '../../engine/core/errors.ts';
import { npvBand, npvDrawRange, npvSetup } from '../../engine/finance/eod.ts';
import type { EodRun } from '../../lib/eod.ts';
import { renderReport } from '../../reports/render.ts';
import { runsReport } from '../../runs/report.ts';
import { plan, run } from '../../runs/registry.ts';
import { fileSources } from '../../runs/sources.ts';
import { gep } from '../helpers/gep-cli.ts';
import { readFinanceFile } from '../../lib/eod-project.ts';

// The illustrative greenway EOD project on the sample (datasets/projects/tianfu-greenway-eod.yaml).
let eod: EodRun;
let compare: Awaited<ReturnType<typeof run<'compare'>>>;
beforeAll(async () => {
  eod = await run('eod', { project: 'tianfu-greenway-eod', draws: 200, seed: 11 }, fileSources());
  compare = await run('compare', { scenarios: ['scenarios/greenway.yaml'], baseYear: 2020 }, fileSources());
}, 300_000);

describe('the greenway EOD project on the sample', () => {
  it("its ΔGEP is the scenario comparison's ΔGEP, service by service and year (constant 2020 prices)", () => {
    // the same comparison: the project names it by the compare run's own id
    expect(eod.meta.compare).toBe(compare.meta.id);
    const fromCompare = compare.rows.filter((r) => r.level === 'delta_service' && r.price_basis === 'constant' && r.region === 'tianfu');
    expect(fromCompare.length).toBeGreaterThan(0);
    const a = eod.appraisal;
    for (const r of fromCompare) {
      const d = a.deltas.find((x) => x.service === r.indicator)!;
      const t = a.years.indexOf(Number(r.year));
      if (t < 0) continue; // 2020 is before the project starts
      expect(str(d.delta[t]!), `${r.indicator} ${r.year}`).toBe(r.money_value);
    }
    // after the account's last year (2022) ΔGEP is held (hold_last)
    const rec = a.deltas.find((d) => d.service === 'recreation')!;
    expect(str(rec.delta.at(-1)!)).toBe(str(rec.delta[a.years.indexOf(2022)]!));
    expect(rec.delta[a.years.indexOf(2022)]!.gt(0)).toBe(true);
  });

  it('NPV, IRR and self-balance agree with each other; the band is the draws of its seed, in index order', () => {
    const a = eod.appraisal;
    expect(a.selfBalance!.minus(a.pvRevenue.minus(a.pvOperating).div(a.pvInvestment)).isZero()).toBe(true);
    // NPV = PV revenues − PV operating costs − PV investment
    expect(a.npv.minus(a.pvRevenue.minus(a.pvOperating).minus(a.pvInvestment)).abs().lt('1e-20')).toBe(true);
    expect(a.irr).toBeDefined();
    const again = npvBand(npvDrawRange(npvSetup(eod.project, a), 11, 0, 200), 11);
    expect([again.p5, again.p50, again.p95].map(str)).toEqual([eod.band!.p5, eod.band!.p50, eod.band!.p95].map(str));
    expect(eod.band!.p5.lt(eod.band!.p95)).toBe(true);
  });

  it('its appraisal is in the report: an HTML section and an XLSX sheet, in Chinese and English', async () => {
    const doc = runsReport([{ kind: 'eod', result: eod }]);
    const zh = String(await renderReport('html', doc, 'zh'));
    const en = String(await renderReport('html', doc, 'en'));
    expect(zh).toContain('EOD项目评估');
    expect(zh).toContain('资金自平衡率');
    expect(zh).toContain('示例项目');
    expect(en).toContain('EOD project appraisal');
    expect(en).toContain('The five links');
    expect(en).toContain('Illustrative project');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderReport('xlsx', doc, 'en')) as never);
    const sheet = wb.getWorksheet('EOD project')!;
    expect(sheet).toBeDefined();
    const cells = sheet.getSheetValues().flatMap((r) => (Array.isArray(r) ? r : []));
    expect(cells).toContain(str(eod.appraisal.npv));
    const wbZh = new ExcelJS.Workbook();
    await wbZh.xlsx.load((await renderReport('xlsx', doc, 'zh')) as never);
    expect(wbZh.getWorksheet('EOD项目')).toBeDefined();
  });

  it("the NPV band is explained in the report: its uncertain inputs, their ranges and sources, in the report's language", async () => {
    const doc = runsReport([{ kind: 'eod', result: eod }]);
    const zh = String(await renderReport('html', doc, 'zh'));
    const en = String(await renderReport('html', doc, 'en'));
    // no English words in the Chinese band line
    expect(zh).not.toMatch(/draws, seed/);
    expect(zh).toContain('200次抽样');
    expect(en).toContain('200 draws, seed 11');
    // the inputs drawn: the discount rate 0.05–0.08 and the works' cost multiplier 0.95–1.05–1.3 (triangular), with sources
    for (const html of [zh, en]) {
      expect(html).toMatch(/0\.05<\/td><td[^>]*>–<\/td><td[^>]*>0\.08/);
      expect(html).toMatch(/0\.95<\/td><td[^>]*>1\.05<\/td><td[^>]*>1\.3/);
      expect(html).toContain('cost overrun risk of public works');
    }
    expect(en).toContain('The point NPV is at the amounts as written');
    expect(zh).toContain('点估计NPV');
  });

  it('gep eod refuses a project file with bad fields, all at once, exit 2', async () => {
    const r = await gep('eod', 'test/fixtures/eod/bad-project.yaml', '--draws', '0');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/discount_rate/);
    expect(r.stderr).toMatch(/lines\.0/);
  });

  it('a project given inline as data is the same run as its file; without file access a file name is refused', async () => {
    const raw = readFinanceFile('tianfu-greenway-eod').raw as Record<string, unknown>;
    const inline = await plan('eod', { project: { ...raw, scenario: 'scenarios/greenway.yaml' }, draws: 200, seed: 11 }, fileSources());
    expect(inline.id).toBe(eod.meta.id);
    const noFiles = { ...fileSources(), financeFile: undefined };
    const refused = await plan('eod', { project: 'tianfu-greenway-eod' }, noFiles).catch((e: IssuesError) => e.issues);
    expect(refused).toMatchObject([{ code: 'option_invalid', path: 'project' }]);
  }, 120_000);
});
