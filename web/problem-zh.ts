import type { FieldError } from '../api/problem.ts';
import { type IssueCode, isIssueCode, messageOf, zhMeaningOf } from '../engine/core/issue-codes.ts';
import { esc } from './html.ts';

/**
 * A problem's message in Chinese, for the zh workbench: a full sentence where the English one follows a fixed
 * pattern of the dataset loader (datasets/csv.ts, datasets/xlsx.ts, datasets/row-checks.ts,
 * engine/core/decimal-text.ts) whose every
 * part can be carried over, else the code's zh meaning (engine/core/issue-codes.ts). The English message is shown
 * beneath it either way (web/problems.ts), so nothing it names is lost when a pattern does not match.
 *
 * zod's messages (the API's request and schema checks) are rebuilt the same way from zod's English templates.
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

type Rule = { code: IssueCode | readonly IssueCode[]; re: RegExp; zh: (m: RegExpExecArray) => string };

/** zod's English messages (node_modules/zod/v4/locales/en.js), as the API's request and schema checks word them. */
const ZOD: readonly IssueCode[] = ['request_invalid', 'schema_invalid'];
const TYPE_ZH: Record<string, string> = {
  number: '数值',
  string: '文本',
  boolean: '是/否值',
  array: '列表',
  object: '对象',
  int: '整数',
  bigint: '整数',
  date: '日期',
  null: '空值',
  record: '对象',
};
/** What api's notFound(`<what> "<id>"`) names, in zh. */
const THING_ZH: Record<string, string> = {
  run: '运行',
  dataset: '数据集',
  scenario: '情景',
  model: '模型',
  'model version': '模型版本',
  coefficient: '系数',
  asset: '资产',
  'carbon factor set': '碳排放因子集',
  'factor set version': '排放因子集版本',
};
const typeZh = (t: string) => TYPE_ZH[t] ?? c(t);
const BOUND_ZH: Record<string, string> = { '<=': '不超过', '<': '少于', '>=': '不少于', '>': '多于', 'exactly ': '恰为' };
const SIZE_ZH: Record<string, string> = { characters: '个字符', items: '项', entries: '项', bytes: '字节', elements: '项' };
const VALUE_ZH: Record<string, string> = { '<=': '≤', '<': '<', '>=': '≥', '>': '>', 'exactly ': '=' };

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
    re: /^(\d+) is not among the (manifest|dataset)'s years \((.*)\)$/,
    zh: (m) => `${c(m[1]!)} 年不在${m[2] === 'manifest' ? '数据集清单所列年份' : '数据集的年份'}中（${c(m[3]!)}）`,
  },
  {
    code: 'duplicate_row',
    re: /^duplicate of (?:line (\d+)|an earlier row) \((.*)\)$/,
    zh: (m) => `重复行：与${m[1] ? `第 ${m[1]} 行` : '前面某行'}相同（${c(m[2]!)}）`,
  },
  { code: 'unit_missing', re: /^(\S+) needs its unit \((.+)\)$/, zh: (m) => `${c(m[1]!)} 须填写计量单位（${c(m[2]!)}）` },
  {
    code: 'unit_mismatch',
    // the unit expected is the model's (no `; "` in it); what was written is the user's cell and may hold anything
    re: /^(\S+) is in (.+?); "(.*)" cannot be converted to it$/,
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
  {
    code: 'not_found',
    re: /^(run|dataset|scenario|model|model version|coefficient|asset|carbon factor set|factor set version) "(.*)" does not exist$/,
    zh: (m) => `${THING_ZH[m[1]!]} ${c(m[2]!)} 不存在`,
  },
  {
    code: ZOD,
    re: /^Invalid input: expected (\w+), received (\w+)$/,
    zh: (m) => (m[2] === 'undefined' ? `必填项未填写（应为${typeZh(m[1]!)}）` : `类型不符：应为${typeZh(m[1]!)}，实为${typeZh(m[2]!)}`),
  },
  { code: ZOD, re: /^Invalid option: expected one of (.+)$/, zh: (m) => `选项无效：应为以下之一：${c(m[1]!)}` },
  { code: ZOD, re: /^Invalid input: expected (.+)$/, zh: (m) => `输入无效：应为 ${c(m[1]!)}` },
  {
    code: ZOD,
    re: /^Too (?:big|small): expected (\w+) to have (<=|<|>=|>|exactly )(\S+) (characters|items|entries|bytes|elements)$/,
    zh: (m) => `${typeZh(m[1]!)}应${BOUND_ZH[m[2]!]} ${esc(m[3]!)} ${SIZE_ZH[m[4]!]}`,
  },
  {
    code: ZOD,
    re: /^Too (?:big|small): expected (\w+) to be (<=|<|>=|>|exactly )(\S+)$/,
    zh: (m) => `${typeZh(m[1]!)}应 ${VALUE_ZH[m[2]!]} ${c(m[3]!)}`,
  },
  { code: ZOD, re: /^Unrecognized keys?: (.+)$/, zh: (m) => `无法识别的字段：${c(m[1]!)}` },
  { code: ZOD, re: /^Invalid input$/, zh: () => '输入无效' },
];

/** The zh message of one problem of a list. */
export function zhMessage(e: Pick<FieldError, 'code' | 'message'>): ZhMessage {
  // a code this build does not register (a stored run's error from another version): no meaning to look up, the
  // English beneath says it
  if (!isIssueCode(e.code)) return { html: '问题说明见下方英文原文', kind: 'meaning' };
  // the registry's own generic message: its zh meaning says all of it
  if (e.message === messageOf(e.code)) return { html: esc(zhMeaningOf(e.code)), kind: 'sentence' };
  for (const r of RULES) {
    if (!(Array.isArray(r.code) ? r.code.includes(e.code) : r.code === e.code)) continue;
    const m = r.re.exec(e.message);
    if (m) return { html: r.zh(m), kind: 'sentence' };
  }
  return { html: esc(zhMeaningOf(e.code)), kind: 'meaning' };
}
