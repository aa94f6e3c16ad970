import type { FieldError } from '../api/problem.ts';
import { type IssueCode, messageOf, zhMeaningOf } from '../engine/core/issue-codes.ts';
import { esc } from './html.ts';

/**
 * A problem's message in Chinese, for the zh workbench: a full sentence where the English one follows a fixed
 * pattern of the dataset loader (datasets/csv.ts, datasets/xlsx.ts, datasets/row-checks.ts,
 * engine/core/decimal-text.ts) whose every
 * part can be carried over, else the code's zh meaning (engine/core/issue-codes.ts). The English message is shown
 * beneath it either way (web/problems.ts), so nothing it names is lost when a pattern does not match.
 *
 * Each pattern is anchored and matches one message template as written at its site; what it captures (values,
 * units, keys, column names) goes into <code> unchanged. A template changed at its site no longer matches and the
 * meaning is shown instead: test/web/problem-zh.test.ts pins the patterns against the real loader's messages.
 */
export interface ZhMessage {
  /** HTML: the zh text, with the values the English names in <code> */
  html: string;
  /** 'sentence': every part of the English message is in it; 'meaning': the code's meaning only */
  kind: 'sentence' | 'meaning';
}

const c = (s: string) => `<code>${esc(s)}</code>`;

type Rule = { code: IssueCode; re: RegExp; zh: (m: RegExpExecArray) => string };

const RULES: Rule[] = [
  {
    code: 'column_missing',
    re: /^required column "(.+)" is missing \(columns are: (.+)\)$/,
    zh: (m) => `缺少必填列 ${c(m[1]!)}（本表的列为：${c(m[2]!)}）`,
  },
  {
    code: 'column_unknown',
    re: /^unknown column "(.+)" \(columns are: (.+)\)$/,
    zh: (m) => `列 ${c(m[1]!)} 不属于此表（本表的列为：${c(m[2]!)}）`,
  },
  {
    code: 'cell_count',
    re: /^the row has (\d+) cells, the header (\d+)$/,
    zh: (m) => `此行有 ${m[1]} 个单元格，而表头有 ${m[2]} 列`,
  },
  {
    code: 'cell_count',
    re: /^a value in column ([A-Z]+), which has no header \(every column of the table is named in row (\d+)\)$/,
    zh: (m) => `${c(m[1]!)} 列有值，但该列没有列名（表中每一列都须在第 ${m[2]} 行写明列名）`,
  },
  {
    code: 'cell_count',
    re: /^a value in column ([A-Z]+): the sheet has two columns, key and value$/,
    zh: (m) => `${c(m[1]!)} 列有值：此工作表只有 ${c('key')} 和 ${c('value')} 两列`,
  },
  { code: 'column_duplicate', re: /^column "(.+)" appears twice$/, zh: (m) => `列 ${c(m[1]!)} 出现了两次` },
  {
    code: 'below_minimum',
    re: /^(.+) is below the minimum (\S+) for (\S+)$/,
    zh: (m) => `${c(m[1]!)} 低于 ${c(m[3]!)} 的下限 ${c(m[2]!)}`,
  },
  {
    code: 'above_maximum',
    re: /^(.+) is above the maximum (\S+) for (\S+)$/,
    zh: (m) => `${c(m[1]!)} 高于 ${c(m[3]!)} 的上限 ${c(m[2]!)}`,
  },
  {
    code: 'key_unknown',
    re: /^unknown key of (\w+) "([^"]*)"(?: \(did you mean (.+)\?\))?$/,
    zh: (m) => `${c(m[1]!)} 中没有键 ${c(m[2]!)}${m[3] ? `（是否应为 ${c(m[3])}？）` : ''}`,
  },
  {
    code: 'region_unknown',
    re: /^region "(.*)" is not in the manifest \((.*)\)$/,
    zh: (m) => `地区 ${c(m[1]!)} 不在数据集清单所列地区中（${c(m[2]!)}）`,
  },
  { code: 'not_a_year', re: /^"(.*)" is not a year$/, zh: (m) => `${c(m[1]!)} 不是有效的年份` },
  {
    code: 'year_unknown',
    re: /^(\d+) is not among the manifest's years \((.*)\)$/,
    zh: (m) => `${c(m[1]!)} 年不在数据集清单所列年份中（${c(m[2]!)}）`,
  },
  {
    code: 'duplicate_row',
    re: /^duplicate of (?:line (\d+)|an earlier row) \((.*)\)$/,
    zh: (m) => `重复行：与${m[1] ? `第 ${m[1]} 行` : '前面某行'}相同（${c(m[2]!)}）`,
  },
  { code: 'unit_missing', re: /^(\S+) needs its unit \((.+)\)$/, zh: (m) => `${c(m[1]!)} 须填写计量单位（${c(m[2]!)}）` },
  {
    code: 'unit_mismatch',
    re: /^(\S+) is in (.+); "(.*)" cannot be converted to it$/,
    zh: (m) => `${c(m[1]!)} 的计量单位为 ${c(m[2]!)}，所填单位 ${c(m[3]!)} 无法换算为该单位`,
  },
  {
    code: 'not_a_number',
    re: /^(".*"(?: \(\d+ characters\))?) is not a number: write a plain decimal such as 1234\.5 or 1\.2e-3 \(no thousands separators(, no fractions)?\)$/,
    zh: (m) => `${c(m[1]!)} 不是数值：请填写普通十进制数，如 ${c('1234.5')} 或 ${c('1.2e-3')}（不加千位分隔符${m[2] ? '，不用分数' : ''}）`,
  },
  {
    code: 'number_too_many_digits',
    re: /^(.+) has (\d+) significant digits; at most (\d+) are held exactly: round it$/,
    zh: (m) => `${c(m[1]!)} 有 ${m[2]} 位有效数字，最多只能精确保存 ${m[3]} 位：请先修约`,
  },
  {
    code: 'number_too_long',
    re: /^(.+) is longer than the (\d+) characters a number may have$/,
    zh: (m) => `${c(m[1]!)} 超过数值允许的最大长度（${m[2]} 个字符）`,
  },
];

/** The zh message of one problem of a list. */
export function zhMessage(e: Pick<FieldError, 'code' | 'message'>): ZhMessage {
  // the registry's own generic message: its zh meaning says all of it
  if (e.message === messageOf(e.code)) return { html: esc(zhMeaningOf(e.code)), kind: 'sentence' };
  for (const r of RULES) {
    if (r.code !== e.code) continue;
    const m = r.re.exec(e.message);
    if (m) return { html: r.zh(m), kind: 'sentence' };
  }
  return { html: esc(zhMeaningOf(e.code)), kind: 'meaning' };
}
