/**
 * Every issue code, in one place: its class (what kind of refusal it is, which decides the CLI exit code and the
 * HTTP status), a one-line meaning, and a message where the message is generic. A message that names the file,
 * row, field or value is written where the problem is found; the code always comes from here.
 *
 * `IssueCode` is the union of these keys, so a code that is not registered does not compile. To add a code: add
 * it below, in its group, with the class, the meaning and its zh (the meaning in Chinese, required by the type); the
 * registry test checks that it maps to an exit code and an HTTP status and that it is used. The diagnostics of a run (DIAGNOSTIC_CODES, at the end) are notes on a result,
 * not refusals: they have codes of their own.
 */

/**
 * What kind of refusal a code is:
 * - input: the data, model, scenario or options break a rule (exit 2; HTTP 422)
 * - request: the HTTP request itself is malformed (400)
 * - unauthorized: no API key, or an unknown one (401)
 * - not_found: the thing the command or request names does not exist (404)
 * - conflict: it exists, but not in a state that allows this (409)
 * - too_large: the request is larger than the server accepts (413, or 414/431 for the URL and headers)
 * - unsupported: the request's media type is not one the route reads (415)
 * - unavailable: the service cannot answer now; try again (exit 1; 503)
 * - internal: a fault of the program or its store, not of the input (exit 1; 500)
 */
export type IssueClass =
  | 'input'
  | 'request'
  | 'unauthorized'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unsupported'
  | 'unavailable'
  | 'internal';

export interface IssueSpec {
  class: IssueClass;
  meaning: string;
  /**
   * The meaning in Chinese, as the zh workbench shows it over the English message (which names the values): written
   * for analysts in planning and statistics offices, not word for word. Required, so a new code needs it to compile.
   */
  zh: string;
  /** The message when the site has nothing more specific to say. */
  message?: string;
}

