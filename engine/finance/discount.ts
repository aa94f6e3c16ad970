import { type Dec, dec, ONE, ZERO } from '../core/decimal.ts';
import { IssuesError } from '../core/errors.ts';

/**
 * Discounting in exact decimals (34 significant digits), shared by the EOD appraisal, the ecological asset
 * value and the forest-right income approach. Convention: a flow series `flows[t]` falls at the END of year t,
 * t = 0 being the first year (so flows[0] is not discounted), the usual textbook convention for NPV tables
 * (e.g. Brealey, Myers & Allen, Principles of Corporate Finance, ch. 2 and 5).
 */

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

/** Present value Σ amount_t / (1 + r)^t of dated flows (the forest-right income approach, engine/finance/rights.ts). */
export function presentValue(flows: readonly DatedFlow[], rate: Dec): Dec {
  return flows.reduce((pv, f) => pv.plus(f.amount.mul(discountFactor(rate, f.t))), ZERO);
}

/** NPV = Σ_t flows[t] / (1 + r)^t, t = 0 … n−1. */
export function npv(rate: Dec, flows: readonly Dec[]): Dec {
  let sum = ZERO;
  // (1+r)^t built up year by year: one multiplication a year instead of a power
  let growth = ONE;
  const base = ONE.plus(rate);
  for (const f of flows) {
    sum = sum.plus(f.div(growth));
    growth = growth.mul(base);
  }
  return sum;
}

/** The discounted series: flows[t] / (1 + r)^t. */
export function discounted(rate: Dec, flows: readonly Dec[]): Dec[] {
  const base = ONE.plus(rate);
  let growth = ONE;
  return flows.map((f) => {
    const d = f.div(growth);
    growth = growth.mul(base);
    return d;
  });
}

/**
 * Present value of a series received at the end of years 1 … n (an asset's future services): Σ_{t=1..n} flows[t−1] / (1 + r)^t.
 * The first flow is discounted one year: a value at the opening of the period (SEEA EA 2021 ch. 10, NPV of expected flows).
 */
export function presentValueOfSeries(rate: Dec, flows: readonly Dec[]): Dec {
  return npv(rate, [ZERO, ...flows]);
}

/** Annuity factor a(n, r) = (1 − (1 + r)^−n) / r: the PV of 1 a year at the end of years 1 … n; n when r = 0. */
export function annuityFactor(rate: Dec, n: number): Dec {
  if (!Number.isInteger(n) || n < 0) throw new Error(`annuityFactor: n = ${n} is not a whole number of years ≥ 0`);
  if (rate.isZero()) return dec(String(n));
  return ONE.minus(ONE.div(ONE.plus(rate).pow(n))).div(rate);
}

/**
 * PV factor of a flow growing at g a year, first flow at the end of year 1: Σ_{t=1..n} (1 + g)^(t−1) / (1 + r)^t.
 * Closed form (1 − ((1+g)/(1+r))^n) / (r − g), and n / (1 + r) when g = r (growing annuity).
 */
export function growingAnnuityFactor(rate: Dec, growth: Dec, n: number): Dec {
  if (growth.isZero()) return annuityFactor(rate, n);
  if (rate.eq(growth)) return dec(String(n)).div(ONE.plus(rate));
  return ONE.minus(ONE.plus(growth).div(ONE.plus(rate)).pow(n)).div(rate.minus(growth));
}

/**
 * Years until the cumulative flow turns non-negative, with the last year interpolated linearly (the fraction of
 * the year in which the remaining shortfall is recovered): t − 1 + (−cum[t−1]) / flows[t]. Counted from the
 * end of year 0, so a project that invests in year 0 and earns 40 a year from year 1 on 100 pays back in 2.5.
 * undefined when it never does within the series; 0 when the cumulative flow is never below 0.
 */
export function paybackYears(flows: readonly Dec[]): Dec | undefined {
  // a first year of no or some inflow before the works is not "paid back": count from the first deficit
  let cum = ZERO;
  for (const [t, f] of flows.entries()) {
    const next = cum.plus(f);
    if (cum.lt(0) && next.gte(0)) return dec(String(t - 1)).plus(cum.neg().div(f));
    cum = next;
  }
  // still in deficit at the end: never; never in deficit: at once
  return cum.lt(0) ? undefined : ZERO;
}

/** Discounted payback: the same on the discounted flows. */
export const discountedPaybackYears = (rate: Dec, flows: readonly Dec[]): Dec | undefined => paybackYears(discounted(rate, flows));

/** How closely the IRR is found: the bracket is halved until it is narrower than this (in rate, 10⁻¹² = 10⁻¹⁰ %). */
export const IRR_TOLERANCE = dec('1e-12');
/** The IRR is reported to this many decimal places of the rate (10⁻¹⁰: 10⁻⁸ percentage points). */
export const IRR_PLACES = 10;

export interface IrrOptions {
  /** Bracket searched (default −0.99 … 10: −99 % to 1,000 % a year). */
  low?: Dec;
  high?: Dec;
}

/**
 * Internal rate of return: the r with NPV(r) = 0, found by bisection in exact decimals on [low, high] until the
 * bracket is narrower than IRR_TOLERANCE, rounded to IRR_PLACES. Bisection needs a sign change of NPV over the
 * bracket: without one (all flows of one sign, or NPV > 0 or < 0 throughout) there is no IRR to report, and it
 * is refused (`irr_undefined`) instead of guessing. Series whose sign changes more than once may have several
 * IRRs; bisection returns one of them, so the appraisal prints the sign changes beside it.
 */
export function irr(flows: readonly Dec[], opts: IrrOptions = {}): Dec {
  let lo = opts.low ?? dec('-0.99');
  let hi = opts.high ?? dec('10');
  let fLo = npv(lo, flows);
  const fHi = npv(hi, flows);
  if (fLo.isZero()) return lo;
  if (fHi.isZero()) return hi;
  if (fLo.s === fHi.s)
    throw new IssuesError('run', [
      {
        code: 'irr_undefined',
        message:
          signChanges(flows) > 1
            ? `no IRR reported: NPV is ${fLo.gt(0) ? 'positive' : 'negative'} at both ${lo} and ${hi} (no sign change to bisect), and the cash flows change sign ${signChanges(flows)} times, so there may be several IRRs or none`
            : `the cash flows have no IRR between ${lo} and ${hi}: NPV is ${fLo.gt(0) ? 'positive' : 'negative'} at both ends (no sign change)`,
      },
    ]);
  while (hi.minus(lo).gt(IRR_TOLERANCE)) {
    const mid = lo.plus(hi).div(2);
    const fMid = npv(mid, flows);
    if (fMid.isZero()) return mid.toDecimalPlaces(IRR_PLACES);
    if (fMid.s === fLo.s) {
      lo = mid;
      fLo = fMid;
    } else hi = mid;
  }
  return lo.plus(hi).div(2).toDecimalPlaces(IRR_PLACES);
}

/** How many times the series changes sign (zeros skipped): more than one means the IRR may not be unique. */
export function signChanges(flows: readonly Dec[]): number {
  let n = 0;
  let last = 0;
  for (const f of flows) {
    if (f.isZero()) continue;
    if (last !== 0 && f.s !== last) n++;
    last = f.s;
  }
  return n;
}
