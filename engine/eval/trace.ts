import type { DiagnosticCode } from '../core/issue-codes.ts';
import type { GivenRow } from './data.ts';
/** How a value was computed: the formula, what it read, and (for the reads that are indicators) their own traces. */
export interface Read {
  kind: 'input' | 'coefficient' | 'indicator';
  name: string;
  /** Key tuple for dimensioned symbols, e.g. ["broadleaf_forest"]. */
  keys?: string[];
  value: string;
  unit: string;
  /** The year whose value was read (the base year for prices at constant prices). */
  year?: number;
  source?: string;
  /** How well a coefficient's source was checked (verified, secondary, unverified), when the entry says. */
  status?: string;
  validFrom?: number;
  /** Last year the entry is in force, when it ends without a successor. */
  validUntil?: number;
  priceYear?: number;
  /** Price-index ratio applied to move a money coefficient or amount to the price year wanted. */
  indexFactor?: string;
  /** Set when a table's "*" default row was used for a key it does not list. */
  fallback?: boolean;
  /** The table row that served the key, when it was the key's group (forest for broadleaf_forest). */
  matched?: string;
  /** The year is before the parameter's first entry, whose value is used (engine/params/in-force.ts). */
  beforeFirstEntry?: boolean;
  /** The value is the dataset's own (coefficients.csv), not the model's: where it is written. */
  local?: { file: string; line: number };
}

export interface TraceNode {
  id: string;
  formula: string;
  unit: string;
  value: string;
  over?: string[];
  by?: Record<string, string>;
  conversion?: { from: string; to: string; factor: string };
  reads: Read[];
  /** The rows that gave the value, when it was given (total: key ""), instead of a formula's reads. */
  given?: { key: string; row: GivenRow; indexFactor?: string }[];
  /** What the formula gives, when the dataset says the given value wins and the formula also evaluates. */
  computed?: string;
}

export interface Diagnostic {
  level: 'info' | 'warning';
  code: DiagnosticCode;
  indicator: string;
  region: string;
  year: number;
  keys?: string[];
  /** Set when the diagnostic comes from an evaluation at another year's (constant) prices. */
  priceYear?: number;
  message: string;
  /**
   * The figures and names the message is built from, for reports that say it in words (reports/names.ts): the
   * limit and the capacity of a cap with their unit, the coefficient of a fallback, the row of a given value.
   * Left out of result.json (reports/result-json.ts), whose diagnostics keep their shape.
   */
  facts?: DiagnosticFacts;
}
export interface DiagnosticFacts {
  limit?: string;
  value?: string;
  unit?: string;
  coefficient?: string;
  /** before_first_entry: the first entry's year, and the year it was used for. */
  from?: number;
  usedFor?: number;
  /** given_*: the given value, the formula's value, and the file, line and source of the row. */
  given?: string;
  computed?: string;
  file?: string;
  line?: number;
  source?: string;
  /** physical_not_given: the service. */
  service?: string;
}