export const ISSUE_CODES = {
  // Files and their syntax
  file_missing: {
    class: 'input',
    meaning: 'a file that is named or listed does not exist',
    zh: '所列或所指的文件不存在',
    message: 'no such file',
  },
  file_empty: { class: 'input', meaning: 'a CSV file has no header row', zh: 'CSV 文件没有表头行', message: 'no header row' },
  file_unused: {
    class: 'input',
    meaning: 'an uploaded file is not listed in the manifest',
    zh: '上传的文件未列入数据集清单（dataset.yaml）',
  },
  not_utf8: {
    class: 'input',
    meaning: 'a file is not UTF-8 text',
    zh: '文件不是 UTF-8 编码的文本（请另存为 UTF-8）',
    message: 'the file is not UTF-8 text (save it as UTF-8)',
  },
  yaml_syntax: { class: 'input', meaning: 'a YAML (or JSON) file does not parse', zh: 'YAML（或 JSON）文件无法解析' },
  yaml_aliases: {
    class: 'input',
    meaning: 'a YAML file expands too many aliases (an alias bomb)',
    zh: 'YAML 文件展开的别名过多（疑为别名炸弹）',
  },
  csv_syntax: { class: 'input', meaning: 'a CSV file does not parse', zh: 'CSV 文件无法解析' },
  schema_invalid: {
    class: 'input',
    meaning: 'a model, manifest, scenario, factor set or spec does not fit its schema; the path names the field',
    zh: '模型、清单、情景、排放因子集或规格不符合其格式要求；路径指出出错的字段',
  },
  manifest_missing: {
    class: 'input',
    meaning: 'a dataset has no dataset.yaml',
    zh: '数据集缺少清单文件 dataset.yaml',
    message: 'every dataset folder has a dataset.yaml manifest',
  },
  cell_count: {
    class: 'input',
    meaning: 'a CSV row has more or fewer cells than the header (a sheet row: a value outside the header)',
    zh: 'CSV 行的单元格数与表头列数不一致（工作表中为表头范围之外有值）',
  },
  // Workbooks (datasets/xlsx.ts): a dataset as one .xlsx file
  xlsx_unreadable: {
    class: 'input',
    meaning: 'a file given as a workbook is not a readable .xlsx file',
    zh: '作为工作簿提供的文件不是可读取的 .xlsx 文件',
  },
  xlsx_too_large: {
    class: 'too_large',
    meaning: 'a workbook is larger, or inflates to more, than is read (a zip bomb among them)',
    zh: '工作簿过大，或解压后超过读取上限（含压缩炸弹）',
  },
  sheet_missing: {
    class: 'input',
    meaning: 'a table the manifest lists, or a required table, has no sheet in the workbook',
    zh: '清单所列的表或必需的表在工作簿中没有对应的工作表',
  },
  sheet_unused: {
    class: 'input',
    meaning: 'a sheet of a workbook that is no table of the dataset (a note, not refused)',
    zh: '工作簿中的某个工作表不是数据集的表（仅提示，不拒收）',
  },
  number_inexact: {
    class: 'input',
    meaning: 'a workbook number cell holds a binary double that is not a decimal as typed (more than 15 significant digits)',
    zh: '工作簿数值单元格存的二进制浮点数与所填十进制数不一致（有效数字超过 15 位）',
  },
  xlsx_formula: {
    class: 'input',
    meaning: 'a workbook formula cell has no result saved with it',
    zh: '工作簿中的公式单元格没有保存计算结果',
  },
  xlsx_formula_result: {
    class: 'input',
    meaning: 'formula cells were read as the results saved with the workbook (a note)',
    zh: '公式单元格按工作簿保存的计算结果读取（仅提示）',
  },
  xlsx_date: {
    class: 'input',
    meaning: 'date cells of a workbook were read as ISO text (a note)',
    zh: '工作簿中的日期单元格按 ISO 文本读取（仅提示）',
  },
  xlsx_cell_error: {
    class: 'input',
    meaning: 'a workbook cell holds an Excel error value (#N/A, #DIV/0! …)',
    zh: '工作簿单元格为 Excel 错误值（#N/A、#DIV/0! 等）',
  },
  xlsx_merged: { class: 'input', meaning: 'a table sheet of a workbook has merged cells', zh: '工作簿的数据表中有合并单元格' },
  column_missing: { class: 'input', meaning: 'a required CSV column is missing', zh: '缺少必填列' },
  column_unknown: { class: 'input', meaning: 'a CSV column is not one the table has', zh: '该列不属于此表' },
  column_duplicate: { class: 'input', meaning: 'a CSV column appears twice', zh: '同一列出现两次' },
  duplicate_row: { class: 'input', meaning: 'a CSV row repeats the key of an earlier row', zh: '重复行：与前面某行的键相同' },
  source_missing: {
    class: 'input',
    meaning: 'a value that must name its source (a local coefficient) does not',
    zh: '必须注明来源的数值（本地系数）未注明来源',
  },

  // Values in a cell or a field
  not_a_number: { class: 'input', meaning: 'a value is not a decimal number', zh: '不是有效的十进制数值' },
  number_too_long: {
    class: 'input',
    meaning: 'a number is longer than the bounded reader takes (engine/core/decimal-text.ts)',
    zh: '数值超过读取程序允许的长度',
  },
  number_too_many_digits: {
    class: 'input',
    meaning: 'a number has more significant digits than are held exactly',
    zh: '数值的有效数字位数超过可精确保存的位数',
  },
  number_out_of_range: {
    class: 'input',
    meaning: 'a number is outside the magnitudes the bounded reader accepts',
    zh: '数值超出可接受的数量级范围',
  },
  result_out_of_range: {
    class: 'input',
    meaning: 'a computed value is implausibly large or small (the inputs are)',
    zh: '计算结果过大或过小，不合常理（多为输入数据有误）',
  },
  not_a_year: { class: 'input', meaning: 'a value is not a year', zh: '不是有效的年份' },
  not_a_period: { class: 'input', meaning: 'a value is neither a year nor a month', zh: '既不是年份也不是月份' },
  not_a_fraction: { class: 'input', meaning: 'a share or reduction is not between 0 and 1', zh: '比例或削减率不在 0 到 1 之间' },
  not_positive: { class: 'input', meaning: 'a value that must be greater than zero is not', zh: '数值必须大于零' },
  negative: { class: 'input', meaning: 'a value that cannot be negative is', zh: '数值不能为负' },
  below_minimum: { class: 'input', meaning: "a value is below its input's declared minimum", zh: '数值低于该输入项规定的下限' },
  above_maximum: { class: 'input', meaning: "a value is above its input's declared maximum", zh: '数值高于该输入项规定的上限' },
  unit_missing: { class: 'input', meaning: 'a value has no unit where one is needed', zh: '需要计量单位的数值未填单位' },
  unit_invalid: { class: 'input', meaning: 'a unit is not one the engine knows', zh: '无法识别的计量单位' },
  unit_mismatch: { class: 'input', meaning: 'a unit cannot be converted to the one expected', zh: '单位无法换算为所需单位' },
  years_order: {
    class: 'input',
    meaning: 'a year that must come after another does not',
    zh: '年份先后顺序有误：应晚于另一年份的年份并未晚于它',
  },

  // What a dataset holds, against its manifest and the model
  region_unknown: { class: 'input', meaning: 'a region is not in the dataset', zh: '数据集中没有该地区' },
  year_unknown: { class: 'input', meaning: "a year is not among the dataset's years", zh: '该年份不在数据集的年份之内' },
  base_year_unknown: {
    class: 'input',
    meaning: 'the base year is not among the years accounted or in the dataset',
    zh: '基准年不在核算年份或数据集年份之内',
  },
  region_year_missing: {
    class: 'input',
    meaning: 'the dataset has no data for a region in a year that is needed',
    zh: '数据集缺少所需地区某一年的数据',
  },
  data_missing: {
    class: 'input',
    meaning: 'an input a formula needs has no rows for a region-year',
    zh: '公式所需的输入项在某地区某年没有数据行',
  },
  variable_unknown: { class: 'input', meaning: 'a variable is not one the table takes', zh: '该变量不属于此表' },
  variable_misplaced: { class: 'input', meaning: 'a variable is in the wrong table', zh: '变量填在了错误的表中' },
  variable_unused: {
    class: 'input',
    meaning: 'rows for a variable the model does not use (reported as a warning, not refused)',
    zh: '模型未用到的变量的数据行（仅警告，不拒收）',
  },
  given_and_computed: {
    class: 'input',
    meaning: 'a value is given by the dataset and its formula can compute it too, and the dataset does not say which wins',
    zh: '某值既由数据集直接给出，又可由公式计算，而数据集未说明以哪个为准',
  },
  given_total_read_by_key: {
    class: 'input',
    meaning: 'a value given as a total is read by key by an indicator that is computed',
    zh: '以合计给出的值被一个需计算的指标按键读取',
  },
  given_key: {
    class: 'input',
    meaning: 'a given value names a key its indicator does not break down by, or mixes a total and keys',
    zh: '给定值所用的键不属于其指标的分类维度，或合计与分项混填',
  },
  key_unknown: {
    class: 'input',
    meaning: "a key (ecosystem type or other dimension key) is not one of its dimension's keys",
    zh: '键（生态系统类型或其他维度的键）不在该维度之内',
  },
  alias_conflict: {
    class: 'input',
    meaning: 'a classification alias names two keys, or a key of another meaning',
    zh: '分类别名同时指向两个键，或指向另一含义的键',
  },
  key_mixed: {
    class: 'input',
    meaning: 'a level-1 class and one of its own types are both given for the same region-year',
    zh: '同一地区同一年既填了一级类，又填了其下的类型',
  },
  key_shape: { class: 'input', meaning: "a key does not have the shape of the variable's dimensions", zh: '键的结构与变量的维度不符' },
  change_margin: {
    class: 'input',
    meaning: 'the margins of a land-cover transition matrix do not equal the extent',
    zh: '土地覆被转移矩阵的行列合计与面积不相等',
  },
  deflator_missing: { class: 'input', meaning: "the manifest's deflator has no rows", zh: '清单指定的价格平减指数没有数据行' },
  price_index_missing: {
    class: 'input',
    meaning: 'a price index needed to move money between years is missing',
    zh: '在不同年份间换算价值量所需的价格指数缺失',
  },
  economy_missing: {
    class: 'input',
    meaning: 'GDP or population that a dual account needs is missing',
    zh: '双核算所需的 GDP 或人口数据缺失',
  },
  carbon_missing: {
    class: 'input',
    meaning: 'carbon activity data that a carbon run needs is missing',
    zh: '碳核算所需的活动水平数据缺失',
  },
  dataset_unknown: { class: 'input', meaning: 'a scenario names a stored dataset that does not exist', zh: '情景所指的已存数据集不存在' },
  dataset_mismatch: {
    class: 'input',
    meaning: 'a scenario is written for another dataset than the one given',
    zh: '情景是为另一个数据集编写的',
  },
  dataset_exists: { class: 'conflict', meaning: 'the folder already holds a dataset', zh: '该文件夹中已有数据集' },

  // Carbon activity, entities and factors
  item_unknown: {
    class: 'input',
    meaning: 'an activity item (fuel, feedstock, process, sink) is not in the factor set',
    zh: '活动项（燃料、原料、工艺、碳汇）不在排放因子集中',
  },
  sector_unknown: {
    class: 'input',
    meaning: 'a sector is not in the factor set, or a row needs one',
    zh: '部门不在排放因子集中，或该行需要填写部门',
  },
  sector_unexpected: { class: 'input', meaning: 'a row of a kind that has no sector gives one', zh: '此类活动不分部门，该行却填写了部门' },
  kind_unknown: { class: 'input', meaning: 'an activity kind is not one the file takes', zh: '活动类别不属于该文件可接受的类别' },
  entity_id: { class: 'input', meaning: 'an entity id is not a valid id', zh: '主体编号不是有效的编号' },
  entity_unknown: { class: 'input', meaning: 'an activity names an entity not in the entities file', zh: '活动所指的主体不在主体文件中' },
  parent_unknown: { class: 'input', meaning: "an entity's parent is not an entity", zh: '主体的上级不是已登记的主体' },
  parent_region: { class: 'input', meaning: "an entity is not in its parent's region", zh: '主体与其上级不在同一地区' },
  parent_cycle: { class: 'input', meaning: 'an entity is its own ancestor', zh: '主体成了自己的上级（循环隶属）' },
  period_mixed: { class: 'input', meaning: 'an entity has both yearly and monthly rows', zh: '同一主体既有年度数据又有月度数据' },
  emission_sector: {
    class: 'input',
    meaning: 'a direct emission is in a sector with no non-energy class',
    zh: '直接排放所在部门没有非能源排放类别',
  },
  factor_missing: {
    class: 'input',
    meaning: 'the factor set has no such factor (fuel, grid series, process) at all',
    zh: '排放因子集中根本没有该因子（燃料、电网序列或工艺）',
  },
  factor_unknown: {
    class: 'input',
    meaning: 'a scenario names a carbon factor the factor set does not have',
    zh: '情景所指的碳排放因子不在因子集中',
  },
  factor_negative: {
    class: 'input',
    meaning: 'a scenario makes negative a carbon factor the set never gives a negative value',
    zh: '情景将因子集中从不为负的碳排放因子设为负值',
  },
  factor_unit: {
    class: 'input',
    meaning: 'a carbon factor is not in a unit of what it measures',
    zh: '碳排放因子的单位不是其计量对象的单位',
  },
  lmdi_input: {
    class: 'input',
    meaning: 'LMDI decomposition inputs are zero or missing where a logarithm needs them',
    zh: 'LMDI 分解的输入为零或缺失，无法取对数',
  },

  // Environmental rights and the lending book (rights.csv, loans.csv, rights price sets; issue 16)
  right_type_unknown: { class: 'input', meaning: 'a right type is not one the ledger takes', zh: '不是本台账可接受的权益类型' },
  right_status_unknown: {
    class: 'input',
    meaning: 'a right status is not held, issued, pledged or retired',
    zh: '权益状态不是持有、已发放、已质押或已注销之一',
  },
  holder_kind_unknown: {
    class: 'input',
    meaning: 'a holder kind is not district, park or enterprise',
    zh: '持有人类别不是区县、园区或企业之一',
  },
  stand_unknown: {
    class: 'input',
    meaning: 'a forest right names no stand, or one the price set does not have',
    zh: '林权未指明林分，或所指林分不在价格集中',
  },
  stand_unexpected: { class: 'input', meaning: 'a right that is not a forest right names a stand', zh: '非林权的权益填写了林分' },
  price_missing: {
    class: 'input',
    meaning: 'the price set has no price in force for a right on its valuation date',
    zh: '价格集中没有该权益在估值日有效的价格',
  },
  instrument_unknown: { class: 'input', meaning: 'an instrument is not one the lending book takes', zh: '不是贷款台账可接受的金融工具' },
  cell_empty: { class: 'input', meaning: 'a cell that must hold a value for this row is empty', zh: '此行必须填写的单元格为空' },
  instrument_listed_mismatch: {
    class: 'input',
    meaning: 'an instrument whose PCAF denominator is fixed (project finance, listed or unlisted equity) says otherwise in listed',
    zh: 'PCAF 分母固定的金融工具（项目融资、上市或非上市股权）在“是否上市”列填写不符',
  },
  yes_no_invalid: { class: 'input', meaning: 'a yes/no cell is neither yes nor no', zh: '是/否单元格既不是“是”也不是“否”' },
  denominator_missing: {
    class: 'input',
    meaning: 'an exposure lacks the PCAF denominator its borrower needs (EVIC or equity + debt)',
    zh: '风险敞口缺少借款人所需的 PCAF 分母（EVIC 或权益加债务）',
  },
  attribution_above_one: {
    class: 'input',
    meaning: 'an outstanding amount is larger than the EVIC or equity + debt it is divided by',
    zh: '未偿余额大于作为分母的 EVIC 或权益加债务',
  },
  quality_score_invalid: {
    class: 'input',
    meaning: 'a PCAF data-quality score is not a whole number from 1 to 5',
    zh: 'PCAF 数据质量评分不是 1 到 5 的整数',
  },

  // Dated parameters (GEP coefficients and carbon factors alike; engine/params/in-force.ts decides what is in force)
  parameter_not_in_force: {
    class: 'input',
    meaning: 'a coefficient or factor has no entry yet in the year asked (before its first from)',
    zh: '所查年份系数或因子尚未生效（早于其首个起始年）',
  },
  parameter_ended: {
    class: 'input',
    meaning: 'a coefficient or factor ended (until) before the year asked, and nothing succeeds it',
    zh: '系数或因子在所查年份之前已失效，且无后续取值',
  },
  parameter_missing_key: {
    class: 'input',
    meaning: 'a coefficient\'s table has no row for a key (nor its group, nor "*")',
    zh: '系数表中没有该键的行（其所属组和默认行“*”也没有）',
  },

  // Models, factor sets, specs and their versions
  not_found: {
    class: 'not_found',
    meaning: 'the model, factor set, dataset, scenario, run, coefficient or route named does not exist',
    zh: '所指的模型、排放因子集、数据集、情景、运行、系数或路由不存在',
  },
  model_mismatch: {
    class: 'input',
    meaning: 'a scenario or spec is written for another model, factor set or version than the one given',
    zh: '情景或规格是为另一模型、因子集或版本编写的',
  },
  published_model_unlocked: {
    class: 'input',
    meaning: 'a model says it is published but is not in the lock file',
    zh: '标为已发布的模型不在锁定文件中',
  },
  published_model_changed: {
    class: 'input',
    meaning: "a published model's content changed since it was locked",
    zh: '已发布模型的内容在锁定后被改动',
  },
  classification_missing: {
    class: 'input',
    meaning: 'a model names a classification file that does not exist',
    zh: '模型所指的分类文件不存在',
  },
  name_clash: { class: 'input', meaning: 'two things in a model share one name', zh: '模型中两项内容同名' },
  duplicate: {
    class: 'input',
    meaning: 'a service, entry, factor, indicator or run is given twice',
    zh: '服务、条目、因子、指标或运行重复给出',
  },
  category_unknown: { class: 'input', meaning: 'a service is in a category the model does not declare', zh: '服务所属类别未在模型中声明' },
  dimension_unknown: { class: 'input', meaning: 'a dimension is not declared in the model', zh: '维度未在模型中声明' },
  dimension_empty: { class: 'input', meaning: 'a closed dimension lists no keys', zh: '封闭维度未列出任何键' },
  group_unknown: { class: 'input', meaning: 'a key belongs to a group the dimension does not declare', zh: '键所属的组未在该维度中声明' },
  table_expected: {
    class: 'input',
    meaning: 'a coefficient that varies by a dimension is given a single value',
    zh: '按维度取值的系数只给了单个值',
  },
  value_expected: { class: 'input', meaning: 'a coefficient without dimensions is given a table', zh: '不分维度的系数不应以表的形式给出' },
  table_key: {
    class: 'input',
    meaning: "a coefficient table's rows do not match its dimensions' keys",
    zh: '系数表的行与其维度的键不对应',
  },
  formula_invalid: {
    class: 'input',
    meaning: 'a formula does not compile (syntax, names, units, self-reference)',
    zh: '公式无法编译（语法、名称、单位或自引用有误）',
  },
  formula_failed: { class: 'input', meaning: 'a formula could not be evaluated for a region-year', zh: '公式在某地区某年无法求值' },
  float_unsupported: {
    class: 'input',
    meaning: 'the float64 path (engine/fast) cannot take this model or data: use the exact path',
    zh: '浮点快速路径无法处理此模型或数据，请改用精确路径',
  },
  cycle: { class: 'input', meaning: 'formulas refer to each other in a circle', zh: '公式之间循环引用' },
  coefficient_unknown: { class: 'input', meaning: 'a coefficient is not in the model', zh: '模型中没有该系数' },
  input_unknown: { class: 'input', meaning: 'an input is not in the model', zh: '模型中没有该输入项' },
  indicator_unknown: {
    class: 'input',
    meaning: 'an indicator is not one the model or run computes',
    zh: '该指标不在模型或本次运行的计算范围内',
  },
  service_unknown: { class: 'input', meaning: 'a service is not in the model', zh: '模型中没有该服务' },
  variant_unknown: {
    class: 'input',
    meaning: 'a method variant is not one the model declares for the service',
    zh: '该方法变体不是模型为此服务声明的变体',
  },
  variant_invalid: {
    class: 'input',
    meaning: "a model's method variant is malformed (the default changes something, another changes nothing, ids twice)",
    zh: '模型的方法变体格式有误（默认变体改动了内容、其他变体未作改动或编号重复）',
  },
  covers_invalid: {
    class: 'input',
    meaning: 'the ecosystem types chosen for a service do not apply (unknown type, or the service counts no types)',
    zh: '为服务选定的生态系统类型不适用（类型未知，或该服务不按类型计）',
  },
  realised_twice: {
    class: 'input',
    meaning: 'a service is counted twice in the realised (market) value',
    zh: '同一服务在已实现（市场）价值中被重复计入',
  },
  scorecard_order: { class: 'input', meaning: "a scorecard indicator's thresholds are not in order", zh: '评分卡指标的阈值顺序有误' },
  // Indicator systems (engine/index/, issue 15)
  weight_missing: {
    class: 'input',
    meaning: 'an indicator system weighted by given weights lacks a weight',
    zh: '采用给定权重的指标体系缺少某项权重',
  },
  method_conflict: {
    class: 'input',
    meaning: "an indicator system's normalisation does not suit its weighting or aggregation",
    zh: '指标体系的标准化方法与其赋权或合成方法不相容',
  },
  ahp_matrix: {
    class: 'input',
    meaning: 'an AHP judgement matrix is not square, reciprocal and positive, or does not fit its items',
    zh: 'AHP 判断矩阵不是方阵、不满足互反性或非正，或与其项目不符',
  },
  ahp_inconsistent: {
    class: 'input',
    meaning: 'AHP judgements are not consistent enough (consistency ratio CR ≥ 0.1)',
    zh: 'AHP 判断的一致性不足（一致性比率 CR ≥ 0.1）',
  },
  indicator_value_missing: {
    class: 'input',
    meaning: 'an indicator of the system has no value for a region-year',
    zh: '指标体系中的某项指标在某地区某年没有数值',
  },

  // Scenarios and uncertainty
  input_is_extent: {
    class: 'input',
    meaning: 'a scenario overrides the extent as an input instead of converting land',
    zh: '情景直接改写了面积输入项，而不是通过土地转换',
  },
  no_extent: {
    class: 'input',
    meaning: 'a conversion is asked of a model without an extent input',
    zh: '对没有面积输入项的模型提出了土地转换',
  },
  conversion_same_type: {
    class: 'input',
    meaning: 'a land conversion has the same from and to type',
    zh: '土地转换的转出类型与转入类型相同',
  },
  conversion_exceeds_area: { class: 'input', meaning: 'a land conversion moves more area than exists', zh: '土地转换的面积超过现有面积' },
  growth_conflict: {
    class: 'input',
    meaning: 'a growth path and an input override set the same value',
    zh: '增长路径与输入项覆盖设定了同一个值',
  },
  rate_invalid: { class: 'input', meaning: 'a growth rate would make a value zero or negative', zh: '增长率会使数值变为零或负数' },
  price_year_unexpected: {
    class: 'input',
    meaning: 'a price year is given for a value that is not money',
    zh: '为非货币量的数值给出了价格年份',
  },
  price_year_mismatch: {
    class: 'input',
    meaning: "a coefficient override's price year differs from the entry it replaces",
    zh: '系数覆盖的价格年份与被替换条目的不同',
  },
  range_order: { class: 'input', meaning: 'an uncertainty range has high below low', zh: '不确定性区间的上限低于下限' },
  range_mode: { class: 'input', meaning: "an uncertainty range's mode is outside it", zh: '不确定性区间的众数落在区间之外' },
  range_lognormal: { class: 'input', meaning: 'a lognormal range does not have low > 0', zh: '对数正态区间的下限必须大于 0' },
  coefficient_negative: {
    class: 'input',
    meaning: 'a scenario makes negative a coefficient the model never gives a negative value',
    zh: '情景将模型中从不为负的系数设为负值',
  },

  // EOD appraisal and ecological asset value (engine/finance/{discount,eod,asset}.ts)
  irr_undefined: {
    class: 'input',
    meaning: 'cash flows whose NPV does not change sign over the searched rates have no IRR',
    zh: '现金流的净现值在所搜索的折现率范围内不变号，无法求内部收益率',
  },
  project_invalid: {
    class: 'input',
    meaning: 'an EOD project file names a year, service or line that does not fit the appraisal',
    zh: 'EOD 项目文件所列的年份、服务或条目与评估不符',
  },
  discount_rate_bounds: {
    class: 'input',
    meaning: 'a discount rate is not a share a year between −1 and 1 (6 % is written 0.06)',
    zh: '折现率不是介于 −1 与 1 之间的年比率（6% 应写作 0.06）',
  },
  range_negative: {
    class: 'input',
    meaning: "a line's multiplier range reaches below 0 (it would turn a cost into a revenue)",
    zh: '条目的乘数区间下限低于 0（会把成本变成收入）',
  },

  // Options of a command or a request body
  option_invalid: {
    class: 'input',
    meaning: 'an option of the command, the run or the server configuration is not valid',
    zh: '命令、运行或服务器配置的选项无效',
  },

  // HTTP requests (the API)
  request_invalid: {
    class: 'request',
    meaning: 'the body, query or path does not fit the route (or is not UTF-8 JSON); the field names where',
    zh: '请求体、查询参数或路径不符合该接口的要求（或不是 UTF-8 JSON）；字段指出出错之处',
  },
  request_timeout: { class: 'request', meaning: 'the request did not arrive in time', zh: '请求未在规定时间内送达' },
  method_not_allowed: {
    class: 'request',
    meaning: 'the route exists, but not for this method (the Allow header lists those it takes)',
    zh: '接口存在，但不支持此请求方法（Allow 响应头列出支持的方法）',
  },
  api_key_missing: {
    class: 'unauthorized',
    meaning: 'the route needs an API key and none was sent',
    zh: '该接口需要 API 密钥，但请求未携带',
    message: 'an API key is needed (Authorization: Bearer <key>); create one with "gep keys create <name>"',
  },
  api_key_invalid: {
    class: 'unauthorized',
    meaning: 'the API key is unknown or revoked',
    zh: 'API 密钥未知或已吊销',
    message: 'the API key is unknown or revoked',
  },
  body_too_large: {
    class: 'too_large',
    meaning: 'the body is larger than the route accepts',
    zh: '请求体超过该接口允许的大小',
    message: 'the body is larger than this route accepts; nothing was stored',
  },
  uri_too_long: { class: 'too_large', meaning: 'the URL is longer than the server accepts', zh: 'URL 超过服务器允许的长度' },
  headers_too_large: {
    class: 'too_large',
    meaning: 'the request headers are larger than the server accepts',
    zh: '请求头超过服务器允许的大小',
  },
  media_type_unsupported: {
    class: 'unsupported',
    meaning: "the body's content type is not one the route reads",
    zh: '请求体的内容类型不是该接口可读取的类型',
  },
  run_not_done: {
    class: 'conflict',
    meaning: 'the run is queued, running, failed or interrupted',
    zh: '该运行尚在排队、正在计算、已失败或已中断',
  },
  run_attempts_exhausted: {
    class: 'internal',
    meaning: "the run's workers stopped (their leases expired) more times than its attempts allow",
    zh: '运行的工作进程中断（租约过期）次数超过允许的重试次数',
  },
  trace_not_kept: { class: 'conflict', meaning: 'the run was made without traces', zh: '该运行未保留计算追溯记录' },
  shutting_down: {
    class: 'unavailable',
    meaning: 'the server is shutting down',
    zh: '服务器正在关闭',
    message: 'the server is shutting down',
  },
  queue_full: {
    class: 'unavailable',
    meaning: 'the store already holds as many queued jobs as the server takes (GEP_MAX_QUEUED_JOBS)',
    zh: '排队中的计算任务已达服务器上限',
    message: 'the run queue is full: try again later',
  },
  run_not_reproducible: {
    class: 'internal',
    meaning: 'a stored run computed again does not match what was stored',
    zh: '已存运行重新计算的结果与存档不一致',
  },
  internal: {
    class: 'internal',
    meaning: 'an unexpected error',
    zh: '程序内部错误',
    message: 'the server could not answer; the error is in its log',
  },
} as const satisfies Record<string, IssueSpec>;

