import { type Dec, dec, ONE } from '../core/decimal.ts';
import type { Issue } from '../core/errors.ts';
import { conversion, parseUnit } from '../core/units.ts';
import type { AccountingData, RegionYearValues } from '../eval/data.ts';
import type { CoefInfo, CompiledModel } from '../model/types.ts';
import { entryInForce } from '../params/in-force.ts';
import type { Cell, Parameter, ParamEntry } from '../params/parameter.ts';
import type { UncertainRange } from '../scenario/schema.ts';
import { suggest } from '../core/suggest.ts';
import type { Spread } from './distributions.ts';
import type { IssueCode } from '../core/issue-codes.ts';

/** One uncertain parameter: a coefficient or carbon factor (or one row of it) in absolute terms, or an input as a factor on the data. */
export interface Param {
  /** "coefficient:reservoir_cost", "coefficient:cover_factor[dry_farmland]", "input:nep[wetland]", "factor:fuel.raw_coal.ncv". */
  id: string;
  kind: 'coefficient' | 'input' | 'factor';
  name: string;
  key?: string;
  spread: Spread;
  /** The deterministic value: the parameter in force, or 1 for an input factor. */
  central: Dec;
  /** The year whose entry is sampled when it is not the run's year (a grid factor's vintage as the grid choice picks it). */
  at?: number;
  source: string;
}

const idOf = (kind: string, name: string, key?: string) => `${kind}:${name}${key ? `[${key}]` : ''}`;
const byId = (a: Param, b: Param) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The ranges of a dated parameter's entry in force in `year`: a scalar entry's `range`, each table cell's low/high. */
export function rangesInForce(p: Parameter, year: number, kind: 'coefficient' | 'factor'): Param[] {
  const e = entryInForce(p, year).entry;
  if (!e) return [];
  const out: Param[] = [];
  if (e.scalar && e.range) {
    const r = e.range;
    out.push({
      id: idOf(kind, p.name),
      kind,
      name: p.name,
      spread: { distribution: r.distribution, low: dec(r.low), high: dec(r.high), mode: r.mode ? dec(r.mode) : e.scalar.value },
      central: e.scalar.value,
      source: r.source ?? e.source,
    });
  }
  for (const [key, cell] of e.table ?? []) {
    if (cell.low === undefined || cell.high === undefined) continue;
    out.push({
      id: idOf(kind, p.name, key),
      kind,
      name: p.name,
      key,
      spread: { distribution: 'uniform', low: cell.low, high: cell.high, mode: cell.value },
      central: cell.value,
      source: e.source,
    });
  }
  return out;
}

/**
 * Every uncertain parameter of a region-year: the model's ranges (a scalar entry's `range`, a table cell's
 * low/high) for the entries in force in `year`, replaced or extended by the scenario's `uncertainty` list
 * (its factor ranges belong to the carbon Monte Carlo: collectFactorParams). Sorted by id, so the order of
 * draws is fixed by the model, not by file order.
 */
export function collectParams(
  model: CompiledModel,
  year: number,
  extra: UncertainRange[],
  issues: Issue[],
  overrides?: ReadonlyMap<string, CoefInfo>,
): Param[] {
  const params = new Map<string, Param>();
  // a scenario's coefficients replace the model's: their entries (and ranges) are the ones in force
  const coefficient = (name: string) => overrides?.get(name) ?? model.coefficients.get(name);
  for (const name of model.coefficients.keys()) for (const p of rangesInForce(coefficient(name)!, year, 'coefficient')) params.set(p.id, p);
  extra.forEach((r, n) => {
    if (r.factor) return;
    const fail = failAt(issues, n);
    const spread = spreadOf(r, fail);
    if (!spread) return;
    if (r.coefficient) {
      const c = coefficient(r.coefficient);
      if (!c) {
        fail(
          'coefficient',
          'coefficient_unknown',
          `unknown coefficient "${r.coefficient}"${suggest(r.coefficient, model.coefficients.keys())}`,
        );
        return;
      }
      const p = parameterRange(c, 'coefficient', r, spread, year, fail);
      if (p) params.set(p.id, p);
      return;
    }
    const info = model.inputs.get(r.input!);
    if (!info) {
      fail('input', 'input_unknown', `unknown input "${r.input}"${suggest(r.input!, model.inputs.keys())}`);
      return;
    }
    if (
      r.key !== undefined &&
      info.dims.length &&
      !info.dims[0]!.open &&
      !r.key.split('|').every((k, i) => info.dims[i]?.keyLabels.has(k))
    ) {
      fail('key', 'key_unknown', `"${r.key}" is not a key of ${info.name} (${info.dims.map((d) => d.keys.join(', ')).join(' | ')})`);
      return;
    }
    const mode = r.mode ? dec(r.mode) : ONE;
    if (r.distribution === 'triangular' && (mode.lt(spread.low) || mode.gt(spread.high))) {
      fail('mode', 'range_mode', `mode ${mode} is outside ${r.low}–${r.high} (input ranges are factors on the data: "0.9", "1.1")`);
      return;
    }
    const id = idOf('input', info.name, r.key);
    params.set(id, {
      id,
      kind: 'input',
      name: info.name,
      ...(r.key ? { key: r.key } : {}),
      spread: { ...spread, mode },
      central: ONE,
      source: r.source ?? 'scenario',
    });
  });
  return [...params.values()].sort(byId);
}

