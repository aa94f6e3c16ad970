import type { Lang } from './labels.ts';

/** The labels of the index section, table and sheet (zh and en). */
export const INDEX_LABELS = {
  index: { zh: '生态效能指数', en: 'Ecological-efficiency index' },
  system: { zh: '指标体系', en: 'Indicator system' },
  region: { zh: '区域', en: 'Region' },
  year: { zh: '年份', en: 'Year' },
  composite: { zh: '综合得分', en: 'Composite' },
  rank: { zh: '排名', en: 'Rank' },
  change: { zh: '较上年变化', en: 'Change on previous year' },
  dimension: { zh: '维度', en: 'Dimension' },
  indicator: { zh: '指标', en: 'Indicator' },
  unit: { zh: '单位', en: 'Unit' },
  raw: { zh: '原始值', en: 'Raw value' },
  normalised: { zh: '标准化值', en: 'Normalised' },
  weight: { zh: '权重', en: 'Weight' },
  contribution: { zh: '贡献(分)', en: 'Contribution (points)' },
  light: { zh: '评价', en: 'Light' },
  target: { zh: '目标值', en: 'Target' },
  amber: { zh: '预警值', en: 'Amber' },
  from: { zh: '数据来源', en: 'Value from' },
  coupling: { zh: '耦合协调度', en: 'Coupling coordination' },
  chart: { zh: '各维度得分', en: 'Scores by dimension' },
  points: { zh: '分(0–100)', en: 'points (0–100)' },
  method: { zh: '方法', en: 'Method' },
  weights: { zh: '权重', en: 'Weights' },
  cr: { zh: '一致性比率 CR', en: 'Consistency ratio CR' },
  illustrative: {
    zh: '示例数据:指标值为演示而编造,不得作为事实发布。',
    en: 'Illustrative data: indicator values are made up for demonstration and must not be published as facts.',
  },
  sheet: { zh: '生态效能指数', en: 'Index' },
  green: { zh: '绿', en: 'green' },
  yellow: { zh: '黄', en: 'yellow' },
  red: { zh: '红', en: 'red' },
} as const;
export type IndexLabel = keyof typeof INDEX_LABELS;
export const il = (k: IndexLabel, lang: Lang) => INDEX_LABELS[k][lang];

/** Method names as shown (zh and en). */
export const METHOD_LABELS: Record<string, { zh: string; en: string }> = {
  given: { zh: '给定权重', en: 'given weights' },
  entropy: { zh: '熵权法', en: 'entropy weights' },
  ahp: { zh: '层次分析法', en: 'AHP' },
  weighted_sum: { zh: '加权求和', en: 'weighted sum' },
  topsis: { zh: 'TOPSIS 逼近理想解', en: 'TOPSIS' },
  target: { zh: '目标值法', en: 'against targets' },
  minmax: { zh: '极差标准化', en: 'min–max' },
  zscore: { zh: '标准分数', en: 'standard score' },
};
