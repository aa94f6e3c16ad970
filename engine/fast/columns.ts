import type { Dec } from '../core/decimal.ts';
import { IssuesError } from '../core/errors.ts';
import { isMoney } from '../core/units.ts';
import { CoefficientResolver, EvalIssue, type ResolvedCoefficient } from '../eval/coefficients.ts';
import type { AccountingData, RegionYearValues } from '../eval/data.ts';
import { givenIndicatorValue } from '../eval/given.ts';
import { type Need, neededIndicators } from '../eval/needed.ts';
import type { CoefInfo, CompiledModel } from '../model/types.ts';
import { compileFloat, type FloatLayout, type FloatProgram } from './compile-float.ts';
import { decToFloat } from './dec-float.ts';

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
  const regions = new Set<string>();
  for (const { region, year } of regionYears) {
    const first = !regions.has(region);
    regions.add(region);
    // the open keys: every year of each region once (not once per region-year: that was O(region-years × years))
    if (first)
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
    byKeys.set(keys, (v = new Float64Array(keys ? keys.length : 1)));
    writeValues(byKey, keys, v, 0);
  }
  return v;
}

/** An input's values at the layout keys as float64 into out[at …] (NaN where the data has no row). */
function writeValues(byKey: ReadonlyMap<string, Dec>, keys: readonly string[] | null, out: Float64Array, at: number): void {
  if (!keys) {
    const d = byKey.get('');
    out[at] = d === undefined ? Number.NaN : decToFloat(d);
    return;
  }
  // a loop, not Float64Array.from(keys, f) (an iterator and a call per value)
  for (let i = 0; i < keys.length; i++) {
    const d = byKey.get(keys[i]!);
    out[at + i] = d === undefined ? Number.NaN : decToFloat(d);
  }
}

/**
 * The columnar form of a dataset for a program: one row of every input column per region-year's values (NaN where
 * the data has no row), built the first time a program reads those values and kept as long as the dataset keeps
 * them (weakly, by the values map). A run's fill is then a typed-array copy per row, not a walk through maps of
 * decimals: filling the rows of a dataset the second time (another run, a Monte Carlo, a screening) costs a copy.
 */
const baseRows = new WeakMap<RegionYearValues, WeakMap<FloatProgram, Float64Array>>();

/** The input columns of one region-year's values for a program (current prices: no money moved). */
export function baseRow(p: FloatProgram, values: RegionYearValues): Float64Array {
  let byProgram = baseRows.get(values);
  if (!byProgram) baseRows.set(values, (byProgram = new WeakMap()));
  let row = byProgram.get(p);
  if (!row) {
    row = new Float64Array(p.inputWidth).fill(Number.NaN);
    // written in place: a region-year's own values are read once (baseRow is kept per values), no column kept
    for (const c of p.inputs.values()) {
      const byKey = values.get(c.info.name);
      if (byKey) writeValues(byKey, c.keys, row, c.offset);
    }
    byProgram.set(p, row);
  }
  return row;
}

/** A dataset's rows at one price basis for a program: the matrix and each region-year's state (0 unfilled, 1 filled, 2 missing). */
interface SharedMatrix {
  X: Float64Array;
  state: Uint8Array;
}
/** Per dataset and program, by price basis: 0 for current prices (price year = year), else the constant price year. */
const datasetRows = new WeakMap<AccountingData, WeakMap<FloatProgram, Map<number, SharedMatrix>>>();

/** The basis of a row: 0 at current prices, else its price year. */
const basisOf = (k: RowKey) => (k.priceYear === k.year ? 0 : k.priceYear);

/** The kept matrix of a dataset's region-years at one basis for a program (region-major; pages untouched cost no memory). */
function matrixOf(p: FloatProgram, data: AccountingData, basis: number): SharedMatrix {
  let byProgram = datasetRows.get(data);
  if (!byProgram) datasetRows.set(data, (byProgram = new WeakMap()));
  let byBasis = byProgram.get(p);
  if (!byBasis) byProgram.set(p, (byBasis = new Map()));
  let m = byBasis.get(basis);
  if (!m) {
    const n = data.regions.length * data.years.length;
    byBasis.set(basis, (m = { X: new Float64Array(n * p.width), state: new Uint8Array(n) }));
  }
  return m;
}

