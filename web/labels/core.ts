import type { Label } from '../../reports/labels.ts';

/**
 * The workbench's shared words (header, navigation, key box, errors), zh and en. Each page keeps its own
 * words in a file of its own beside this one (web/labels/<page>.ts), typed `Record<string, Label>`, so that
 * TypeScript refuses an entry without both languages.
 */
export const CORE_LABELS = {
  app_title: { zh: 'GEP 核算工作台', en: 'GEP accounting workbench' },
  nav_home: { zh: '首页', en: 'Home' },
  nav_datasets: { zh: '数据集', en: 'Datasets' },
  nav_run: { zh: '核算', en: 'Run' },
  nav_runs: { zh: '运行记录', en: 'Runs' },
  nav_scenarios: { zh: '情景', en: 'Scenarios' },
  nav_compare: { zh: '情景比较', en: 'Compare' },
  nav_api: { zh: 'API 文档', en: 'API docs' },
  lang_switch: { zh: 'English', en: '中文' },
  lang_switch_label: { zh: '切换语言', en: 'Switch language' },
  key_label: { zh: 'API 密钥（仅保存在本浏览器会话中）', en: 'API key (kept for this browser session only)' },
  key_save: { zh: '保存密钥', en: 'Use key' },
  key_forget: { zh: '清除密钥', en: 'Forget key' },
  key_saved: { zh: '已使用密钥', en: 'Key in use' },
  key_none: { zh: '未输入密钥', en: 'No key entered' },
  loading: { zh: '加载中…', en: 'Loading…' },
  skip_to_content: { zh: '跳到正文', en: 'Skip to content' },
  problems: { zh: '发现以下问题', en: 'Problems found' },
  problems_count: { zh: '共 {n} 处，逐项见下表', en: '{n} problems, each in the table below' },
  problem_file: { zh: '文件', en: 'File' },
  problem_row: { zh: '行', en: 'Row' },
  problem_column: { zh: '列', en: 'Column' },
  problem_message: { zh: '问题', en: 'Problem' },
  problems_omitted: { zh: '另有 {n} 个问题未列出', en: '{n} more problems not listed' },
  home_intro: {
    zh: '在这里载入数据、选择模型与方法、构建情景并核算 GEP 与碳账户；点击任何数字即可查看其公式、输入与系数来源。',
    en: 'Load your data, choose a model and method, build scenarios and account GEP and carbon here; click any figure to see its formula, inputs and sourced coefficients.',
  },
  home_step_dataset: {
    zh: '1. 选择或上传数据集（CSV 文件夹或 XLSX 工作簿）',
    en: '1. Choose or upload a dataset (a CSV folder or an XLSX workbook)',
  },
  home_step_run: { zh: '2. 选择模型与方法变体并运行核算', en: '2. Choose a model and method variants, and run the account' },
  home_step_scenario: { zh: '3. 构建情景并与基准比较', en: '3. Build a scenario and compare it with the baseline' },
} satisfies Record<string, Label>;
