import { type Lang, type LabelKey, t } from './labels.ts';

/** The words of the green-finance rows and tables (rights, credit band, PCAF, TNFD), in Chinese and English. */
export const FINANCE_LABELS = {
  fin_rights_total: { zh: '环境权益价值合计（不计入GEP）', en: 'Environmental rights, total value (not added to GEP)' },
  fin_rights_holder: { zh: '持有人环境权益价值', en: 'Environmental rights by holder' },
  fin_same_flow_gep: { zh: '同一流量的GEP服务价值', en: 'GEP service of the same flow' },
  fin_same_flow_rights: { zh: '同一流量的环境权益价值（并列，不相加）', en: 'Rights describing the same flow (beside it, never added)' },
  fin_credit_gep: { zh: 'GEP挂钩授信区间（按GEP）', en: 'GEP-linked credit band (on GEP)' },
  fin_credit_marketable: { zh: 'GEP挂钩授信区间（按可市场化部分）', en: 'GEP-linked credit band (on the marketable part)' },
  fin_financed: { zh: '投融资碳排放（PCAF，范围一+二）', en: 'Financed emissions (PCAF, scope 1 + 2)' },
  fin_book_quality: { zh: '数据质量评分（按余额加权，1最好）', en: 'Data-quality score (outstanding-weighted, 1 best)' },
  fin_project_delta: { zh: '项目减排量ΔtCO₂e（气候投融资目录）', en: 'Project ΔtCO2e (climate-finance catalogues)' },
  fin_extent_change: { zh: '生态系统面积变化（TNFD）', en: 'Ecosystem extent change (TNFD)' },
  fin_extent_conversion: { zh: '生态系统类型转换（TNFD）', en: 'Ecosystem conversion (TNFD)' },
  fin_note_not_summed: {
    zh: '权益与GEP服务描述同一流量：并列展示，不相加，以免重复计算。',
    en: 'The right and the GEP service describe the same flow: shown side by side, never added (that would count it twice).',
  },
  fin_note_rights_apart: { zh: '环境权益单列，不计入GEP。', en: 'Rights are kept apart from GEP and never added to it.' },
  fin_note_lender_ratio: { zh: '授信比例由贷款方给定，非内置。', en: "The ratio is the lender's input, never built in." },
  fin_illustrative_price: { zh: '含示例价格（未找到公开价格）', en: 'includes illustrative prices (no published price found)' },
  // the finance run's section and sheet
  green_finance: {
    zh: '绿色金融：环境权益、授信、投融资排放与面积变化',
    en: 'Green finance: rights, credit, financed emissions, extent change',
  },
  sheet_green_finance: { zh: '绿色金融', en: 'Green finance' },
  rights_ledger: { zh: '环境权益台账与估值', en: 'Rights ledger and values' },
  right_type: { zh: '权益类型', en: 'Right type' },
  holder: { zh: '持有人', en: 'Holder' },
  basis_marketable: { zh: '可市场化部分', en: 'marketable part' },
  scope1: { zh: '范围一', en: 'Scope 1' },
  scope2: { zh: '范围二', en: 'Scope 2' },
  catalogue: { zh: '目录', en: 'Catalogue' },
  quantity: { zh: '数量', en: 'Quantity' },
  vintage: { zh: '年份（签发）', en: 'Vintage' },
  status: { zh: '状态', en: 'Status' },
  valuation: { zh: '估值方法', en: 'Valuation' },
  price_from: { zh: '价格起始日', en: 'price from' },
  income_approach: { zh: '收益现值法', en: 'income approach' },
  low: { zh: '低', en: 'Low' },
  central: { zh: '中', en: 'Central' },
  high: { zh: '高', en: 'High' },
  same_flow: { zh: '权益与GEP服务（同一流量，并列不相加）', en: 'Rights beside the GEP service of the same flow (never added)' },
  gep_service_value: { zh: 'GEP服务价值', en: 'GEP service value' },
  rights_value: { zh: '权益价值', en: 'Rights value' },
  credit_band: { zh: 'GEP挂钩授信区间', en: 'GEP-linked credit band' },
  basis: { zh: '基数', en: 'Basis' },
  ratio: { zh: '比例', en: 'Ratio' },
  financed_emissions: { zh: '投融资碳排放（PCAF）', en: 'Financed emissions (PCAF)' },
  exposure: { zh: '贷款/债券', en: 'Loan or bond' },
  borrower: { zh: '借款人', en: 'Borrower' },
  outstanding: { zh: '余额', en: 'Outstanding' },
  attribution: { zh: '归因系数', en: 'Attribution factor' },
  data_quality: { zh: '数据质量', en: 'Data quality' },
  project_delta: { zh: '项目减排量（基准−项目）', en: 'Project ΔtCO2e (baseline − project)' },
  extent_change: { zh: '生态系统面积与变化（TNFD，km²）', en: 'Ecosystem extent and change (TNFD, km²)' },
  opening: { zh: '期初', en: 'Opening' },
  closing: { zh: '期末', en: 'Closing' },
  gains: { zh: '转入', en: 'Gains' },
  losses: { zh: '转出', en: 'Losses' },
  conversions: { zh: '类型转换', en: 'Conversions' },
} as const;
export type FinanceLabelKey = keyof typeof FINANCE_LABELS;

/** A finance word, or any report word (reports/labels.ts). */
export function financeLabel(key: FinanceLabelKey | LabelKey, lang: Lang): string {
  return key in FINANCE_LABELS ? FINANCE_LABELS[key as FinanceLabelKey][lang] : t(key as LabelKey, lang);
}
