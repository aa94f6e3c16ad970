/**
 * Problems in a Chinese terminal: the CLI writes each problem's zh sentence (the workbench's, web/problem-zh.ts)
 * with the English line beneath it when the locale is zh_* or GEP_LANG=zh (cli/problems-zh.ts); English otherwise.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { terminalLang, zhIssues } from '../cli/problems-zh.ts';
import { ISSUES_SHOWN, IssuesError } from '../engine/core/errors.ts';

async function gepIn(lang: 'zh' | 'en' | undefined, ...args: string[]) {
  let err = '';
  const status = await main(args, { out: () => {}, err: (s) => (err += s), ...(lang ? { lang } : {}) });
  return { status, err };
}

describe('problems in the terminal’s language', () => {
  it('GEP_LANG wins; else LC_ALL, LC_MESSAGES, LANG in that order; zh_* is Chinese', () => {
    expect(terminalLang({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(terminalLang({ LANG: 'zh_TW.UTF-8' })).toBe('zh');
    expect(terminalLang({ LANG: 'zh' })).toBe('zh');
    expect(terminalLang({ LANG: 'C.UTF-8' })).toBe('en');
    expect(terminalLang({})).toBe('en');
    expect(terminalLang({ LANG: 'zhx_XX' })).toBe('en');
    expect(terminalLang({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' })).toBe('en');
    expect(terminalLang({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' })).toBe('zh');
    expect(terminalLang({ LANG: 'zh_CN.UTF-8', GEP_LANG: 'en' })).toBe('en');
    expect(terminalLang({ LANG: 'C', GEP_LANG: 'ZH' })).toBe('zh');
    // an unknown GEP_LANG is not a language: the locale decides
    expect(terminalLang({ LANG: 'zh_CN.UTF-8', GEP_LANG: 'fr' })).toBe('zh');
  });

  it('a zh terminal gets the zh sentence with the English line (file, code) beneath; an en one the English alone', async () => {
    const zh = await gepIn('zh', 'account', '-d', '/nonexistent-gep-dataset');
    expect(zh.status).not.toBe(0);
    expect(zh.err).toBe(
      '数据集中有 1 个问题 (1 problem in the dataset):\n' +
        '  - 数据集缺少清单文件 dataset.yaml\n' +
        `    ${zh.err.split('\n')[2]!.trim()}\n`,
    );
    expect(zh.err).toMatch(
      /nonexistent-gep-dataset\/dataset\.yaml: every dataset folder has a dataset\.yaml manifest \[manifest_missing\]\n$/,
    );
    const en = await gepIn(undefined, 'account', '-d', '/nonexistent-gep-dataset');
    expect(en.err).toMatch(/^1 problem in the dataset:\n {2}- .*\[manifest_missing\]\n$/);
    expect(en.err).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('values the English names come through in 「」, not as HTML', () => {
    const e = new IssuesError('dataset', [
      { code: 'column_duplicate', file: 'extent.csv', row: 1, message: 'column "a<&>b" appears twice' },
    ]);
    expect(zhIssues(e)).toBe(
      '数据集中有 1 个问题 (1 problem in the dataset):\n' +
        '  - 列 「a<&>b」 出现了两次\n' +
        '    extent.csv, line 1: column "a<&>b" appears twice [column_duplicate]',
    );
  });

  it('past the shown number, the rest are counted in both languages', () => {
    const many = Array.from({ length: ISSUES_SHOWN + 3 }, (_, n) => ({
      code: 'column_duplicate' as const,
      message: `column "c${n}" appears twice`,
    }));
    expect(zhIssues(new IssuesError('dataset', many)).split('\n').at(-1)).toBe('  … 另有 3 个 (and 3 more)');
  });
});
