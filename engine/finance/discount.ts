import { type Dec, ONE, ZERO } from '../core/decimal.ts';

// Discounting (shared by the forest-right income approach and EOD appraisal; owned by the eod part, which
// adds NPV, IRR and payback here). Flows are dated in whole years after the valuation date, at year end:
// a flow in year t is worth amount / (1 + r)^t today.

/** A money flow t whole years after the valuation date (t = 1: the end of the first year). */
export interface DatedFlow {
  t: number;
  amount: Dec;
}

/** 1 / (1 + r)^t for a whole number of years t ≥ 0 (exact decimal powers: no float enters). */
export function discountFactor(rate: Dec, t: number): Dec {
  if (!Number.isInteger(t) || t < 0) throw new Error(`a flow is dated a whole number of years ≥ 0 after the valuation date (got ${t})`);
  if (rate.lte(-1)) throw new Error(`a discount rate must be above -1 (got ${rate.toString()})`);
  return ONE.div(ONE.plus(rate).pow(t));
}

/** Present value Σ amount_t / (1 + r)^t of dated flows. */
export function presentValue(flows: readonly DatedFlow[], rate: Dec): Dec {
  return flows.reduce((pv, f) => pv.plus(f.amount.mul(discountFactor(rate, f.t))), ZERO);
}