/** Row i of the dataset (region-major) at the key's basis, filled the first time it is asked for: filled or missing. */
function filledAt(p: FloatProgram, data: AccountingData, m: SharedMatrix, i: number, k: RowKey): boolean {
  if (m.state[i] === 0) m.state[i] = fillRow(p, data, k, m.X, i) ? 1 : 2;
  return m.state[i] === 1;
}

/**
 * No copy: rows at one price basis (all at current prices, or all at one constant price year) of consecutive
 * region-years of the dataset (regions in its order, each region's years in its order: a whole dataset, or a chunk of
 * its regions) are a view of one matrix of all its region-years at that basis, kept with the dataset per program;
 * each region-year is filled the first time a run asks for it (a chunk's program must not fill the whole dataset: a
 * 2-region chunk of 2,000 regions read all 6,000 region-years, 0.3 s, and every chunk with its own layout is another
 * program). Undefined when the keys are not such a run, a row is missing, or the program has given-value columns
 * (those are filled per run). The fill of a 30,000-row run goes from a copy per row to a check per row (bench/float.ts).
 */
export function sharedRows(p: FloatProgram, data: AccountingData, keys: readonly RowKey[]): Float64Array | undefined {
  if (!keys.length || p.given.size) return undefined;
  const Y = data.years.length;
  const ri = data.regions.indexOf(keys[0]!.region);
  const yi = data.years.indexOf(keys[0]!.year);
  if (ri < 0 || yi < 0) return undefined;
  const start = ri * Y + yi;
  if (start + keys.length > data.regions.length * Y) return undefined;
  const basis = basisOf(keys[0]!);
  for (let r = 0, region = ri, year = yi; r < keys.length; r++) {
    const k = keys[r]!;
    if (basisOf(k) !== basis || k.year !== data.years[year] || k.region !== data.regions[region]) return undefined;
    if (++year === Y) {
      year = 0;
      region++;
    }
  }
  const m = matrixOf(p, data, basis);
  let complete = true;
  for (let r = 0; r < keys.length; r++) if (!filledAt(p, data, m, start + r, keys[r]!)) complete = false;
  // a missing region-year: the run fills its own rows (fillRow says which are missing)
  return complete ? m.X.subarray(start * p.width, (start + keys.length) * p.width) : undefined;
}

const regionIndex = new WeakMap<AccountingData, Map<string, number>>();

/**
 * Rows of any keys of the dataset's region-years (a screening batch's: each region-year at current and at base-year
 * prices in turn), copied from the kept matrices of their bases (sharedRows), each region-year filled there the
 * first time: a second screening of the same dataset copies its rows instead of moving money again (a map lookup and
 * a decimal product per value before). Undefined when a key is not a region-year of the dataset, or the program has
 * given-value columns. The matrices stay with the dataset: a one-pass batch of many regions does not ask for this
 * (rowsAt `keep: false`), or it would hold every row it read.
 */
export function copiedRows(
  p: FloatProgram,
  data: AccountingData,
  keys: readonly RowKey[],
): { X: Float64Array; present: boolean[] } | undefined {
  if (!keys.length || p.given.size) return undefined;
  let index = regionIndex.get(data);
  if (!index) regionIndex.set(data, (index = new Map(data.regions.map((r, i) => [r, i]))));
  const Y = data.years.length;
  const W = p.width;
  const X = new Float64Array(keys.length * W);
  const present: boolean[] = [];
  let m: SharedMatrix | undefined;
  let mBasis = -1;
  for (let r = 0; r < keys.length; r++) {
    const k = keys[r]!;
    const ri = index.get(k.region);
    const yi = data.years.indexOf(k.year);
    if (ri === undefined || yi < 0) return undefined;
    const basis = basisOf(k);
    if (basis !== mBasis) {
      m = matrixOf(p, data, basis);
      mBasis = basis;
    }
    const i = ri * Y + yi;
    present.push(filledAt(p, data, m!, i, k));
    // a loop: X.set(M.subarray(…)) built a typed array per row (5 µs a row of 187 columns against ~0.3)
    const from = m!.X;
    for (let j = 0, a = i * W, b = r * W; j < W; j++) X[b + j] = from[a + j]!;
  }
  return { X, present };
}

/** A deflator factor and its text (the key of the values it moved). */
interface Factor {
  f: Dec | null;
  text: string;
}
const deflators = new WeakMap<AccountingData, Map<number, Factor>>();

/** The factor that moves money of `year` to `priceYear`'s prices (null: the deflator has not both years). */
function deflatorOf(data: AccountingData, year: number, priceYear: number): Dec | null {
  return factorOf(data, year, priceYear).f;
}

