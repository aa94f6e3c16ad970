import type { CompiledModel, ServiceInfo } from '../engine/model/types.ts';

export type Lang = 'zh' | 'en';
export type Label = { zh: string; en: string };

/**
 * Every word a report prints, in Chinese and English, in one table (a test checks both are there for
 * every entry). Indicator names come from the model (each service and category has its own zh/en label);
 * the ids below are the ones no model defines: totals, extent, and the carbon and dual-accounting rows.
 */
export const LABELS = {
  report_title: { zh: '生态产品总值核算报告', en: 'Gross ecosystem product account' },
  esv_report_title: { zh: '生态系统服务价值核算报告', en: 'Ecosystem service value account' },
  illustrative: {
    zh: '示例数据：数量级真实但并非官方统计，不得作为事实发布。',
    en: 'Illustrative data: realistic magnitudes, not official statistics. Never publish these figures as facts.',
  },
  run: { zh: '运行', en: 'Run' },
  model: { zh: '模型', en: 'Model' },
  dataset: { zh: '数据集', en: 'Dataset' },
  engine: { zh: '引擎版本', en: 'Engine version' },
  region: { zh: '区域', en: 'Region' },
  regions: { zh: '区域', en: 'Regions' },
  year: { zh: '年份', en: 'Year' },
  years: { zh: '年份', en: 'Years' },
  base_year: { zh: '不变价基年', en: 'Base year of constant prices' },
  summary: { zh: '摘要', en: 'Summary' },
  detail: { zh: '明细', en: 'Detail' },
  coefficients: { zh: '系数', en: 'Coefficients' },
  provenance: { zh: '来源与版本', en: 'Provenance' },
  local_coefficients: { zh: '本地系数（数据集自带，替代模型值）', en: 'Local coefficients (the dataset’s own, replacing the model’s)' },
  key: { zh: '键', en: 'Key' },
  written_at: { zh: '所在文件与行', en: 'File and line' },
  scenarios: { zh: '情景', en: 'Scenarios' },
  finance: { zh: '金融视图', en: 'Finance sheet' },
  by_category: { zh: '分类别价值', en: 'Value by category' },
  services: { zh: '各项服务：实物量与价值量', en: 'Services: physical and money accounts' },
  service: { zh: '服务', en: 'Service' },
  category: { zh: '类别', en: 'Category' },
  physical: { zh: '实物量', en: 'Physical quantity' },
  unit: { zh: '单位', en: 'Unit' },
  money_current: { zh: '价值量（当年价）', en: 'Money value (current prices)' },
  money_constant: { zh: '价值量（基年不变价）', en: 'Money value (base-year prices)' },
  share: { zh: '占比', en: 'Share' },
  current_prices: { zh: '当年价', en: 'current prices' },
  constant_prices: { zh: '不变价', en: 'constant prices' },
  price_year: { zh: '价格年', en: 'Price year' },
  yi_cny: { zh: '亿元', en: '10⁸ CNY' },
  cny: { zh: '元', en: 'CNY' },
  decomposition: { zh: 'GEP变化分解（数量效应与价格效应）', en: 'Change in GEP: quantity and price effects' },
  change: { zh: '变化', en: 'Change' },
  from_value: { zh: '期初', en: 'From' },
  to_value: { zh: '期末', en: 'To' },
  quantity_effect: { zh: '数量效应', en: 'Quantity effect' },
  price_effect: { zh: '价格效应', en: 'Price effect' },
  delta: { zh: '变化量', en: 'Change' },
  decomposition_note: {
    zh: '数量效应 = Σ(Q1−Q0)·P0，价格效应 = ΣQ1·(P1−P0)，二者之和精确等于变化量。',
    en: 'Quantity effect = Σ(Q1−Q0)·P0, price effect = ΣQ1·(P1−P0); together they equal the change exactly.',
  },
  given_note: {
    zh: '数据集给定的值（GIS、模型或已发表的核算结果），未按公式计算；gep explain 显示其所在行。',
    en: 'Given by the dataset (a GIS, model or published figure), not computed by the formula; gep explain shows its row.',
  },
  not_accounted: { zh: '未核算的服务', en: 'Not accounted' },
  physical_absent_note: {
    zh: '该服务的价值量由数据集给定，其实物量既未给定也无法计算，故不列出。',
    en: "The service's money value is given by the dataset; its physical quantity is neither given nor computable, so it is not shown.",
  },
  sheet_given: { zh: '给定值', en: 'Given values' },
  extent: { zh: '生态系统范围（面积）', en: 'Ecosystem extent (area)' },
  ecosystem_type: { zh: '生态系统类型', en: 'Ecosystem type' },
  total: { zh: '合计', en: 'Total' },
  appendix: { zh: '附录：方法与系数', en: 'Appendix: methods and coefficients' },
  method: { zh: '方法', en: 'Method' },
  variant: { zh: '方法变体', en: 'Method variant' },
  default_variant: { zh: '默认', en: 'default' },
  covers: { zh: '计入的生态系统类型', en: 'Ecosystem types counted' },
  formula: { zh: '公式', en: 'Formula' },
  coefficient: { zh: '系数', en: 'Coefficient' },
  value: { zh: '数值', en: 'Value' },
  valid_from: { zh: '起始年', en: 'Valid from' },
  source: { zh: '来源', en: 'Source' },
  diagnostics: { zh: '诊断信息', en: 'Diagnostics' },
  diagnostic: { zh: '类型', en: 'Kind' },
  override_kind: { zh: '调整类型', en: 'Kind' },
  override_target: { zh: '调整对象', en: 'What it changes' },
  override_change: { zh: '调整内容', en: 'Change' },
  identifier: { zh: '标识符', en: 'Identifier' },
  default_row: { zh: '默认值', en: 'default' },
  decline: { zh: '累计下降率（实际）', en: 'Cumulative decline achieved' },
  required: { zh: '进度要求', en: 'Required by now' },
  allowed: { zh: '允许值', en: 'Allowed' },
  grid_factor: { zh: '电网排放因子', en: 'grid factor' },
  none: { zh: '无', en: 'none' },
  item: { zh: '项目', en: 'Item' },
  note: { zh: '说明', en: 'Note' },
  exact_note: {
    zh: '表中数值四舍五入显示；精确值见 JSON、CSV 与 Excel 明细。',
    en: 'Tables show rounded figures; the exact values are in the JSON, CSV and Excel detail.',
  },
  waterfall: { zh: 'GEP变化瀑布图', en: 'Waterfall of the change in GEP' },
  // finance sheet items
  fin_boundary: { zh: '核算边界', en: 'Accounting boundary' },
  fin_area: { zh: '面积', en: 'Area' },
  fin_gep_current: { zh: 'GEP（当年价）', en: 'GEP (current prices)' },
  fin_gep_constant: { zh: 'GEP（基年不变价）', en: 'GEP (base-year prices)' },
  fin_gep_change: { zh: '较基年变化（不变价）', en: 'Change against the base year (constant prices)' },
  fin_gep_change_pct: { zh: '较基年变化率（不变价）', en: 'Change against the base year, % (constant prices)' },
  fin_marketable: { zh: '可市场化份额（物质产品/GEP）', en: 'Marketable share (provisioning / GEP)' },
  fin_gdp: { zh: 'GDP（当年价）', en: 'GDP (current prices)' },
  fin_gep_gdp: { zh: 'GEP与GDP之比', en: 'GEP / GDP' },
  fin_realisation: { zh: '生态产品价值实现率', en: 'Realisation rate (market-realised / GEP)' },
  fin_carbon_scope1: { zh: '范围一排放', en: 'Emissions, scope 1' },
  fin_carbon_scope2: { zh: '范围二排放', en: 'Emissions, scope 2' },
  fin_carbon_gross: { zh: '总排放（碳汇单列）', en: 'Gross emissions (sinks apart)' },
  fin_carbon_sinks: { zh: '碳汇（清单，单列）', en: 'Sinks (inventory, kept apart)' },
  fin_carbon_gdp: { zh: '单位GDP排放', en: 'Emissions per unit of GDP' },
  fin_carbon_capita: { zh: '人均排放', en: 'Emissions per capita' },
  fin_carbon_km2: { zh: '单位面积排放', en: 'Emissions per km²' },
  fin_sink: { zh: '碳汇（固碳服务，单列）', en: 'Carbon sink (sequestration service, kept apart)' },
  fin_quality: { zh: '数据质量', en: 'Data quality' },
  fin_quality_illustrative: { zh: '示例数据（1/5，不得发布）', en: 'illustrative data (1 of 5: not for publication)' },
  fin_quality_unscored: { zh: '数据集未给出质量评分', en: 'not scored: the dataset gives no quality score' },
  fin_uncertainty: { zh: '低/中/高值', en: 'Low / central / high' },
  fin_uncertainty_none: { zh: '未运行不确定性分析', en: 'uncertainty not run' },
  fin_method: { zh: '核算方法与模型版本', en: 'Method and model version' },
  fin_note_marketable: {
    zh: '物质产品通过市场实现；调节与文化服务在本核算中不计为市场实现。',
    en: 'Provisioning products are sold on markets; regulating and cultural services are not counted as market-realised here.',
  },
  fin_note_ratio: {
    zh: '授信比例（GEP贷）应由银行配置，观测值约5%–50%，本报告不内置。',
    en: 'Credit/GEP ratios (GEP loans) are set by the bank (observed about 5%–50%); none is built in.',
  },
  scenario: { zh: '情景', en: 'Scenario' },
  baseline: { zh: '基准情景', en: 'Baseline' },
  comparison: { zh: '情景比较', en: 'Scenario comparison' },
  comparison_note: {
    zh: '情景减去基准情景（相同模型、数据集、年份与基年）；实物量与价值量的变化均为精确值。',
    en: 'Scenario minus baseline (same model, dataset, years and base year); changes in physical and money terms, exact.',
  },
  delta_physical: { zh: '实物量变化', en: 'Change, physical' },
  delta_money: { zh: '价值量变化', en: 'Change, money' },
  reference_value: { zh: '基准值', en: 'Reference' },
  scenario_value: { zh: '情景值', en: 'Scenario' },
  delta_pct: { zh: '变化率', en: 'Change, %' },
  dual: { zh: 'GEP与GDP双核算', en: 'GEP and GDP: dual accounting' },
  dual_note: {
    zh: '比值与增速为小数（0.05 = 5%）；可比价增速用GEP基年不变价与GDP链式物量指数。',
    en: 'Ratios and growth rates are fractions (0.05 = 5 %); constant-price growth uses base-year-price GEP and the chained GDP volume index.',
  },
  scorecard: { zh: '双评价记分卡', en: 'Dual-evaluation scorecard' },
  score: { zh: '得分', en: 'Score' },
  rank: { zh: '排名', en: 'Rank' },
  light: { zh: '信号灯', en: 'Light' },
  drivers: { zh: 'GEP变化的主要驱动服务', en: 'Services that drove the change in GEP' },
  carbon: { zh: '碳排放清单与双控', en: 'Carbon inventory and dual control' },
  carbon_note: {
    zh: '总排放 = 范围一 + 范围二；碳汇单列，不从总排放中扣除。',
    en: 'Gross = scope 1 + scope 2; sinks are reported apart and never netted from the total.',
  },
  by_sector: { zh: '分部门排放', en: 'Emissions by sector' },
  dual_control: { zh: '能耗与碳排放双控（信号灯）', en: 'Dual control of energy and CO2 (traffic lights)' },
  projection: { zh: '碳达峰预测', en: 'Emissions projection and peak' },
  peak_year: { zh: '峰值年', en: 'Peak year' },
  peak_value: { zh: '峰值', en: 'Peak' },
  peaked: { zh: '展望期内达峰', en: 'Peaks within the horizon' },
  path: { zh: '路径', en: 'Path' },
  observed_peak: { zh: '历史排放达峰状态', en: 'Peak status of the observed emissions' },
  observed_years: { zh: '观测年份', en: 'Observed years' },
  peaked_observed: { zh: '已达峰（其后有年份低于峰值）', en: 'Peaked (a later year is lower)' },
  rebound: { zh: '峰后反弹', en: 'Rebound after the peak' },
  plateau_from: { zh: '平台期起始年', en: 'Plateau from' },
  years_since_peak: { zh: '距峰值年数', en: 'Years since peak' },
  below_peak: { zh: '末年低于峰值', en: 'Last year below peak' },
  peak_target: { zh: '达峰目标年', en: 'Peak target year' },
  years_to_target: { zh: '距目标年数', en: 'Years to target' },
  no_projection: { zh: '未作路径预测', en: 'No path projected' },
  lmdi: { zh: '排放变化的LMDI分解', en: 'LMDI decomposition of the change in emissions' },
  effect: { zh: '效应', en: 'Effect' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  kt: { zh: '千吨', en: 'kt' },
  sheet_carbon: { zh: '碳排放', en: 'Carbon' },
  sheet_uncertainty: { zh: '不确定性', en: 'Uncertainty' },
  sheet_dual: { zh: 'GEP与GDP', en: 'GEP and GDP' },
  dual_chart: { zh: 'GEP与GDP（当年价）', en: 'GEP and GDP (current prices)' },
} as const satisfies Record<string, Label>;
export type LabelKey = keyof typeof LABELS;

export const t = (key: LabelKey, lang: Lang) => LABELS[key][lang];

/** Indicators that are not services or categories of a model, by id. Carbon and dual rows are added here. */
export const INDICATOR_LABELS: Record<string, Label> = {
  gep: { zh: '生态系统生产总值（GEP）', en: 'Gross ecosystem product (GEP)' },
  esv: { zh: '生态系统服务价值（ESV）', en: 'Ecosystem service value (ESV)' },
  'extent.area': { zh: '生态系统面积', en: 'Ecosystem area' },
  'dual.gep': { zh: '生态系统生产总值（GEP）', en: 'GEP' },
  'dual.gdp': { zh: '地区生产总值（GDP）', en: 'GDP' },
  'dual.gep_gdp_ratio': { zh: 'GEP/GDP', en: 'GEP / GDP' },
  'dual.gep_per_km2': { zh: '单位面积GEP', en: 'GEP per km²' },
  'dual.gep_per_capita': { zh: '人均GEP', en: 'GEP per capita' },
  'dual.gdp_per_capita': { zh: '人均GDP', en: 'GDP per capita' },
  'dual.realised_value': { zh: '市场实现价值', en: 'Value realised through markets' },
  'dual.realisation_rate': { zh: '生态产品价值实现率', en: 'Realisation rate' },
  'dual.geep': { zh: '经济-生态生产总值（GEEP）', en: 'Gross economic-ecological product (GEEP)' },
  'dual.geep_in_gdp': { zh: 'GDP中已含的GEP', en: 'GEP already in GDP' },
  'dual.geep_adjustment': { zh: 'GEEP扣减项', en: 'GEEP deduction' },
  'dual.gep_growth_yoy': { zh: 'GEP可比价同比增速', en: 'GEP growth, year on year (constant prices)' },
  'dual.gdp_growth_yoy': { zh: 'GDP可比价同比增速', en: 'GDP growth, year on year (constant prices)' },
  'dual.geep_growth_yoy': { zh: 'GEEP可比价同比增速', en: 'GEEP growth, year on year (constant prices)' },
  'dual.gep_minus_gdp_growth_yoy': { zh: 'GEP与GDP同比增速差', en: 'GEP minus GDP growth, year on year' },
  'dual.gep_growth_vs_base': { zh: 'GEP较基年增长（可比价）', en: 'GEP growth against the base year (constant prices)' },
  'dual.gdp_growth_vs_base': { zh: 'GDP较基年增长（可比价）', en: 'GDP growth against the base year (constant prices)' },
  'dual.geep_growth_vs_base': { zh: 'GEEP较基年增长（可比价）', en: 'GEEP growth against the base year (constant prices)' },
  'dual.gep_minus_gdp_growth_vs_base': { zh: 'GEP与GDP较基年增长差', en: 'GEP minus GDP growth against the base year' },
  'dual.driver': { zh: 'GEP变化驱动因素', en: 'Driver of the change in GEP' },
  'dual.score': { zh: '双评价总分', en: 'Dual-evaluation score' },
  'dual.score_coverage': { zh: '评分覆盖率', en: 'Score coverage' },
  'dual.rank': { zh: '双评价排名', en: 'Dual-evaluation rank' },
  'carbon.scope1': { zh: '范围一排放', en: 'Scope 1 emissions' },
  'carbon.scope2': { zh: '范围二排放', en: 'Scope 2 emissions' },
  'carbon.gross': {
    zh: '总排放（消费口径：范围一＋范围二，不扣碳汇）',
    en: 'Gross emissions, consumption view (scope 1 + scope 2, sinks not netted)',
  },
  'carbon.territorial': { zh: '属地口径排放（范围一＋发电供热燃料）', en: 'Territorial emissions (scope 1 + plant fuel)' },
  'carbon.view_difference': { zh: '属地口径−消费口径（发电供热燃料−范围二）', en: 'Territorial − consumption (plant fuel − scope 2)' },
  'carbon.sinks': { zh: '碳汇（单列）', en: 'Sinks (reported apart)' },
  'carbon.net_labelled': { zh: '净排放（总排放−碳汇，仅作标注）', en: 'Net emissions (gross − sinks, labelled extra)' },
  'carbon.energy_generation': {
    zh: '发电供热燃料排放（单列，不计入范围一）',
    en: 'Energy generation supplied to the grid (reported apart, outside scope 1)',
  },
  'energy.generation_input': { zh: '发电供热燃料投入（单列）', en: 'Fuel input to power and heat plants (reported apart)' },
  'carbon.gpc_basic': { zh: 'GPC BASIC口径排放', en: 'GPC BASIC emissions' },
  'carbon.gpc_basic_plus': { zh: 'GPC BASIC+口径排放', en: 'GPC BASIC+ emissions' },
  'energy.total_calorific': { zh: '能源消费总量（当量值）', en: 'Energy use (calorific basis)' },
  'energy.total_equivalent': { zh: '能源消费总量（等价值）', en: 'Energy use (generation-equivalent basis)' },
  'energy.feedstock': { zh: '原料用能', en: 'Feedstock energy use' },
  'carbon.intensity_gdp': { zh: '单位GDP二氧化碳排放', en: 'CO2 per unit of GDP' },
  'energy.intensity_gdp': { zh: '单位GDP能耗', en: 'Energy per unit of GDP' },
  'carbon.per_capita': { zh: '人均排放', en: 'Emissions per capita' },
  'carbon.per_km2': { zh: '单位面积排放', en: 'Emissions per km²' },
  'dual.energy_total_reported': { zh: '能源消费总量（统计）', en: 'Energy use, reported' },
  'dual.deduction_feedstock': { zh: '原料用能扣除', en: 'Feedstock deduction' },
  'dual.deduction_renewable': { zh: '新增可再生能源扣除', en: 'Added renewables deduction' },
  'dual.energy_total_assessed': { zh: '能源消费总量（考核）', en: 'Energy use, assessed' },
  'dual.energy_intensity': { zh: '能耗强度（考核）', en: 'Energy intensity, assessed' },
  'dual.co2_intensity': { zh: '碳排放强度（考核）', en: 'CO2 intensity, assessed' },
  'dual.energy_total': { zh: '能源消费总量控制', en: 'Energy total control' },
  'dual.co2_total': { zh: '碳排放总量控制', en: 'CO2 total control' },
  'dual.gdp_path': { zh: 'GDP路径（可比价）', en: 'GDP path (constant prices)' },
  'dual.energy_cap': { zh: '能源消费总量上限（由强度目标与GDP推算）', en: 'Energy cap (from the intensity target and GDP)' },
  'dual.energy_increment': { zh: '能源消费增量空间', en: 'Allowed energy increment' },
  'dual.co2_cap': { zh: '碳排放总量上限（由强度目标与GDP推算）', en: 'CO2 cap (from the intensity target and GDP)' },
  'dual.co2_increment': { zh: '碳排放增量空间', en: 'Allowed CO2 increment' },
  'dual.energy_elasticity': { zh: '能源消费弹性系数（逐年）', en: 'Energy-consumption elasticity, year on year' },
  'dual.energy_elasticity_period': { zh: '能源消费弹性系数（期内年均）', en: 'Energy-consumption elasticity, period average' },
  'carbon.projection': { zh: '排放预测（Kaya）', en: 'Emissions projection (Kaya)' },
  'carbon.projection_stirpat': { zh: '排放预测（STIRPAT）', en: 'Emissions projection (STIRPAT)' },
  'carbon.peak': { zh: '碳达峰', en: 'Emissions peak' },
  'carbon.projection_energy': { zh: '预测能源消费（Kaya）', en: 'Projected energy use (Kaya)' },
  'carbon.projection_gdp': { zh: '预测GDP（Kaya，可比价）', en: 'Projected GDP (Kaya, constant prices)' },
  'carbon.peak_observed': { zh: '历史排放峰值（观测）', en: 'Observed emissions peak' },
  'carbon.lmdi.population': { zh: '人口效应', en: 'Population effect' },
  'carbon.lmdi.affluence': { zh: '经济增长效应', en: 'Affluence effect' },
  'carbon.lmdi.intensity': { zh: '能耗强度效应', en: 'Energy-intensity effect' },
  'carbon.lmdi.mix': { zh: '能源结构效应', en: 'Fuel-mix effect' },
  'carbon.lmdi.emission_factor': { zh: '排放因子效应', en: 'Emission-factor effect' },
  'carbon.lmdi.delta_energy': { zh: '能源排放变化', en: 'Change in energy emissions' },
  'carbon.lmdi.non_energy': { zh: '非能源排放变化', en: 'Change in non-energy emissions' },
  'footprint.total': { zh: '碳足迹（范围一+范围二）', en: 'Footprint (scope 1 + scope 2)' },
  'footprint.scope1': { zh: '碳足迹范围一', en: 'Footprint, scope 1' },
  'footprint.scope2': { zh: '碳足迹范围二', en: 'Footprint, scope 2' },
  'footprint.energy': { zh: '碳足迹能耗', en: 'Footprint, energy' },
  'footprint.co2_per_tce': { zh: '单位能耗排放', en: 'CO2 per tce' },
  'footprint.co2_per_output': { zh: '单位产值排放', en: 'CO2 per unit of output' },
  'footprint.co2_per_resident': { zh: '人均碳足迹', en: 'Footprint per resident' },
  'footprint.clean_share': { zh: '清洁能源占比', en: 'Clean-energy share' },
  'footprint.park_criterion': { zh: '低碳园区指标', en: 'Low-carbon park criterion' },
  'footprint.target_reduction': { zh: '减排目标进度', en: 'Progress to the reduction target' },
  'footprint.rollup': { zh: '碳足迹汇总', en: 'Footprint roll-up' },
};

/** The label of any indicator id a result row can carry, from the model first, then the fixed table. */
export function indicatorLabel(model: CompiledModel, id: string, lang: Lang): string {
  const svc = model.services.find((s) => s.id === id);
  if (svc) return svc.label[lang];
  const cat = model.categories.find((c) => c.id === id);
  if (cat) return cat.label[lang];
  const ind = model.indicatorById.get(id);
  if (ind) return ind.label[lang];
  if (id === 'gep' && model.kind === 'esv') return INDICATOR_LABELS.esv![lang];
  // a scorecard's per-indicator score: dual.score.<indicator> → "<indicator> (score)"
  const score = /^dual\.score\.(.+)$/.exec(id);
  if (score && INDICATOR_LABELS[`dual.${score[1]}`])
    return `${INDICATOR_LABELS[`dual.${score[1]}`]![lang]}${lang === 'zh' ? '（得分）' : ' (score)'}`;
  // comparison rows carry the indicator they compare
  return INDICATOR_LABELS[id]?.[lang] ?? id;
}

/** A key of a dimension ("broadleaf_forest") by its label in the model. */
export function keyLabel(model: CompiledModel, dim: string, key: string, lang: Lang): string {
  return model.dims.get(dim)?.keyLabels.get(key)?.[lang] ?? key;
}

/**
 * A service's method as the report's method section states it: its method, and when the model declares variants
 * the one in force with its source, and the ecosystem types counted when the run chose them.
 */
export function serviceMethod(model: CompiledModel, s: ServiceInfo, lang: Lang): string {
  const [colon, open, close, semi] = lang === 'zh' ? ['：', '（', '）', '；'] : [': ', ' (', ')', '; '];
  const parts = [s.method[lang]];
  if (s.variant) {
    const id = `${s.variant.id}${s.variant.default ? `, ${t('default_variant', lang)}` : ''}`;
    parts.push(
      `${t('variant', lang)}${colon}${s.variant.label[lang]}${open}${id}${semi}${t('source', lang)}${colon}${s.variant.source}${close}`,
    );
  }
  const covers = model.method.covers[s.id];
  if (covers)
    parts.push(
      `${t('covers', lang)}${colon}${covers.map((k) => keyLabel(model, 'ecosystem_type', k, lang)).join(lang === 'zh' ? '、' : ', ')}`,
    );
  return parts.join(semi);
}
