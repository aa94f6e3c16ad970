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
}

export type PriceBasis = { kind: 'current' } | { kind: 'constant'; baseYear: number };

export function basisLabel(b: PriceBasis): string {
  return b.kind === 'current' ? 'current' : `constant-${b.baseYear}`;
}
