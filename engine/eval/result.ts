import type { Dec } from '../core/decimal.ts';
import type { Issue } from '../core/errors.ts';
import type { PriceBasis } from './data.ts';
import type { Diagnostic, TraceNode } from './trace.ts';

/**
 * Every indicator value is stored to QUANTUM decimal places (half-even), once, when it is computed.
 * Sums and differences of stored values are then exact at 34 significant digits for magnitudes below
 * 10²¹ (a thousand times world GDP in CNY), so identities such as
 * GEP = Σ categories = Σ services and ΔGEP = quantity effect + price effect hold to the last digit.
 */
export const QUANTUM = 12;

export interface IndicatorValue {
  value: Dec;
  /** Breakdown by the indicator's `over` keys (tuple joined by "|"), in domain order. */
  by?: Map<string, Dec>;
  /** Set when the value was given by the dataset (or a scenario) instead of computed by the formula. */
  origin?: 'given';
}

export interface RegionYearResult {
  region: string;
  year: number;
  basis: PriceBasis;
  /** The price year of every money value in this result. */
  priceYear: number;
  values: Map<string, IndicatorValue>;
  traces?: Map<string, TraceNode>;
  diagnostics: Diagnostic[];
  issues: Issue[];
}
