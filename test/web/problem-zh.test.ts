import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { headerFits } from '../../datasets/csv.ts';
import { DEFAULT_DATASET, loadDataset } from '../../datasets/load.ts';
import { readDecimal } from '../../engine/core/decimal-text.ts';
import { type Issue, IssuesError } from '../../engine/core/errors.ts';
import { ISSUE_CODES } from '../../engine/core/issue-codes.ts';
import { loadModel } from '../../models/load.ts';
import { zhMessage } from '../../web/problem-zh.ts';

/** The sample with one mistake of each kind the dataset loader words by a fixed pattern, and the issues it reports. */
const tmp = mkdtempSync(join(tmpdir(), 'gep-problem-zh-'));
function loaderIssues(): Issue[] {
  const dir = join(tmp, 'd');
  cpSync(DEFAULT_DATASET, dir, { recursive: true });
  const edit = (file: string, f: (lines: string[]) => void) => {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    f(lines);
    writeFileSync(join(dir, file), lines.join('\n'));
  };
  edit('extent.csv', (l) => {
    l[1] = l[1]!.replace(',9000,', ',-9000,');
    l[2] = l[2]!.replace(',17500,', ',12a,');
    l[3] = l[3]!.replace('tianfu,', 'tianfoo,');
    l[4] = l[4]!.replace(',2020,', ',20x0,');
    l[5] = l[5]!.replace(',2020,', ',1999,');
    l[7] = l[7]!.replace('water_body', 'wetland');
  });
  edit('observations.csv', (l) => {
    l[3] = l[3]!.replace('broadleaf_forest', 'bamboo_jungle');
    l[4] = l[4]!.replace('mixed_forest', 'mixed_forst');
    l[5] = l[5]!.replace(',mm,', ',kg,');
    l[6] = l[6]!.replace(',mm,', ',,');
    l[8] = `${l[8]},one cell too many`;
  });
  // economy.csv without its unit column
  edit('economy.csv', (l) => {
    for (const [n, line] of l.entries()) l[n] = line.replace(/^((?:[^,]*,){4})[^,]*,/, '$1');
  });
  try {
    loadDataset(dir, loadModel('cn-gep-2022'));
  } catch (e) {
    if (e instanceof IssuesError) return e.issues;
    throw e;
  }
  throw new Error('the broken copy loaded');
}
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Each code's zh sentence, as HTML: the values of the English message in <code>. */
const WANT: Record<string, string[]> = {
  column_missing: ['缺少必填列 <code>unit</code>（本表的列为：<code>region, year, variable, value, unit, source</code>）'],
  below_minimum: ['<code>-9000</code> 低于 <code>area</code> 的下限 <code>0</code>'],
  not_a_number: [
    '<code>&quot;12a&quot;</code> 不是数值：请填写普通十进制数，如 <code>1234.5</code> 或 <code>1.2e-3</code>（不加千位分隔符，不用分数）',
  ],
  region_unknown: ['地区 <code>tianfoo</code> 不在数据集清单所列地区中（<code>tianfu</code>）'],
  not_a_year: ['<code>20x0</code> 不是有效的年份'],
  year_unknown: ['<code>1999</code> 年不在数据集清单所列年份中（<code>2020, 2021, 2022</code>）'],
  duplicate_row: ['重复行：与第 7 行相同（<code>tianfu, 2020, wetland</code>）'],
  key_unknown: [
    '<code>ecosystem_type</code> 中没有键 <code>bamboo_jungle</code>',
    '<code>ecosystem_type</code> 中没有键 <code>mixed_forst</code>（是否应为 <code>&quot;mixed_forest&quot;</code>？）',
  ],
  unit_mismatch: ['<code>evapotranspiration</code> 的计量单位为 <code>mm</code>，所填单位 <code>kg</code> 无法换算为该单位'],
  unit_missing: ['<code>evapotranspiration</code> 须填写计量单位（<code>mm</code>）'],
  cell_count: ['此行有 8 个单元格，而表头有 7 列'],
};