export type IssueCode = keyof typeof ISSUE_CODES;

export const classOf = (code: IssueCode): IssueClass => ISSUE_CODES[code].class;

/** The registry's generic message of a code (its meaning when it has none). */
export const messageOf = (code: IssueCode): string => {
  const spec: IssueSpec = ISSUE_CODES[code];
  return spec.message ?? spec.meaning;
};

/** The code's meaning in Chinese (the zh workbench's problem message). */
export const zhMeaningOf = (code: IssueCode): string => ISSUE_CODES[code].zh;

export const isIssueCode = (code: string): code is IssueCode => Object.hasOwn(ISSUE_CODES, code);

/** Notes a run records on its result (engine/eval/trace.ts Diagnostic): not refusals, so not issue codes. */
export const DIAGNOSTIC_CODES = {
  cap_bound: 'a cap(x, limit) bound: the value is the limit, not x',
  cap_not_applied: 'an optional limit had no data, so the value is x uncapped',
  fallback: 'a coefficient was read from its "*" default row',
  before_first_entry: "a year before a coefficient's first entry used that entry",
  given_over_computed: 'a given value was used where the formula also evaluates (dataset.yaml says the given value wins)',
  given_unused: 'a given value was not used: the formula evaluates and dataset.yaml says the computed value wins',
  physical_not_given: "a service's money value is given and its physical quantity is neither given nor computable: it is absent",
} as const;
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
