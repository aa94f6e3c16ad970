/**
 * The park-city account end to end (issue 15 items 1 and 4): `gep account -m park-city-gep-2023 -d
 * datasets/tianfu-park-city`, `gep explain` of an urban service, `gep validate`, and the HTML and XLSX reports
 * like the national one, in zh and en.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runAccount } from '../../lib/run.ts';
import { htmlReport } from '../../reports/html.ts';
import { xlsxReport } from '../../reports/xlsx.ts';
import { gep } from '../helpers/gep-cli.ts';

const DS = resolve(import.meta.dirname, '../../datasets/tianfu-park-city');
const M = ['-m', 'park-city-gep-2023', '-d', DS];

describe('park-city account on the CLI', () => {
  it('gep account prints the urban services, writes the run folder, and twice gives the same bytes', async () => {
    const out = mkdtempSync(join(tmpdir(), 'gep-park-run-'));
    const a = await gep('account', ...M, '-o', out);
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    for (const s of ['heat_island_mitigation', 'stormwater_regulation', 'noise_reduction', 'recreation', 'landscape_premium'])
      expect(a.stdout).toContain(s);
    expect(a.stdout).toContain('[ILLUSTRATIVE DATA]');
    const id = /run ([0-9a-f]{16})/.exec(a.stdout)![1]!;
    const first = readFileSync(join(out, id, 'results.csv'), 'utf8');
    expect(first).toContain('noise_reduction,service,regulating,tianfu-core,2022');
    expect(first).toContain('dBA');
    const out2 = mkdtempSync(join(tmpdir(), 'gep-park-run-'));
    await gep('account', ...M, '-o', out2);
    expect(readFileSync(join(out2, id, 'results.csv'), 'utf8')).toBe(first);
    expect(readFileSync(join(out2, id, 'result.json'), 'utf8')).toBe(readFileSync(join(out, id, 'result.json'), 'utf8'));
  });

  it('gep explain follows an urban service down to its sourced coefficients', async () => {
    const r = await gep('explain', 'stormwater_regulation', ...M, '-r', 'tianfu-core', '-y', '2022');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('stormwater_regulation.money');
    expect(r.stdout).toContain('green_retention');
    expect(r.stdout).toContain('impervious_runoff_coefficient');
    expect(r.stdout).toMatch(/park_green 1,540/);
  });

  it('gep validate finds nothing wrong with the dataset for the model', async () => {
    const r = await gep('validate', DS, '-m', 'park-city-gep-2023');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('gep models lists the park-city model', async () => {
    const r = await gep('models');
    expect(r.stdout).toContain('park-city-gep-2023');
  });
});

describe('park-city reports', () => {
  const run = runAccount({ model: 'park-city-gep-2023', dataset: DS });
  it('HTML in zh and en: every section of the national report, the urban services named in both languages', () => {
    const zh = htmlReport(run, 'zh');
    for (const id of ['summary', 'categories', 'services', 'decomposition', 'extent', 'finance', 'appendix'])
      expect(zh).toContain(`<section id="${id}">`);
    expect(zh).toContain('城市热岛缓解');
    expect(zh).toContain('雨洪调蓄');
    expect(zh).toContain('噪声消减');
    expect(zh).toContain('公园绿地');
    expect(zh).toContain('陈龙'); // a coefficient source in the appendix
    const en = htmlReport(run, 'en');
    expect(en).toContain('Urban heat-island mitigation');
    expect(en).toContain('Street trees');
    expect(htmlReport(run, 'zh')).toBe(zh);
  });

  it('XLSX: the summary and detail sheets carry the urban services', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await xlsxReport(run, 'en')) as unknown as ArrayBuffer);
    const names = book.worksheets.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(['Summary', 'Detail', 'Coefficients', 'Provenance']));
    const text = (name: string) =>
      book
        .getWorksheet(name)!
        .getSheetValues()
        .flat()
        .map((v) => String(v ?? ''))
        .join('|');
    expect(text('Detail')).toContain('noise_reduction');
    expect(text('Coefficients')).toContain('noise_attenuation');
  });
});
