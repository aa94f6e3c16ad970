/**
 * Every issue code, in one place: its class (what kind of refusal it is, which decides the CLI exit code and the
 * HTTP status), a one-line meaning, and a message where the message is generic. A message that names the file,
 * row, field or value is written where the problem is found; the code always comes from here.
 *
 * `IssueCode` is the union of these keys, so a code that is not registered does not compile. To add a code: add
 * it below, in its group, with the class and meaning; the registry test checks that it maps to an exit code and an
 * HTTP status and that it is used. The diagnostics of a run (DIAGNOSTIC_CODES, at the end) are notes on a result,
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
  /** The message when the site has nothing more specific to say. */
  message?: string;
}

export const ISSUE_CODES = {
  // Files and their syntax
  file_missing: { class: 'input', meaning: 'a file that is named or listed does not exist', message: 'no such file' },
  file_empty: { class: 'input', meaning: 'a CSV file has no header row', message: 'no header row' },
  file_unused: { class: 'input', meaning: 'an uploaded file is not listed in the manifest' },
  not_utf8: { class: 'input', meaning: 'a file is not UTF-8 text', message: 'the file is not UTF-8 text (save it as UTF-8)' },
  yaml_syntax: { class: 'input', meaning: 'a YAML (or JSON) file does not parse' },
  yaml_aliases: { class: 'input', meaning: 'a YAML file expands too many aliases (an alias bomb)' },
  csv_syntax: { class: 'input', meaning: 'a CSV file does not parse' },
  schema_invalid: {
    class: 'input',
    meaning: 'a model, manifest, scenario, factor set or spec does not fit its schema; the path names the field',
  },
  manifest_missing: {
    class: 'input',
    meaning: 'a dataset has no dataset.yaml',
    message: 'every dataset folder has a dataset.yaml manifest',
  },
  cell_count: { class: 'input', meaning: 'a CSV row has more or fewer cells than the header (a sheet row: a value outside the header)' },
  // Workbooks (datasets/xlsx.ts): a dataset as one .xlsx file
  xlsx_unreadable: { class: 'input', meaning: 'a file given as a workbook is not a readable .xlsx file' },
  xlsx_too_large: { class: 'too_large', meaning: 'a workbook is larger, or inflates to more, than is read (a zip bomb among them)' },
  sheet_missing: { class: 'input', meaning: 'a table the manifest lists, or a required table, has no sheet in the workbook' },
  sheet_unused: { class: 'input', meaning: 'a sheet of a workbook that is no table of the dataset (a note, not refused)' },
  number_inexact: {
    class: 'input',
    meaning: 'a workbook number cell holds a binary double that is not a decimal as typed (more than 15 significant digits)',
  },
  xlsx_formula: { class: 'input', meaning: 'a workbook formula cell has no result saved with it' },
  xlsx_formula_result: { class: 'input', meaning: 'formula cells were read as the results saved with the workbook (a note)' },
  xlsx_date: { class: 'input', meaning: 'date cells of a workbook were read as ISO text (a note)' },
  xlsx_cell_error: { class: 'input', meaning: 'a workbook cell holds an Excel error value (#N/A, #DIV/0! …)' },
  xlsx_merged: { class: 'input', meaning: 'a table sheet of a workbook has merged cells' },
  column_missing: { class: 'input', meaning: 'a required CSV column is missing' },
  column_unknown: { class: 'input', meaning: 'a CSV column is not one the table has' },
  column_duplicate: { class: 'input', meaning: 'a CSV column appears twice' },
  duplicate_row: { class: 'input', meaning: 'a CSV row repeats the key of an earlier row' },
  source_missing: { class: 'input', meaning: 'a value that must name its source (a local coefficient) does not' },

  // Values in a cell or a field
  not_a_number: { class: 'input', meaning: 'a value is not a decimal number' },
  number_too_long: { class: 'input', meaning: 'a number is longer than the bounded reader takes (engine/core/decimal-text.ts)' },
  number_too_many_digits: { class: 'input', meaning: 'a number has more significant digits than are held exactly' },
  number_out_of_range: { class: 'input', meaning: 'a number is outside the magnitudes the bounded reader accepts' },
  result_out_of_range: { class: 'input', meaning: 'a computed value is implausibly large or small (the inputs are)' },
  not_a_year: { class: 'input', meaning: 'a value is not a year' },
  not_a_period: { class: 'input', meaning: 'a value is neither a year nor a month' },
  not_a_fraction: { class: 'input', meaning: 'a share or reduction is not between 0 and 1' },
  not_positive: { class: 'input', meaning: 'a value that must be greater than zero is not' },
  negative: { class: 'input', meaning: 'a value that cannot be negative is' },
  below_minimum: { class: 'input', meaning: "a value is below its input's declared minimum" },
  above_maximum: { class: 'input', meaning: "a value is above its input's declared maximum" },
  unit_missing: { class: 'input', meaning: 'a value has no unit where one is needed' },
  unit_invalid: { class: 'input', meaning: 'a unit is not one the engine knows' },
  unit_mismatch: { class: 'input', meaning: 'a unit cannot be converted to the one expected' },
  years_order: { class: 'input', meaning: 'a year that must come after another does not' },

  // What a dataset holds, against its manifest and the model
  region_unknown: { class: 'input', meaning: 'a region is not in the dataset' },
  year_unknown: { class: 'input', meaning: "a year is not among the dataset's years" },
  base_year_unknown: { class: 'input', meaning: 'the base year is not among the years accounted or in the dataset' },
  region_year_missing: { class: 'input', meaning: 'the dataset has no data for a region in a year that is needed' },
  data_missing: { class: 'input', meaning: 'an input a formula needs has no rows for a region-year' },
  variable_unknown: { class: 'input', meaning: 'a variable is not one the table takes' },
  variable_misplaced: { class: 'input', meaning: 'a variable is in the wrong table' },
  variable_unused: { class: 'input', meaning: 'rows for a variable the model does not use (reported as a warning, not refused)' },
  given_and_computed: {
    class: 'input',
    meaning: 'a value is given by the dataset and its formula can compute it too, and the dataset does not say which wins',
  },
  given_total_read_by_key: { class: 'input', meaning: 'a value given as a total is read by key by an indicator that is computed' },
  given_key: { class: 'input', meaning: 'a given value names a key its indicator does not break down by, or mixes a total and keys' },
  key_unknown: { class: 'input', meaning: "a key (ecosystem type or other dimension key) is not one of its dimension's keys" },
  alias_conflict: { class: 'input', meaning: 'a classification alias names two keys, or a key of another meaning' },
  key_mixed: { class: 'input', meaning: 'a level-1 class and one of its own types are both given for the same region-year' },
  key_shape: { class: 'input', meaning: "a key does not have the shape of the variable's dimensions" },
  change_margin: { class: 'input', meaning: 'the margins of a land-cover transition matrix do not equal the extent' },
  deflator_missing: { class: 'input', meaning: "the manifest's deflator has no rows" },
  price_index_missing: { class: 'input', meaning: 'a price index needed to move money between years is missing' },
  economy_missing: { class: 'input', meaning: 'GDP or population that a dual account needs is missing' },
  carbon_missing: { class: 'input', meaning: 'carbon activity data that a carbon run needs is missing' },
  dataset_unknown: { class: 'input', meaning: 'a scenario names a stored dataset that does not exist' },
  dataset_mismatch: { class: 'input', meaning: 'a scenario is written for another dataset than the one given' },
  dataset_exists: { class: 'conflict', meaning: 'the folder already holds a dataset' },

  // Carbon activity, entities and factors
  item_unknown: { class: 'input', meaning: 'an activity item (fuel, feedstock, process, sink) is not in the factor set' },
  sector_unknown: { class: 'input', meaning: 'a sector is not in the factor set, or a row needs one' },
  sector_unexpected: { class: 'input', meaning: 'a row of a kind that has no sector gives one' },
  kind_unknown: { class: 'input', meaning: 'an activity kind is not one the file takes' },
  entity_id: { class: 'input', meaning: 'an entity id is not a valid id' },
  entity_unknown: { class: 'input', meaning: 'an activity names an entity not in the entities file' },
  parent_unknown: { class: 'input', meaning: "an entity's parent is not an entity" },
  parent_region: { class: 'input', meaning: "an entity is not in its parent's region" },
  parent_cycle: { class: 'input', meaning: 'an entity is its own ancestor' },
  period_mixed: { class: 'input', meaning: 'an entity has both yearly and monthly rows' },
  emission_sector: { class: 'input', meaning: 'a direct emission is in a sector with no non-energy class' },
  factor_missing: { class: 'input', meaning: 'the factor set has no such factor (fuel, grid series, process) at all' },
  factor_unknown: { class: 'input', meaning: 'a scenario names a carbon factor the factor set does not have' },
  factor_negative: { class: 'input', meaning: 'a scenario makes negative a carbon factor the set never gives a negative value' },
  factor_unit: { class: 'input', meaning: 'a carbon factor is not in a unit of what it measures' },
  lmdi_input: { class: 'input', meaning: 'LMDI decomposition inputs are zero or missing where a logarithm needs them' },

  // Environmental rights and the lending book (rights.csv, loans.csv, rights price sets; issue 16)
  right_type_unknown: { class: 'input', meaning: 'a right type is not one the ledger takes' },
  right_status_unknown: { class: 'input', meaning: 'a right status is not held, issued, pledged or retired' },
  holder_kind_unknown: { class: 'input', meaning: 'a holder kind is not district, park or enterprise' },
  stand_unknown: { class: 'input', meaning: 'a forest right names no stand, or one the price set does not have' },
  stand_unexpected: { class: 'input', meaning: 'a right that is not a forest right names a stand' },
  price_missing: { class: 'input', meaning: 'the price set has no price in force for a right on its valuation date' },
  instrument_unknown: { class: 'input', meaning: 'an instrument is not one the lending book takes' },
  cell_empty: { class: 'input', meaning: 'a cell that must hold a value for this row is empty' },
  yes_no_invalid: { class: 'input', meaning: 'a yes/no cell is neither yes nor no' },
  denominator_missing: { class: 'input', meaning: 'an exposure lacks the PCAF denominator its borrower needs (EVIC or equity + debt)' },
  attribution_above_one: { class: 'input', meaning: 'an outstanding amount is larger than the EVIC or equity + debt it is divided by' },
  quality_score_invalid: { class: 'input', meaning: 'a PCAF data-quality score is not a whole number from 1 to 5' },

  // Dated parameters (GEP coefficients and carbon factors alike; engine/params/in-force.ts decides what is in force)
  parameter_not_in_force: { class: 'input', meaning: 'a coefficient or factor has no entry yet in the year asked (before its first from)' },
  parameter_ended: { class: 'input', meaning: 'a coefficient or factor ended (until) before the year asked, and nothing succeeds it' },
  parameter_missing_key: { class: 'input', meaning: 'a coefficient\'s table has no row for a key (nor its group, nor "*")' },

  // Models, factor sets, specs and their versions
  not_found: { class: 'not_found', meaning: 'the model, factor set, dataset, scenario, run, coefficient or route named does not exist' },
  model_mismatch: { class: 'input', meaning: 'a scenario or spec is written for another model, factor set or version than the one given' },
  published_model_unlocked: { class: 'input', meaning: 'a model says it is published but is not in the lock file' },
  published_model_changed: { class: 'input', meaning: "a published model's content changed since it was locked" },
  classification_missing: { class: 'input', meaning: 'a model names a classification file that does not exist' },
  name_clash: { class: 'input', meaning: 'two things in a model share one name' },
  duplicate: { class: 'input', meaning: 'a service, entry, factor, indicator or run is given twice' },
  category_unknown: { class: 'input', meaning: 'a service is in a category the model does not declare' },
  dimension_unknown: { class: 'input', meaning: 'a dimension is not declared in the model' },
  dimension_empty: { class: 'input', meaning: 'a closed dimension lists no keys' },
  group_unknown: { class: 'input', meaning: 'a key belongs to a group the dimension does not declare' },
  table_expected: { class: 'input', meaning: 'a coefficient that varies by a dimension is given a single value' },
  value_expected: { class: 'input', meaning: 'a coefficient without dimensions is given a table' },
  table_key: { class: 'input', meaning: "a coefficient table's rows do not match its dimensions' keys" },
  formula_invalid: { class: 'input', meaning: 'a formula does not compile (syntax, names, units, self-reference)' },
  formula_failed: { class: 'input', meaning: 'a formula could not be evaluated for a region-year' },
  float_unsupported: { class: 'input', meaning: 'the float64 path (engine/fast) cannot take this model or data: use the exact path' },
  cycle: { class: 'input', meaning: 'formulas refer to each other in a circle' },
  coefficient_unknown: { class: 'input', meaning: 'a coefficient is not in the model' },
  input_unknown: { class: 'input', meaning: 'an input is not in the model' },
  indicator_unknown: { class: 'input', meaning: 'an indicator is not one the model or run computes' },
  service_unknown: { class: 'input', meaning: 'a service is not in the model' },
  variant_unknown: { class: 'input', meaning: 'a method variant is not one the model declares for the service' },
  variant_invalid: {
    class: 'input',
    meaning: "a model's method variant is malformed (the default changes something, another changes nothing, ids twice)",
  },
  covers_invalid: {
    class: 'input',
    meaning: 'the ecosystem types chosen for a service do not apply (unknown type, or the service counts no types)',
  },
  realised_twice: { class: 'input', meaning: 'a service is counted twice in the realised (market) value' },
  scorecard_order: { class: 'input', meaning: "a scorecard indicator's thresholds are not in order" },
  // Indicator systems (engine/index/, issue 15)
  weight_missing: { class: 'input', meaning: 'an indicator system weighted by given weights lacks a weight' },
  method_conflict: { class: 'input', meaning: "an indicator system's normalisation does not suit its weighting or aggregation" },
  ahp_matrix: { class: 'input', meaning: 'an AHP judgement matrix is not square, reciprocal and positive, or does not fit its items' },
  ahp_inconsistent: { class: 'input', meaning: 'AHP judgements are not consistent enough (consistency ratio CR ≥ 0.1)' },
  indicator_value_missing: { class: 'input', meaning: 'an indicator of the system has no value for a region-year' },

  // Scenarios and uncertainty
  input_is_extent: { class: 'input', meaning: 'a scenario overrides the extent as an input instead of converting land' },
  no_extent: { class: 'input', meaning: 'a conversion is asked of a model without an extent input' },
  conversion_same_type: { class: 'input', meaning: 'a land conversion has the same from and to type' },
  conversion_exceeds_area: { class: 'input', meaning: 'a land conversion moves more area than exists' },
  growth_conflict: { class: 'input', meaning: 'a growth path and an input override set the same value' },
  rate_invalid: { class: 'input', meaning: 'a growth rate would make a value zero or negative' },
  price_year_unexpected: { class: 'input', meaning: 'a price year is given for a value that is not money' },
  price_year_mismatch: { class: 'input', meaning: "a coefficient override's price year differs from the entry it replaces" },
  range_order: { class: 'input', meaning: 'an uncertainty range has high below low' },
  range_mode: { class: 'input', meaning: "an uncertainty range's mode is outside it" },
  range_lognormal: { class: 'input', meaning: 'a lognormal range does not have low > 0' },
  coefficient_negative: { class: 'input', meaning: 'a scenario makes negative a coefficient the model never gives a negative value' },

  // EOD appraisal and ecological asset value (engine/finance/{discount,eod,asset}.ts)
  irr_undefined: { class: 'input', meaning: 'cash flows whose NPV does not change sign over the searched rates have no IRR' },
  project_invalid: { class: 'input', meaning: 'an EOD project file names a year, service or line that does not fit the appraisal' },
  discount_rate_bounds: { class: 'input', meaning: 'a discount rate is not a share a year between −1 and 1 (6 % is written 0.06)' },
  range_negative: { class: 'input', meaning: "a line's multiplier range reaches below 0 (it would turn a cost into a revenue)" },

  // Options of a command or a request body
  option_invalid: { class: 'input', meaning: 'an option of the command, the run or the server configuration is not valid' },

  // HTTP requests (the API)
  request_invalid: {
    class: 'request',
    meaning: 'the body, query or path does not fit the route (or is not UTF-8 JSON); the field names where',
  },
  request_timeout: { class: 'request', meaning: 'the request did not arrive in time' },
  method_not_allowed: { class: 'request', meaning: 'the route exists, but not for this method (the Allow header lists those it takes)' },
  api_key_missing: {
    class: 'unauthorized',
    meaning: 'the route needs an API key and none was sent',
    message: 'an API key is needed (Authorization: Bearer <key>); create one with "gep keys create <name>"',
  },
  api_key_invalid: { class: 'unauthorized', meaning: 'the API key is unknown or revoked', message: 'the API key is unknown or revoked' },
  body_too_large: {
    class: 'too_large',
    meaning: 'the body is larger than the route accepts',
    message: 'the body is larger than this route accepts; nothing was stored',
  },
  uri_too_long: { class: 'too_large', meaning: 'the URL is longer than the server accepts' },
  headers_too_large: { class: 'too_large', meaning: 'the request headers are larger than the server accepts' },
  media_type_unsupported: { class: 'unsupported', meaning: "the body's content type is not one the route reads" },
  run_not_done: { class: 'conflict', meaning: 'the run is queued, running, failed or interrupted' },
  trace_not_kept: { class: 'conflict', meaning: 'the run was made without traces' },
  shutting_down: { class: 'unavailable', meaning: 'the server is shutting down', message: 'the server is shutting down' },
  run_not_reproducible: { class: 'internal', meaning: 'a stored run computed again does not match what was stored' },
  internal: { class: 'internal', meaning: 'an unexpected error', message: 'the server could not answer; the error is in its log' },
} as const satisfies Record<string, IssueSpec>;

export type IssueCode = keyof typeof ISSUE_CODES;

export const classOf = (code: IssueCode): IssueClass => ISSUE_CODES[code].class;

/** The registry's generic message of a code (its meaning when it has none). */
export const messageOf = (code: IssueCode): string => {
  const spec: IssueSpec = ISSUE_CODES[code];
  return spec.message ?? spec.meaning;
};

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
