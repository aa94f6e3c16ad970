import type { CoefInfo, CompiledModel } from '../model/types.ts';
import { CoefficientResolver } from './coefficients.ts';
import type { AccountingData, PriceBasis } from './data.ts';
import { neededIndicators } from './needed.ts';
import { RegionYearRuntime } from './region-year-runtime.ts';
import type { RegionYearResult } from './result.ts';

export { type IndicatorValue, QUANTUM, type RegionYearResult } from './result.ts';

export interface EvaluateOptions {
  basis?: PriceBasis;
  trace?: boolean;
  /** A resolver for the same year and price year, shared across regions (batch speed). */
  resolver?: CoefficientResolver;
  /** Coefficients replaced by name (used only when no resolver is given). */
  coefficients?: ReadonlyMap<string, CoefInfo>;
  /** The current-price result of the same region-year: indicators without prices are copied, not recomputed. */
  reuse?: RegionYearResult;
}

/**
 * Evaluate every indicator of a compiled model for one region and year, at current prices or at a base
 * year's constant prices. An indicator that cannot be computed is reported in `issues` (and those that read
 * it are skipped); the others are still computed.
 */
export function evaluateRegionYear(
  model: CompiledModel,
  data: AccountingData,
  region: string,
  year: number,
  opts: EvaluateOptions = {},
): RegionYearResult {
  const basis = opts.basis ?? { kind: 'current' };
  const priceYear = basis.kind === 'current' ? year : basis.baseYear;
  const result: RegionYearResult = { region, year, basis, priceYear, values: new Map(), diagnostics: [], issues: [] };
  const own = data.values(region, year);
  if (!own) {
    result.issues.push({ code: 'region_year_missing', message: `the dataset has no data for region "${region}" in ${year}` });
    return result;
  }
  // At constant prices, observed prices are those of the base year; a base year outside the dataset's years takes
  // the year's own prices moved there by the deflator (engine/eval/base-year.ts).
  const moved = basis.kind === 'constant' && !data.years.includes(basis.baseYear);
  const prices = basis.kind === 'constant' && !moved ? data.values(region, basis.baseYear) : own;
  if (!prices) {
    result.issues.push({
      code: 'region_year_missing',
      message: `constant prices of ${priceYear} need the ${priceYear} prices of region "${region}", which the dataset does not have`,
    });
    return result;
  }
  if (opts.trace) result.traces = new Map();
  const resolver = opts.resolver ?? new CoefficientResolver(data, year, priceYear, opts.coefficients);
  const need = neededIndicators(model, data.given?.(region, year), data.givenPrecedence);
  const runtime = new RegionYearRuntime(model, data, result, { own, prices, movePrices: moved }, resolver, need);
  for (const plan of model.indicators) runtime.evaluate(plan, opts.reuse);
  return result;
}
