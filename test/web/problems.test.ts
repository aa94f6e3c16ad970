import { describe, expect, it } from 'vitest';
import { Problem } from '../../api/problem.ts';
import { problemBox } from '../../web/problems.ts';

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
  it('in en it keeps the detail; a problem with no list keeps its detail in both languages', () => {
    expect(summary(problemBox(three, 'en'))).toBe('Problems found: The dataset has 3 problems');
    const none = new Problem('not_found', 'The run is still computing', []);
    expect(summary(problemBox(none, 'zh'))).toBe('发现以下问题: The run is still computing');
  });
});
