import type { Dec } from '../core/decimal.ts';
import { IssuesError, type Issue } from '../core/errors.ts';
import { CoefficientResolver } from '../eval/coefficients.ts';
import { baseYearProblem } from '../eval/base-year.ts';
import type { AccountingData } from '../eval/data.ts';
import { evaluateRegionYear, type RegionYearResult } from '../eval/evaluate.ts';
import type { LocalCoefficientRow } from '../eval/local-coefficients.ts';
import type { Diagnostic } from '../eval/trace.ts';
import { sub, sumOf } from '../model/exact-arith.ts';
import type { CoefInfo, CompiledModel } from '../model/types.ts';
import { extentAccount, type ExtentAccount, type TransitionRow } from './extent.ts';

export interface ServiceAccount {
  id: string;
  category: string;
  /** Absent when the money value is given and the physical quantity is neither given nor computable (physical_not_given). */
  physical: Dec | undefined;
  physicalUnit: string;
  /** Money value at the year's own prices. */
  money: Dec;
  /** Money value at the base year's prices (Σ Q_t × P_base). */
  moneyConstant: Dec;
}

export interface Totals {
  current: Dec;
  constant: Dec;
}

export interface RegionYearAccount {
  region: string;
  year: number;
  services: ServiceAccount[];
  categories: Map<string, Totals>;
  gep: Totals;
  current: RegionYearResult;
  constant: RegionYearResult;
}

export interface EffectRow {
  id: string;
  v0: Dec;
  v1: Dec;
  v1AtP0: Dec;
  quantity: Dec;
  price: Dec;
  delta: Dec;
}
/** ΔGEP between two years split exactly: quantity effect Σ(Q1−Q0)P0 + price effect ΣQ1(P1−P0). */
export interface Decomposition {
  region: string;
  fromYear: number;
  toYear: number;
  services: (EffectRow & { category: string })[];
  categories: EffectRow[];
  total: EffectRow;
}

export interface GepAccount {
  model: CompiledModel;
  baseYear: number;
  regions: string[];
  years: number[];
  regionYears: RegionYearAccount[];
  extent: ExtentAccount[];
  decompositions: Decomposition[];
  diagnostics: Diagnostic[];
  /** The dataset's own coefficient values (coefficients.csv) that the account used, in file order; absent when none. */
  localCoefficients?: LocalCoefficientRow[];
}

export interface AccountOptions {
  regions?: string[];
  years?: number[];
  /** Base year of the constant-price series (must be one of the dataset's years). */
  baseYear: number;
  /**
   * Keep each value's trace: true for every evaluation, 'current' for the current-price ones only (what a run stores
   * and writes to trace.json: tracing the constant-price evaluations too took 53 µs of a traced one-region-year
   * account's 439 µs, best of 12 rounds; untraced 205 µs).
   */
  trace?: boolean | 'current';
  transitions?: (TransitionRow & { region: string; fromYear: number; toYear: number })[];
  /** Year pairs to decompose; default: each pair of consecutive years, and first → last when there are more than two. */
  decompose?: [number, number][];
  onProgress?: (done: number, total: number) => void;
  /** Coefficients replaced by name (scenario overlays, Monte Carlo draws): see engine/scenario/overlay.ts. */
  coefficients?: ReadonlyMap<string, CoefInfo>;
}

/**
 * The full GEP account: every service in physical and money terms (current and constant prices),
 * subtotals by category, total GEP, the extent account, and the exact split of ΔGEP. All-or-nothing:
 * if any region-year cannot be accounted, every problem found is thrown together and nothing is returned.
 */
