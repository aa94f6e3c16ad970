import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { Dec } from '../../engine/core/decimal.ts';
import { gep } from '../helpers/gep-cli.ts';

const out = mkdtempSync(join(tmpdir(), 'gep-start-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm start ends with reports a person opens', () => {
  it('package.json start writes the zh HTML and XLSX reports of the GEP, dual and carbon accounts and prints their paths', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.scripts.start).toBe('node dist/gep.mjs account && node dist/gep.mjs carbon all --report zh');
    // the start job's two commands, in-process, into a temporary folder
    const account = await gep('account', '-o', out);
    expect(account.status, account.stderr).toBe(0);
    const carbon = await gep('carbon', 'all', '--report', 'zh', '-o', out);
    expect(carbon.status, carbon.stderr).toBe(0);
    const paths = [...carbon.stdout.matchAll(/^report: (.+)$/gm)].map((m) => m[1]!);
    expect(paths.map((p) => p.split('/').at(-1))).toEqual(['report-zh.html', 'report-zh.xlsx']);
    for (const p of paths) expect(existsSync(p), p).toBe(true);
    // the HTML is the Chinese report, with the GEP, dual and carbon sections
    const html = readFileSync(paths[0]!, 'utf8');
    expect(html).toMatch(/<html lang="zh/);
    expect(html).toContain('生态');
    for (const id of ['<section id="dual"', '<section id="carbon"']) expect(html).toContain(id);
    // the XLSX's GEP total is result.json's (the account's run folder), exactly and as a number
    const dir = account.stdout.match(/written to (\S+) /)![1]!;
    const json = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(paths[1]!) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['摘要', '明细', 'GEP与GDP', '碳排放']));
    const summary = wb.getWorksheet('摘要')!;
    const head = (summary.getRow(1).values as unknown[]).map(String);
    const [v, x] = [head.indexOf('GEP（当年价，亿元）'), head.indexOf('GEP（当年价，元，精确值）')];
    json.accounts.forEach((a: { year: number; gep: { current: string } }, n: number) => {
      const row = summary.getRow(n + 2);
      expect(row.getCell(x).value).toBe(a.gep.current);
      expect((row.getCell(v).value as number).toFixed(2)).toBe(new Dec(a.gep.current).div(1e8).toFixed(2));
    });
    // 2022 at current prices: 212.78 ×10⁸ CNY (the README's npm start table)
    expect((summary.getRow(json.accounts.length + 1).getCell(v).value as number).toFixed(2)).toBe('212.78');
  }, 240_000);

  it('--report takes zh or en only', async () => {
    const bad = await gep('carbon', 'all', '--report', 'fr', '-o', out);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--report must be zh or en, not "fr"');
  }, 120_000);
});
