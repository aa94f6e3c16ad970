import { describe, expect, it } from 'vitest';
import { Problem } from '../../api/problem.ts';
import { problemBox } from '../../web/problems.ts';
import { problemSummary } from '../../web/views/scenario-form.ts';

const three = new Problem('schema_invalid', 'The dataset has 3 problems', [
  { field: 'file', file: 'extent.csv', row: 3, column: 'area_ha', message: 'not a number', code: 'not_a_number' },
  { field: 'file', file: 'extent.csv', row: 5, column: 'year', message: 'year out of range', code: 'not_a_year' },
  { file: 'dataset.yaml', field: 'regions', message: 'unknown region', code: 'schema_invalid' },
]);
const summary = (html: string) => /<p><strong>([\s\S]*?)<\/p>/.exec(html)![1]!.replace(/<[^>]+>/g, '');

describe('the problem box', () => {
  it('in zh, the summary line over the table is Chinese (how many problems), not the API’s English detail', () => {
    const zh = problemBox(three, 'zh');
    expect(summary(zh)).toBe('发现以下问题：共 3 处，逐项见下表');
    expect(zh).not.toContain('The dataset has 3 problems');
    expect(zh.match(/<tr><td>/g)).toHaveLength(3);
  });
  it('in zh every row’s message is Chinese (a sentence, or the code’s meaning), the English kept beneath it (lang="en")', () => {
    const zh = problemBox(three, 'zh');
    const cells = [
      ...zh.matchAll(/<td><span class="msg-zh" data-zh="(\w+)">(.*?)<\/span><span class="msg-en" lang="en">(.*?)<\/span><\/td>/g),
    ];
    expect(cells.map((m) => [m[1], m[2], m[3]])).toEqual([
      ['meaning', '不是有效的十进制数值', 'not a number'],
      ['meaning', '不是有效的年份', 'year out of range'],
      ['meaning', '模型、清单、情景、排放因子集或规格不符合其格式要求；路径指出出错的字段', 'unknown region'],
    ]);
    // en pages unchanged: the API's sentence alone
    expect(problemBox(three, 'en')).toContain('<td>not a number</td>');
    expect(problemBox(three, 'en')).not.toContain('msg-zh');
  });
  it('in en it keeps the detail; a problem with no list says its code’s meaning in zh, the detail beneath', () => {
    expect(summary(problemBox(three, 'en'))).toBe('Problems found: The dataset has 3 problems');
    const none = new Problem('not_found', 'The run is still computing', []);
    expect(summary(problemBox(none, 'en'))).toBe('Problems found: The run is still computing');
    const zh = problemBox(none, 'zh');
    expect(summary(zh)).toBe('发现以下问题：所指的模型、排放因子集、数据集、情景、运行、系数或路由不存在');
    expect(zh).toContain('<p class="msg-en" lang="en">The run is still computing</p>');
  });
  it('the scenario builder’s summary of a save says a coded problem in zh too; one without a code as it is', () => {
    const zh = problemSummary(
      [
        {
          section: 'coefficients',
          row: 0,
          field: 'value',
          code: 'request_invalid',
          message: 'Invalid input: expected number, received string',
        },
        { field: 'name', message: 'a form-only note' },
      ],
      'zh',
    );
    expect(zh).toContain(
      '<span class="msg-zh" data-zh="sentence">类型不符：应为数值，实为文本</span><span class="msg-en" lang="en">Invalid input: expected number, received string</span>',
    );
    expect(zh).toContain('<td>a form-only note</td>');
    expect(problemSummary([{ field: 'value', code: 'request_invalid', message: 'm' }], 'en')).toContain('<td>m</td>');
  });
});