export function accountGep(model: CompiledModel, data: AccountingData, opts: AccountOptions): GepAccount {
  const regions = opts.regions ?? data.regions;
  const years = [...(opts.years ?? data.years)].sort((a, b) => a - b);
  const issues: Issue[] = [];
  for (const r of regions)
    if (!data.regions.includes(r))
      issues.push({ code: 'region_unknown', message: `region "${r}" is not in the dataset (${data.regions.join(', ')})` });
  for (const y of years)
    if (!data.years.includes(y))
      issues.push({ code: 'year_unknown', message: `${y} is not among the dataset's years (${data.years.join(', ')})` });
  const baseYear = baseYearProblem(data, opts.baseYear, years);
  if (baseYear) issues.push({ code: 'base_year_unknown', message: baseYear });
  const pairs = opts.decompose ?? defaultPairs(years);
  for (const [a, b] of pairs)
    if (!years.includes(a) || !years.includes(b) || a >= b)
      issues.push({ code: 'option_invalid', message: `cannot decompose ${a} → ${b}: both must be accounted years, the first earlier` });
  if (issues.length) throw new IssuesError('run', issues);

  const resolvers = new Map<string, CoefficientResolver>();
  const resolver = (year: number, priceYear: number) => {
    const k = `${year}:${priceYear}`;
    let r = resolvers.get(k);
    if (!r) resolvers.set(k, (r = new CoefficientResolver(data, year, priceYear, opts.coefficients)));
    return r;
  };
  const cache = new Map<string, RegionYearResult>();
  const evaluate = (region: string, year: number, priceYear: number): RegionYearResult => {
    const k = `${region}:${year}:${priceYear}`;
    let res = cache.get(k);
    if (res) return res;
    const current = priceYear === year ? undefined : evaluate(region, year, year);
    res = evaluateRegionYear(model, data, region, year, {
      basis: priceYear === year ? { kind: 'current' } : { kind: 'constant', baseYear: priceYear },
      trace: opts.trace === true || (opts.trace === 'current' && priceYear === year),
      resolver: resolver(year, priceYear),
      ...(current ? { reuse: current } : {}),
    });
    issues.push(...res.issues);
    cache.set(k, res);
    return res;
  };

  const regionYears: RegionYearAccount[] = [];
  const total = regions.length * years.length;
  let done = 0;
  for (const region of regions) {
    for (const year of years) {
      const current = evaluate(region, year, year);
      const constant = evaluate(region, year, opts.baseYear);
      if (!current.issues.length && !constant.issues.length) regionYears.push(summarise(model, region, year, current, constant));
      opts.onProgress?.(++done, total);
    }
  }
  const decompositions: Decomposition[] = [];
  for (const region of regions) {
    for (const [y0, y1] of pairs) {
      const r0 = evaluate(region, y0, y0),
        r1 = evaluate(region, y1, y1),
        r10 = evaluate(region, y1, y0);
      if (!r0.issues.length && !r1.issues.length && !r10.issues.length) decompositions.push(decompose(model, region, y0, y1, r0, r1, r10));
    }
  }
  if (issues.length) throw new IssuesError('run', dedupe(issues));

  const extentInput = [...model.inputs.values()].find((i) => i.table === 'extent');
  const extent = extentInput
    ? regions.map((region) => {
        const byYear = new Map(years.map((y) => [y, new Map(data.values(region, y)?.get(extentInput.name) ?? [])]));
        const transitions = new Map<string, TransitionRow[]>();
        for (const t of opts.transitions ?? []) {
          if (t.region !== region || !years.includes(t.fromYear) || !years.includes(t.toYear)) continue;
          const k = `${t.fromYear}-${t.toYear}`;
          transitions.set(k, [...(transitions.get(k) ?? []), t]);
        }
        return extentAccount(region, extentInput.unit.text, extentInput.dims[0]!.dataKeys, byYear, transitions);
      })
    : [];
  // Caps are physical and the same under every basis; fallbacks can differ (another entry is in force at
  // the base year), so those of constant-price evaluations are kept too, marked with their price year.
  const seen = new Set<string>();
  const diagnostics = [...cache.values()]
    .flatMap((r) =>
      r.basis.kind === 'current'
        ? r.diagnostics
        : r.diagnostics
            .filter((d) => d.code === 'fallback' || d.code === 'before_first_entry')
            .map((d) => ({ ...d, priceYear: r.priceYear })),
    )
    .filter((d) => {
      // a coefficient row read by several evaluations of one region-year is one fallback, not several
      const k = `${d.code}|${d.indicator}|${d.region}|${d.year}|${d.keys?.join(',')}|${d.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  const local = [...new Set([...resolvers.values()].flatMap((r) => [...r.localUsed]))].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line,
  );
  return {
    model,
    baseYear: opts.baseYear,
    regions,
    years,
    regionYears,
    extent,
    decompositions,
    diagnostics,
    ...(local.length ? { localCoefficients: local } : {}),
  };
}

function defaultPairs(years: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 1; i < years.length; i++) out.push([years[i - 1]!, years[i]!]);
  if (years.length > 2) out.push([years[0]!, years[years.length - 1]!]);
  return out;
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    if (seen.has(i.message)) return false;
    seen.add(i.message);
    return true;
  });
}

/** Each category's services, as indices into model.services in model order (the order the totals add them in). */
const servicesByCategory = new WeakMap<CompiledModel, number[][]>();
function categoryMembers(model: CompiledModel): number[][] {
  let m = servicesByCategory.get(model);
  if (!m) {
    m = model.categories.map((c) => model.services.flatMap((s, i) => (s.category === c.id ? [i] : [])));
    servicesByCategory.set(model, m);
  }
  return m;
}

/**
 * Σ of one field over the members: sumOf adds them in one pass with one Decimal for the result (the same value as
 * adding them one by one from 0: test/model/exact-arith-sum.test.ts). `terms` is a reused scratch list.
 */
function total<T>(rows: readonly T[], members: readonly number[] | undefined, field: (r: T) => Dec, terms: Dec[]): Dec {
  terms.length = 0;
  if (members) for (let i = 0; i < members.length; i++) terms.push(field(rows[members[i]!]!));
  else for (let i = 0; i < rows.length; i++) terms.push(field(rows[i]!));
  return sumOf(terms);
}
const scratchTerms: Dec[] = [];

function summarise(
  model: CompiledModel,
  region: string,
  year: number,
  current: RegionYearResult,
  constant: RegionYearResult,
): RegionYearAccount {
  const services = model.services.map((s) => ({
    id: s.id,
    category: s.category,
    physical: current.values.get(s.physical)?.value,
    physicalUnit: model.indicatorById.get(s.physical)!.unit.text,
    money: current.values.get(s.money)!.value,
    moneyConstant: constant.values.get(s.money)!.value,
  }));
  // category totals and GEP in one pass each (they were a new Totals object per service added)
  const members = categoryMembers(model);
  const terms = scratchTerms;
  const categories = new Map<string, Totals>();
  const cats: Totals[] = [];
  for (let c = 0; c < model.categories.length; c++) {
    const t = {
      current: total(services, members[c], (s) => s.money, terms),
      constant: total(services, members[c], (s) => s.moneyConstant, terms),
    };
    categories.set(model.categories[c]!.id, t);
    cats.push(t);
  }
  const gep: Totals = {
    current: total(cats, undefined, (t) => t.current, terms),
    constant: total(cats, undefined, (t) => t.constant, terms),
  };
  return { region, year, services, categories, gep, current, constant };
}

/** The effect row of one service, its fields in the order result.json writes them. */
function serviceEffect(id: string, category: string, v0: Dec, v1: Dec, v1AtP0: Dec): EffectRow & { category: string } {
  return { id, v0, v1, v1AtP0, quantity: sub(v1AtP0, v0), price: sub(v1, v1AtP0), delta: sub(v1, v0), category };
}

/** Σ of every field of the rows (all of them, or the members'), as adding them one by one from 0 gives it. */
function effectTotal(id: string, rows: readonly EffectRow[], members: readonly number[] | undefined): EffectRow {
  const t = scratchTerms;
  return {
    id,
    v0: total(rows, members, (r) => r.v0, t),
    v1: total(rows, members, (r) => r.v1, t),
    v1AtP0: total(rows, members, (r) => r.v1AtP0, t),
    quantity: total(rows, members, (r) => r.quantity, t),
    price: total(rows, members, (r) => r.price, t),
    delta: total(rows, members, (r) => r.delta, t),
  };
}

function decompose(
  model: CompiledModel,
  region: string,
  fromYear: number,
  toYear: number,
  r0: RegionYearResult,
  r1: RegionYearResult,
  r10: RegionYearResult,
): Decomposition {
  const services = model.services.map((s) =>
    serviceEffect(s.id, s.category, r0.values.get(s.money)!.value, r1.values.get(s.money)!.value, r10.values.get(s.money)!.value),
  );
  const members = categoryMembers(model);
  const categories = model.categories.map((c, i) => effectTotal(c.id, services, members[i]));
  return { region, fromYear, toYear, services, categories, total: effectTotal('gep', categories, undefined) };
}