/**
 * The uncertain carbon factors of a year: the factor set's ranges for the entries in force, replaced or extended
 * by the `factor` entries of the scenario's uncertainty list, whose bounds are converted exactly from their unit.
 */
export function collectFactorParams(
  factors: ReadonlyMap<string, Parameter>,
  year: number,
  extra: UncertainRange[],
  issues: Issue[],
  /** The year whose entry a factor uses, when not `year` (the grid factor's vintage under a fixed vintage or a backcast). */
  yearOf: (name: string) => number = () => year,
): Param[] {
  const params = new Map<string, Param>();
  const at = (p: Param, name: string): Param => (yearOf(name) === year ? p : { ...p, at: yearOf(name) });
  for (const f of factors.values()) for (const p of rangesInForce(f, yearOf(f.name), 'factor')) params.set(p.id, at(p, f.name));
  extra.forEach((r, n) => {
    if (!r.factor) return;
    const fail = failAt(issues, n);
    const f = factors.get(r.factor);
    if (!f) {
      fail('factor', 'factor_unknown', `unknown factor "${r.factor}"${suggest(r.factor, factors.keys())}`);
      return;
    }
    let c: ReturnType<typeof conversion>;
    try {
      c = conversion(parseUnit(r.unit!), f.unit);
    } catch (e) {
      fail('unit', 'unit_mismatch', `${r.factor} is in ${f.unit.text}; "${r.unit}" cannot be converted to it (${(e as Error).message})`);
      return;
    }
    const to = (v: string) => dec(v).mul(c.num).div(c.den).toString();
    const converted = { ...r, low: to(r.low), high: to(r.high), ...(r.mode ? { mode: to(r.mode) } : {}) };
    const spread = spreadOf(converted, fail);
    const p = spread && parameterRange(f, 'factor', converted, spread, yearOf(f.name), fail);
    if (p) params.set(p.id, at(p, f.name));
  });
  return [...params.values()].sort(byId);
}

type Fail = (field: string, code: IssueCode, message: string) => void;
const failAt =
  (issues: Issue[], n: number): Fail =>
  (field, code, message) =>
    issues.push({ code, path: `uncertainty[${n}].${field}`, message });

/** low, high and the distribution of a range, checked (mode defaults to the central value). */
function spreadOf(r: UncertainRange, fail: Fail): Omit<Spread, 'mode'> | undefined {
  const [low, high] = [dec(r.low), dec(r.high)];
  if (low.gt(high)) {
    fail('high', 'range_order', `high ${r.high} is below low ${r.low}`);
    return undefined;
  }
  if (r.distribution === 'lognormal' && !low.gt(0)) {
    fail('low', 'range_lognormal', 'a lognormal range needs low > 0');
    return undefined;
  }
  return { distribution: r.distribution, low, high };
}

