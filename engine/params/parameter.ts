import type { Dec } from '../core/decimal.ts';
import type { Unit } from '../core/units.ts';

/**
 * One dated parameter, in the spirit of OpenFisca's parameters: a named, sourced value (or a table of values
 * by key) that changes over time. GEP coefficients and carbon factors are both parameters, so scenarios, Monte
 * Carlo and the trace treat them alike. Which entry is in force is decided in one place: ./in-force.ts.
 */
export type ParamStatus = 'verified' | 'secondary' | 'unverified';

/** A value, with the low/high bounds Monte Carlo samples between when the source gives them. */
export type Cell = { value: Dec; low?: Dec; high?: Dec };

/** An uncertainty range as written (decimal text), with its distribution; normal/lognormal read low–high as the 95 % interval. */
export interface ParamRange {
  low: string;
  high: string;
  mode?: string | undefined;
  distribution: 'uniform' | 'triangular' | 'normal' | 'lognormal';
  source?: string | undefined;
}

export interface ParamEntry {
  /** First year in force. A later entry supersedes it from its own `from`. */
  from: number;
  /** Last year in force (inclusive), when validity ends without a successor (OpenFisca's `null`). */
  until?: number;
  /** A scalar value, or … */
  scalar?: Cell;
  /** … a table: key tuple joined by "|" → cell (a group key serves its members, "*" is a default row). */
  table?: Map<string, Cell>;
  source: string;
  /** How well the source was checked: seen in it (verified), in a repost or transcription (secondary), still to check. */
  status?: ParamStatus;
  range?: ParamRange;
  /** Year the money value is priced in (money parameters only). */
  priceYear?: number;
  /** The value and unit as written, when it was converted to the parameter's unit ("20908 kJ/kg"). */
  given?: string;
}

/** A dimension a table parameter is keyed by; a key's group (forest for broadleaf_forest) serves it when the key has no row. */
export interface ParamDim {
  name: string;
  groupOf: ReadonlyMap<string, string>;
}

export interface Parameter<E extends ParamEntry = ParamEntry> {
  /** What the parameter is called in messages and traces. */
  kind: 'coefficient' | 'factor';
  /** reservoir_cost, fuel.raw_coal.ncv, grid.sichuan.average … — the name a scenario overrides. */
  name: string;
  label?: { zh: string; en: string };
  /** The unit every entry's value is in (the engine's unit: factors are converted when compiled). */
  unit: Unit;
  /** Table dimensions, in key order; empty for a scalar parameter. */
  dims: readonly ParamDim[];
  /** Price-index series that moves a money value from its price year to another. */
  priceIndex?: string;
  /** Sorted by `from`, ascending, no two with the same `from`. */
  entries: E[];
}
