import type { Dec } from '../core/decimal.ts';
import { IssuesError } from '../core/errors.ts';
import { isMoney } from '../core/units.ts';
import { CoefficientResolver, EvalIssue, type ResolvedCoefficient } from '../eval/coefficients.ts';
import type { AccountingData, RegionYearValues } from '../eval/data.ts';
import { givenIndicatorValue } from '../eval/given.ts';
import { type Need, neededIndicators } from '../eval/needed.ts';
import type { CoefInfo, CompiledModel } from '../model/types.ts';
import { compileFloat, type FloatLayout, type FloatProgram } from './compile-float.ts';

/**
 * The columns the float program reads, filled from the same AccountingData the exact path reads: each input at
 * each layout key as the exact runtime would read it (observed prices from the price year, money moved by the
 * deflator), the given values with who wins, and coefficient vectors resolved by the exact CoefficientResolver
 * (entry in force, group rows, "*" defaults, local coefficients, re-pricing), then turned into float64.
 */

/** One row: a region-year at one price year (= year: current prices; else constant prices of that year). */
export interface RowKey {
  region: string;
  year: number;
  priceYear: number;
}

/** The layout of a dataset's region-years: open dimensions take the keys the data has; and the indicators given. */
export function layoutOf(
  model: CompiledModel,
  data: AccountingData,
  regionYears: { region: string; year: number }[],
): { layout: FloatLayout; given: Set<string> } {
  const open = new Map<string, Set<string>>();
  for (const d of model.dims.values()) if (d.open) open.set(d.name, new Set());
  const given = new Set<string>();
  const years = new Set(data.years);
  const seen = new Set<RegionYearValues>();
  for (const { region, year } of regionYears) {
    for (const y of years) {
      const v = data.values(region, y);
      if (!v || seen.has(v)) continue;
      seen.add(v);
      for (const info of model.inputs.values()) {
        const d = info.dims[0];
        if (!d?.open) continue;
        for (const k of v.get(info.name)?.keys() ?? []) open.get(d.name)!.add(k);
      }
    }
    for (const [id, byKey] of data.given?.(region, year) ?? []) {
      given.add(id);
      const d = model.indicatorById.get(id)?.over[0]?.dim;
      if (d?.open) for (const k of byKey.keys()) if (k !== '') open.get(d.name)!.add(k);
    }
  }
  return { layout: new Map([...open].map(([d, ks]) => [d, [...ks].sort()])), given };
}

const programs = new WeakMap<CompiledModel, Map<string, FloatProgram>>();

/** The float program of a model for a layout, compiled once per model and layout. */
export function floatProgram(model: CompiledModel, layout: FloatLayout, given: ReadonlySet<string>): FloatProgram {
  const sig = JSON.stringify([[...layout], [...given].sort()]);
  let byModel = programs.get(model);
  if (!byModel) programs.set(model, (byModel = new Map()));
  let p = byModel.get(sig);
  if (!p) byModel.set(sig, (p = compileFloat(model, layout, given)));
  return p;
}

const columnCache = new WeakMap<ReadonlyMap<string, Dec>, Map<readonly string[] | null, Float64Array>>();

/** An input's values at the layout keys as float64 (NaN where the data has no row), once per values map. */
function columnValues(byKey: ReadonlyMap<string, Dec>, keys: readonly string[] | null): Float64Array {
  let byKeys = columnCache.get(byKey);
  if (!byKeys) columnCache.set(byKey, (byKeys = new Map()));
  let v = byKeys.get(keys);
  if (!v) {
    const num = (d: Dec | undefined) => (d === undefined ? Number.NaN : d.toNumber());
    byKeys.set(keys, (v = keys ? Float64Array.from(keys, (k) => num(byKey.get(k))) : Float64Array.of(num(byKey.get('')))));
  }
  return v;
}