/** A scenario range of a dated parameter (or one of its rows), around the value in force in `year`. */
function parameterRange(
  p: Parameter,
  kind: 'coefficient' | 'factor',
  r: UncertainRange,
  spread: Omit<Spread, 'mode'>,
  year: number,
  fail: Fail,
): Param | undefined {
  const e = entryInForce(p, year);
  if (e.issue) {
    fail(kind, e.issue.code, e.issue.message);
    return undefined;
  }
  const cell: Cell | undefined = r.key === undefined ? e.entry.scalar : e.entry.table?.get(r.key);
  if (!cell) {
    fail(
      r.key === undefined ? kind : 'key',
      'key_unknown',
      r.key === undefined
        ? `"${p.name}" is a table: name the row (key)`
        : `"${p.name}" has no row "${r.key}" in its entry from ${e.entry.from} (rows: ${[...(e.entry.table?.keys() ?? [])].join(', ')})`,
    );
    return undefined;
  }
  const mode = r.mode ? dec(r.mode) : cell.value;
  if (r.distribution === 'triangular' && (mode.lt(spread.low) || mode.gt(spread.high))) {
    fail('mode', 'range_mode', `mode ${mode} is outside ${r.low}–${r.high}`);
    return undefined;
  }
  const id = idOf(kind, p.name, r.key);
  return {
    id,
    kind,
    name: p.name,
    ...(r.key ? { key: r.key } : {}),
    spread: { ...spread, mode },
    central: cell.value,
    source: r.source ?? 'scenario',
  };
}

/**
 * The parameter with one drawn value: its entry in force in `year` takes `v` exactly (for `key`, or its scalar);
 * its other entries move by the same ratio v / central, so constant prices of another year move with it.
 */
export function withParamValue<P extends Parameter>(p: P, year: number, key: string | undefined, v: Dec, central: Dec): P {
  const inForce = entryInForce(p, year).entry;
  const ratio = v.div(central);
  const move = (cell: Cell, exact: boolean): Cell => ({ ...cell, value: exact ? v : cell.value.mul(ratio) });
  const entries = p.entries.map((e): ParamEntry => {
    const exact = e === inForce;
    if (key === undefined) return e.scalar ? { ...e, scalar: move(e.scalar, exact) } : e;
    const cell = e.table?.get(key);
    return cell ? { ...e, table: new Map(e.table!).set(key, move(cell, exact)) } : e;
  });
  return { ...p, entries } as P; // each entry is a copy of its own with one value moved
}

/** Draw values onto dated parameters by name (those of the draw that are parameters of this kind; the others are left alone). */
export function withParamValues<P extends Parameter>(
  base: ReadonlyMap<string, P>,
  kind: 'coefficient' | 'factor',
  year: number,
  params: Param[],
  values: Dec[],
  start?: ReadonlyMap<string, P>,
): Map<string, P> {
  const out = new Map<string, P>(start ?? []);
  params.forEach((p, n) => {
    const v = values[n]!;
    if (p.kind !== kind || v.eq(p.central)) return;
    out.set(p.name, withParamValue(out.get(p.name) ?? base.get(p.name)!, p.at ?? year, p.key, v, p.central));
  });
  return out;
}

/**
 * The model and data with one value per parameter. A coefficient's entry in force in `year` takes the value
 * exactly; its other entries move by the same ratio (so constant prices of another year move with it).
 * An input factor multiplies the data value (every year, the key named or every key).
 */
export function withValues(
  model: CompiledModel,
  data: AccountingData,
  year: number,
  params: Param[],
  values: Dec[],
  base?: ReadonlyMap<string, CoefInfo>,
): { coefficients: Map<string, CoefInfo>; data: AccountingData } {
  const coefficients = withParamValues(model.coefficients, 'coefficient', year, params, values, base);
  const factors: { name: string; key?: string; f: Dec }[] = [];
  params.forEach((p, n) => {
    const v = values[n]!;
    if (p.kind === 'input' && !v.eq(ONE)) factors.push({ name: p.name, ...(p.key ? { key: p.key } : {}), f: v });
  });
  if (!factors.length) return { coefficients, data };
  const cache = new Map<string, RegionYearValues | undefined>();
  return {
    coefficients,
    data: {
      ...data,
      values(region, y) {
        const k = `${region}\0${y}`;
        if (cache.has(k)) return cache.get(k);
        const own = data.values(region, y);
        let out = own;
        if (own) {
          out = new Map(own);
          for (const { name, key, f } of factors) {
            const byKey = out.get(name);
            if (!byKey) continue;
            out.set(name, new Map([...byKey].map(([kk, x]) => [kk, key === undefined || kk === key ? x.mul(f) : x])));
          }
        }
        cache.set(k, out);
        return out;
      },
    },
  };
}
