import { describe, expect, it } from 'vitest';
import { ISSUE_CODES, type IssueCode, zhMeaningOf } from '../../engine/core/issue-codes.ts';

const CODES = Object.keys(ISSUE_CODES) as IssueCode[];
const CJK = /[\u4e00-\u9fff]/;

describe('every issue code has a zh meaning (the zh workbench’s problem message)', () => {
  it('all of them', () => expect(CODES.length).toBeGreaterThan(150));
  it.each(CODES)('%s: Chinese, not empty, not the English', (code) => {
    const zh = zhMeaningOf(code);
    expect(zh.trim()).not.toBe('');
    expect(zh).toMatch(CJK);
    expect(zh).not.toBe(ISSUE_CODES[code].meaning);
    // a zh meaning is read as a sentence: Chinese, with at most a few Latin words (YAML, GDP, PCAF, dataset.yaml)
    const latin = zh.match(/[A-Za-z]+/g)?.length ?? 0;
    expect(latin, zh).toBeLessThan([...zh].filter((ch) => CJK.test(ch)).length);
  });
});