/** The factor with its text, found by a number (not a string built per row; its text not written per row). */
function factorOf(data: AccountingData, year: number, priceYear: number): Factor {
  let byYears = deflators.get(data);
  if (!byYears) deflators.set(data, (byYears = new Map()));
  const k = year * 65536 + priceYear;
  let f = byYears.get(k);
  if (f === undefined) {
    const a = data.priceIndex(data.deflator, year);
    const b = data.priceIndex(data.deflator, priceYear);
    const d = a && b ? b.div(a) : null;
    byYears.set(k, (f = { f: d, text: d?.toString() ?? '' }));
  }
  return f;
}

const movedCache = new WeakMap<ReadonlyMap<string, Dec>, Map<readonly string[] | null, Map<string, Float64Array>>>();

/** An input's values moved by factor f (v × f exactly, then float64; NaN without a factor), once per values and factor. */
function movedValues(byKey: ReadonlyMap<string, Dec>, keys: readonly string[] | null, f: Dec | null, fText: string): Float64Array {
  let byKeys = movedCache.get(byKey);
  if (!byKeys) movedCache.set(byKey, (byKeys = new Map()));
  let byF = byKeys.get(keys);
  if (!byF) byKeys.set(keys, (byF = new Map()));
  let v = byF.get(fText);
  if (!v) {
    v = new Float64Array(keys ? keys.length : 1);
    for (let i = 0; i < v.length; i++) {
      const d = byKey.get(keys ? keys[i]! : '');
      v[i] = d === undefined || !f ? Number.NaN : decToFloat(d.mul(f));
    }
    byF.set(fText, v);
  }
  return v;
}

/** Fill row `r` of X; false when the data has no such region-year (the row is all NaN). */
export function fillRow(p: FloatProgram, data: AccountingData, row: RowKey, X: Float64Array, r: number): boolean {
  const at = r * p.width;
  const { region, year, priceYear } = row;
  const own = data.values(region, year);
  if (priceYear === year) {
    // current prices: a copy of the region-year's columns
    if (!own) {
      X.fill(Number.NaN, at, at + p.width);
      return false;
    }
    X.set(baseRow(p, own), at);
    if (p.given.size) fillGiven(p, data, row, X, at);
    return true;
  }
  const moved = priceYear !== year && !data.years.includes(priceYear);
  const prices = moved ? own : data.values(region, priceYear);
  if (!own || !prices) {
    X.fill(Number.NaN, at, at + p.width);
    return false;
  }
  // another price basis: the region-year's columns, prices from the price year's (or moved by the deflator when the
  // data has no such year), money moved by the deflator, each moved value computed as the exact path does (the
  // decimal product, then float64) and kept for the next row that reads the same values at the same factor
  X.set(baseRow(p, own), at);
  const { f, text: fText } = factorOf(data, year, priceYear);
  for (const c of p.inputs.values()) {
    const info = c.info;
    const priced = info.currency === 'price';
    if (!(info.currency === 'money' || priced)) continue;
    const n = c.keys ? c.keys.length : 1;
    const byKey = (priced ? prices : own).get(info.name);
    if (!byKey) {
      X.fill(Number.NaN, at + c.offset, at + c.offset + n);
      continue;
    }
    if (priced && !moved) X.set(columnValues(byKey, c.keys), at + c.offset);
    else X.set(movedValues(byKey, c.keys, f, fText), at + c.offset);
  }
  fillGiven(p, data, row, X, at);
  return true;
}

/** The given-value columns of a row (mode, total, each key), as the exact path decides who wins. */
function fillGiven(p: FloatProgram, data: AccountingData, row: RowKey, X: Float64Array, at: number): void {
  const { region, year, priceYear } = row;
  if (p.given.size) X.fill(Number.NaN, at + p.inputWidth, at + p.width);
  const deflate = () => deflatorOf(data, year, priceYear);
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
    if (!iv.by) X[at + g.offset + 1] = decToFloat(iv.value);
    else
      for (const [k, v] of iv.by) {
        const i = g.keys?.indexOf(k) ?? -1;
        if (i < 0)
          throw new IssuesError('dataset', [
            { code: 'float_unsupported', message: `${g.indicator} is given for key "${k}", which the float layout does not have` },
          ]);
        X[at + g.offset + 2 + i] = decToFloat(v);
      }
  }
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
      values[i] = decToFloat(r.value);
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
