import type { Dec } from '../core/decimal.ts';
import type { LocalCoefficients } from './local-coefficients.ts';

/** Values of every input for one region-year: input name → key tuple ("" for scalars, "a|b" for two dims) → value. */
export type RegionYearValues = Map<string, Map<string, Dec>>;

/**
 * What the evaluator needs from a dataset, already parsed, validated and converted to the model's units.
 * The engine never reads files: datasets/ builds this.
 */
export interface AccountingData {
  regions: string[];
  years: number[];
  values(region: string, year: number): RegionYearValues | undefined;
  /** Price index of `series` in `year`, any base (only ratios are used). */
  priceIndex(series: string, year: number): Dec | undefined;
  /** The series that deflates money amounts given in current prices (usually cpi). */
  deflator: string;
  /** The dataset's own coefficient values (coefficients.csv), which replace the model's where they are in force. */
  localCoefficients?: LocalCoefficients;
  /** Values given by the dataset instead of computed (a GIS or published figure): see engine/eval/given.ts. */
  given?(region: string, year: number): RegionYearGiven | undefined;
  /** Which wins when an indicator is both given and computable: the dataset's `given.precedence`, if it says. */
  givenPrecedence?(indicator: string): GivenPrecedence | undefined;
}

/** Where a given value comes from: the row (or scenario field) that gave it, as written. */
export interface GivenRow {
  file: string;
  line?: number;
  /** The scenario and its override's field, when a scenario gave it (its value wins over the formula). */
  scenario?: string;
  path?: string;
  source?: string;
  /** The value and unit as written, before conversion to the indicator's unit. */
  value: string;
  unit: string;
}
export interface GivenValue {
  /** In the indicator's unit; a money value is priced in the year it is given for. */
  value: Dec;
  row: GivenRow;
}
/** Given values of one region-year: indicator id → key ("" for the total, else the breakdown key) → value. */
export type RegionYearGiven = Map<string, Map<string, GivenValue>>;
export type GivenPrecedence = 'given' | 'computed';

export type PriceBasis = { kind: 'current' } | { kind: 'constant'; baseYear: number };

export function basisLabel(b: PriceBasis): string {
  return b.kind === 'current' ? 'current' : `constant-${b.baseYear}`;
}