/** Fill row `r` of X; false when the data has no such region-year (the row is all NaN). */
export function fillRow(p: FloatProgram, data: AccountingData, row: RowKey, X: Float64Array, r: number): boolean {
  const at = r * p.width;
  X.fill(Number.NaN, at, at + p.width);
  const { region, year, priceYear } = row;
  const own = data.values(region, year);
  const moved = priceYear !== year && !data.years.includes(priceYear);
  const prices = priceYear === year || moved ? own : data.values(region, priceYear);
  if (!own || !prices) return false;
  let deflator: Dec | null | undefined;
  const deflate = (): Dec | null => {
    if (deflator !== undefined) return deflator;
    const a = data.priceIndex(data.deflator, year);
    const b = data.priceIndex(data.deflator, priceYear);
    return (deflator = a && b ? b.div(a) : null);
  };
  for (const c of p.inputs.values()) {
    const info = c.info;
    const byKey = (info.currency === 'price' ? prices : own).get(info.name);
    if (!byKey) continue;
    const move = (info.currency === 'money' || (info.currency === 'price' && moved)) && priceYear !== year;
    if (!move) {
      X.set(columnValues(byKey, c.keys), at + c.offset); // shared by every row that reads the same values
      continue;
    }
    const f = deflate();
    const value = (v: Dec | undefined): number => (v === undefined || !f ? Number.NaN : v.mul(f).toNumber());
    if (!c.keys) X[at + c.offset] = value(byKey.get(''));
    else
      c.keys.forEach((k, i) => {
        X[at + c.offset + i] = value(byKey.get(k));
      });
  }
  const given = data.given?.(region, year);
  for (const g of p.given.values()) {
    X[at + g.offset] = 0;
    const rows = given?.get(g.indicator);
    if (!rows) continue;
    const plan = p.model.indicatorById.get(g.indicator)!;
    const byScenario = [...rows.values()].some((v) => v.row.scenario !== undefined);
    const precedence = byScenario ? 'given' : data.givenPrecedence?.(g.indicator);
    X[at + g.offset] = precedence === 'given' ? 1 : precedence === 'computed' ? 2 : 3;
    let factor: Dec | undefined;
    if (isMoney(plan.unit) && priceYear !== year) {
      const f = deflate();
      if (!f) {
        X[at + g.offset] = 1; // the exact path cannot price it: no value
        continue;
      }
      factor = f;
    }
    const iv = givenIndicatorValue(plan, rows, factor);
    if (!iv.by) X[at + g.offset + 1] = iv.value.toNumber();
    else
      for (const [k, v] of iv.by) {
        const i = g.keys?.indexOf(k) ?? -1;
        if (i < 0)
          throw new IssuesError('dataset', [
            { code: 'float_unsupported', message: `${g.indicator} is given for key "${k}", which the float layout does not have` },
          ]);
        X[at + g.offset + 2 + i] = v.toNumber();
      }
  }
  return true;
}

/** A coefficient vector: every slot the program reads, resolved for a year, price year (and region); NaN where none is in force. */
export interface CoefVector {
  values: Float64Array;
  /** What each slot resolved to (undefined where it failed): Monte Carlo moves the slots of a drawn cell. */
  resolved: (ResolvedCoefficient | undefined)[];
}

export function coefficientVector(
  p: FloatProgram,
  data: AccountingData,
  year: number,
  priceYear: number,
  region?: string,
  overrides?: ReadonlyMap<string, CoefInfo>,
): CoefVector {
  const resolver = new CoefficientResolver(data, year, priceYear, overrides);
  const values = new Float64Array(p.coefficients.length);
  const resolved: (ResolvedCoefficient | undefined)[] = [];
  p.coefficients.forEach((s, i) => {
    try {
      const r = resolver.get(p.model.coefficients.get(s.name)!, s.keys, region);
      values[i] = r.value.toNumber();
      resolved.push(r);
    } catch (e) {
      if (!(e instanceof EvalIssue)) throw e;
      values[i] = Number.NaN;
      resolved.push(undefined);
    }
  });
  return { values, resolved };
}

const RANK: Record<Need, number> = { unnecessary: 0, optional: 1, required: 2 };
const needCache = new WeakMap<ReadonlyMap<string, Need>, Uint8Array>();

/** How much a region-year needs each indicator (engine/eval/needed.ts), by output column: 0, 1, 2. */
export function needOf(p: FloatProgram, data: AccountingData, region: string, year: number): Uint8Array {
  const need = neededIndicators(p.model, data.given?.(region, year), data.givenPrecedence);
  let out = needCache.get(need);
  if (!out) needCache.set(need, (out = Uint8Array.from(p.indicators, (id) => RANK[need.get(id) ?? 'required'])));
  return out;
}