describe('zh problem messages (web/problem-zh.ts)', () => {
  it('the dataset loader’s own messages become full zh sentences carrying every value they name', () => {
    const issues = loaderIssues();
    const got: Record<string, string[]> = {};
    for (const i of issues) {
      const zh = zhMessage(i);
      expect(zh.kind, i.message).toBe('sentence');
      (got[i.code] ??= []).push(zh.html);
    }
    expect(got).toEqual(WANT);
  });

  it('the number reader’s and the header check’s messages too', () => {
    const zhOf = (r: ReturnType<typeof readDecimal>) => (r.ok ? '' : zhMessage(r).html);
    expect(zhOf(readDecimal('1.23456789012345678901234567890123456789'))).toBe(
      '<code>&quot;1.2345678901234567890123…&quot; (40 characters)</code> 有 39 位有效数字，最多只能精确保存 34 位：请先修约',
    );
    expect(zhOf(readDecimal('1'.repeat(500)))).toMatch(/^<code>[^<]+<\/code> 超过数值允许的最大长度（\d+ 个字符）$/);
    const issues: Issue[] = [];
    headerFits(
      'extent.csv',
      ['region', 'year', 'year', 'area', 'ecosystem_type', 'area_ha'],
      ['region', 'year', 'ecosystem_type', 'area_ha'],
      issues,
    );
    expect(issues.map((i) => zhMessage(i).html)).toEqual([
      '列 <code>area</code> 不属于此表（本表的列为：<code>region, year, ecosystem_type, area_ha</code>）',
      '列 <code>year</code> 出现了两次',
    ]);
  });

  it('the run form’s year outside the dataset (api: the dataset’s years)', () => {
    expect(zhMessage({ code: 'year_unknown', message: "1999 is not among the dataset's years (2020, 2021, 2022)" }).html).toBe(
      '<code>1999</code> 年不在数据集的年份中（<code>2020, 2021, 2022</code>）',
    );
  });

  it('a stored thing that does not exist (api notFound)', () => {
    const zh = (message: string) => zhMessage({ code: 'not_found', message });
    expect(zh('run "nonexistent" does not exist')).toEqual({ kind: 'sentence', html: '运行 <code>nonexistent</code> 不存在' });
    expect(zh('carbon factor set "cn-2099" does not exist').html).toBe('碳排放因子集 <code>cn-2099</code> 不存在');
    expect(zh('the moon does not exist').kind).toBe('meaning');
  });

  it('a workbook’s cell outside the header', () => {
    const zh = (message: string) => zhMessage({ code: 'cell_count', message });
    expect(zh('a value in column H, which has no header (every column of the table is named in row 1)').html).toBe(
      '<code>H</code> 列有值，但该列没有列名（表中每一列都须在第 1 行写明列名）',
    );
    expect(zh('a value in column C: the sheet has two columns, key and value').html).toBe(
      '<code>C</code> 列有值：此工作表只有 <code>key</code> 和 <code>value</code> 两列',
    );
  });

  it('zod’s messages (the API’s request and schema checks) become zh sentences', () => {
    const zhOf = (schema: z.ZodType, value: unknown) =>
      schema.safeParse(value).error!.issues.map((i) => [i.path.join('.'), zhMessage({ code: 'request_invalid', message: i.message }).html]);
    const body = z.strictObject({
      kind: z.enum(['gep', 'dual']),
      years: z.array(z.number()).max(3),
      name: z.string().min(1),
      seed: z.number(),
      fixed: z.literal('x'),
    });
    expect(zhOf(body, { kind: 'nonsense', years: [1, 2, 3, 4], name: '', fixed: 'y', extra: 1 })).toEqual([
      ['kind', '选项无效：应为以下之一：<code>&quot;gep&quot;|&quot;dual&quot;</code>'],
      ['years', '列表应不超过 3 项'],
      ['name', '文本应不少于 1 个字符'],
      ['seed', '必填项未填写（应为数值）'],
      ['fixed', '输入无效：应为 <code>&quot;x&quot;</code>'],
      ['', '无法识别的字段：<code>&quot;extra&quot;</code>'],
    ]);
    expect(zhOf(z.array(z.number().min(1900).max(2100)), [1800, 2200, 'x'])).toEqual([
      ['0', '数值应 ≥ <code>1900</code>'],
      ['1', '数值应 ≤ <code>2100</code>'],
      ['2', '类型不符：应为数值，实为文本'],
    ]);
  });

  it('a message of no known pattern gets the code’s zh meaning; the registry’s generic message is its zh meaning', () => {
    expect(zhMessage({ code: 'unit_mismatch', message: 'tCO2 cannot be read as kWh here' })).toEqual({
      html: '单位无法换算为所需单位',
      kind: 'meaning',
    });
    // a value is escaped: the meaning, and a captured part of the English, never carry markup into the page
    expect(zhMessage({ code: 'not_a_year', message: '"<b>" is not a year' }).html).toBe('<code>&lt;b&gt;</code> 不是有效的年份');
    expect(zhMessage({ code: 'manifest_missing', message: ISSUE_CODES.manifest_missing.message })).toEqual({
      html: ISSUE_CODES.manifest_missing.zh,
      kind: 'sentence',
    });
  });
});

describe('zh problem messages: user text in the English', () => {
  it('puts a unit cell holding `; "` in the slot of what was written, not in the unit expected', () => {
    // datasets/row-checks.ts: `${name} is in ${to.text}; "${text}" cannot be converted to it`, text as the cell holds it
    expect(zhMessage({ code: 'unit_mismatch', message: 'evapotranspiration is in mm; "k; "g" cannot be converted to it' }).html).toBe(
      '<code>evapotranspiration</code> 的计量单位为 <code>mm</code>，所填单位 <code>k; &quot;g</code> 无法换算为该单位',
    );
  });

  it('escapes every part it carries over, the bound of a size among them', () => {
    const html = zhMessage({
      code: 'request_invalid',
      message: 'Too big: expected string to have <=<img/src/onerror=alert(1)> characters',
    }).html;
    expect(html).not.toContain('<img');
  });

  it('does not throw on a code this build does not register (a stored run’s error from another version)', () => {
    const e = { code: 'renamed_since' as never, message: 'an older message' };
    expect(() => zhMessage(e)).not.toThrow();
    expect(zhMessage(e).kind).toBe('meaning');
  });
});
