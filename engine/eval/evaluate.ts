import { Dec, ZERO, str } from '../core/decimal.ts';
import type { Issue } from '../core/errors.ts';
import { FormulaError } from '../model/expression.ts';
import type { CoefInfo, CompiledModel, DimInfo, IndicatorPlan, InputInfo, OverSpec, Runtime } from '../model/types.ts';
import { CoefficientResolver, EvalIssue } from './coefficients.ts';
import type { AccountingData, PriceBasis, RegionYearValues } from './data.ts';
import type { Diagnostic, Read, TraceNode } from './trace.ts';

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

class Skip extends Error {}

export function evaluateRegionYear(
  model: CompiledModel,
  data: AccountingData,
  region: string,
  year: number,
  opts: EvaluateOptions = {},
): RegionYearResult {
  const basis = opts.basis ?? { kind: 'current' };
  const priceYear = basis.kind === 'current' ? year : basis.baseYear;
  const resolver = opts.resolver ?? new CoefficientResolver(data, year, priceYear, opts.coefficients);
  const own = data.values(region, year);
  const result: RegionYearResult = { region, year, basis, priceYear, values: new Map(), diagnostics: [], issues: [] };
  if (!own) {
    result.issues.push({ code: 'region_year_missing', message: `the dataset has no data for region "${region}" in ${year}` });
    return result;
  }
  const priceValues = basis.kind === 'constant' ? data.values(region, basis.baseYear) : own;
  if (!priceValues) {
    result.issues.push({
      code: 'region_year_missing',
      message: `constant prices of ${priceYear} need the ${priceYear} prices of region "${region}", which the dataset does not have`,
    });
    return result;
  }
  let deflate: Dec | undefined;
  const deflator = (): Dec => {
    if (deflate) return deflate;
    const a = data.priceIndex(data.deflator, year),
      b = data.priceIndex(data.deflator, priceYear);
    if (!a || !b)
      throw new EvalIssue(
        'price_index_missing',
        `deflating money inputs from ${year} to ${priceYear} prices needs the price index "${data.deflator}" for both years`,
      );
    return (deflate = b.div(a));
  };
  if (opts.trace) result.traces = new Map();
  const failed = new Set<string>();
  let current: IndicatorPlan;
  let reads: Map<string, Read> | undefined;
  const domainCache = new Map<OverSpec, Map<string, readonly string[]>>();

  const valuesFor = (info: InputInfo): RegionYearValues => (info.currency === 'price' ? priceValues : own);
  const rt: Runtime = {
    keys: new Array(model.dims.size).fill(undefined),
    input(info, keys, fixedGroup) {
      const src = valuesFor(info).get(info.name);
      let v: Dec | undefined;
      if (fixedGroup) {
        // area["forest"]: the sum over the keys of the group that the data has
        const g = keys[0]!;
        const rest = keys.slice(1).join('|');
        const d0 = info.dims[0]!;
        if (src)
          for (const [k, x] of src) {
            const [first, ...others] = k.split('|');
            if (d0.groupOf.get(first!) === g && others.join('|') === rest) v = (v ?? ZERO).plus(x);
          }
        // A region without any wetland has zero wetland area; any other input must say so with its own rows.
        if (v === undefined && info.table === 'extent') v = ZERO;
      } else v = src?.get(keys.join('|'));
      if (v === undefined) {
        if (info.optional) {
          trace({ kind: 'input', name: info.name, keys: [...keys], value: 'absent', unit: info.unit.text, year });
          return null;
        }
        const at = keys.length ? ` for ${info.dims.map((d, n) => `${d.name} "${keys[n]}"`).join(', ')}` : '';
        throw new EvalIssue(
          'data_missing',
          `input "${info.name}"${at} is missing for region "${region}" in ${info.currency === 'price' ? priceYear : year}`,
        );
      }
      let out = v;
      let indexFactor: Dec | undefined;
      if (info.currency === 'money' && priceYear !== year) {
        indexFactor = deflator();
        out = v.mul(indexFactor);
      }
      if (reads)
        trace({
          kind: 'input',
          name: info.name,
          ...(keys.length ? { keys: [...keys] } : {}),
          value: str(out),
          unit: info.unit.text,
          year: info.currency === 'price' ? priceYear : year,
          ...(indexFactor ? { indexFactor: str(indexFactor) } : {}),
        });
      return out;
    },
    coefficient(info: CoefInfo, keys) {
      const r = resolver.get(info, keys);
      if (r.fallback) {
        result.diagnostics.push({
          level: 'warning',
          code: 'fallback',
          indicator: current.id,
          region,
          year,
          keys: [...keys],
          message: `coefficient "${info.name}" used its "*" default row for ${keys.join(', ')}`,
        });
      }
      if (reads)
        trace({
          kind: 'coefficient',
          name: info.name,
          ...(keys.length ? { keys: [...keys] } : {}),
          value: str(r.value),
          unit: info.unit.text,
          source: r.entry.source,
          validFrom: r.entry.from,
          ...(info.currency ? { priceYear: r.entry.priceYear } : {}),
          ...(r.indexFactor ? { indexFactor: str(r.indexFactor) } : {}),
          ...(r.fallback ? { fallback: true } : {}),
          ...(r.matched && r.matched !== keys.join('|') ? { matched: r.matched } : {}),
        });
      return r.value;
    },
    indicator(id, keys) {
      if (failed.has(id)) throw new Skip();
      const iv = result.values.get(id)!;
      const v = keys === null ? iv.value : (iv.by?.get(keys.join('|')) ?? ZERO);
      if (reads)
        trace({
          kind: 'indicator',
          name: id,
          ...(keys ? { keys: [...keys] } : {}),
          value: str(v),
          unit: model.indicatorById.get(id)!.unit.text,
        });
      return v;
    },
    domain(spec) {
      // With several dimensions the keys present for one depend on those already bound (sparse tables:
      // forest|grain and lake|fish do not make forest|fish).
      const sig = spec.conditional ? boundSignature(spec) : '';
      let bySig = domainCache.get(spec);
      if (!bySig) domainCache.set(spec, (bySig = new Map()));
      let d = bySig.get(sig);
      if (!d) bySig.set(sig, (d = domainOf(spec)));
      return d;
    },
    memo(key, f) {
      // With traces on, compute afresh so that every coefficient read is recorded.
      return reads ? f() : resolver.memo(key, f);
    },
    capBound(capacity, limit, unit) {
      const keys = rt.keys.filter((k): k is string => k !== undefined);
      if (limit === null) {
        result.diagnostics.push({
          level: 'info',
          code: 'cap_not_applied',
          indicator: current.id,
          region,
          year,
          keys,
          message: `no data for the cap: the capacity ${str(capacity)} ${unit} is used uncapped`,
        });
      } else if (limit.lt(capacity)) {
        result.diagnostics.push({
          level: 'info',
          code: 'cap_bound',
          indicator: current.id,
          region,
          year,
          keys,
          message: `the limit binds: ${str(limit)} ${unit} instead of ${str(capacity)} ${unit}`,
        });
      }
    },
  };

  function trace(r: Read): void {
    if (!reads) return;
    reads.set(`${r.kind}:${r.name}:${r.keys?.join('|') ?? ''}`, r);
  }

  /** Does a key tuple agree with the keys already bound at the other positions? */
  function matcher(slots: number[], own: number, fixedFirst?: string, d0?: DimInfo): (parts: string[]) => boolean {
    const bound = slots.map((sl, n) => (sl === own || (n === 0 && fixedFirst !== undefined) ? undefined : rt.keys[sl]));
    return (parts) =>
      (fixedFirst === undefined || parts[0] === fixedFirst || d0!.groupOf.get(parts[0]!) === fixedFirst) &&
      bound.every((k, n) => k === undefined || parts[n] === k);
  }

  function boundSignature(spec: OverSpec): string {
    let sig = '';
    for (const d of model.dims.values()) if (d !== spec.dim && rt.keys[d.slot] !== undefined) sig += `${d.slot}=${rt.keys[d.slot]};`;
    return sig;
  }

  function domainOf(spec: OverSpec): readonly string[] {
    const dim = spec.dim;
    for (const id of spec.domainIndicators) if (failed.has(id)) throw new Skip(); // its keys are unknown
    let keys: string[];
    if (dim.domain === 'all' && !dim.open) keys = dim.keys;
    else {
      const present = new Set<string>();
      // The extent (area by type) says which types the region has: a type with no area, or zero area, is
      // not iterated even if another input (a region-wide ET table, say) lists it. Likewise quantities say
      // which products there are: a price list (read at the base year at constant prices) does not.
      const extent = spec.domainInputs.filter((r) => r.info.table === 'extent');
      const quantities = spec.domainInputs.filter((r) => r.info.currency !== 'price');
      const drivers = extent.length ? extent : quantities.length || spec.domainIndicators.length ? quantities : spec.domainInputs;
      for (const { info, fixed } of drivers) {
        const rows = valuesFor(info).get(info.name);
        // No rows at all is missing data, not "none": a silent zero would pass for a result.
        if (!info.optional && !rows?.size) {
          throw new EvalIssue(
            'data_missing',
            `input "${info.name}" has no rows for region "${region}" in ${info.currency === 'price' ? priceYear : year} (write explicit zero rows to say there is none${dim.open ? `, e.g. key "none" with value 0` : ''})`,
          );
        }
        const pos = info.dims.indexOf(dim);
        const keep = (v: Dec) => info.table !== 'extent' || !v.isZero();
        if (info.dims.length === 1) {
          for (const [k, v] of rows ?? []) if (keep(v)) present.add(k);
          continue;
        }
        const match = matcher(
          info.dims.map((d) => d.slot),
          dim.slot,
          fixed,
          info.dims[0]!,
        );
        for (const [k, v] of rows ?? []) {
          const parts = k.split('|');
          if (match(parts) && keep(v)) present.add(parts[pos]!);
        }
      }
      for (const id of spec.domainIndicators) {
        const plan = model.indicatorById.get(id)!;
        const pos = plan.over.findIndex((o) => o.dim === dim);
        const match = matcher(
          plan.over.map((o) => o.dim.slot),
          dim.slot,
        );
        for (const k of result.values.get(id)?.by?.keys() ?? []) {
          const parts = k.split('|');
          if (match(parts)) present.add(parts[pos]!);
        }
      }
      if (!spec.domainInputs.length && !spec.domainIndicators.length) keys = dim.keys;
      else keys = dim.open ? [...present].sort() : dim.keys.filter((k) => present.has(k));
    }
    const subset = spec.subset;
    return subset ? keys.filter((k) => subset.has(k) || subset.has(dim.groupOf.get(k) ?? '\u0000')) : keys;
  }

  for (const plan of model.indicators) {
    current = plan;
    const reused = plan.priceFree && opts.reuse?.values.get(plan.id);
    if (reused) {
      result.values.set(plan.id, reused);
      const t = opts.reuse?.traces?.get(plan.id);
      if (t && result.traces) result.traces.set(plan.id, t);
      continue;
    }
    reads = opts.trace ? new Map() : undefined;
    try {
      const iv = evaluatePlan(plan);
      result.values.set(plan.id, iv);
      if (result.traces) result.traces.set(plan.id, traceNode(plan, iv, reads!));
    } catch (e) {
      failed.add(plan.id);
      if (e instanceof Skip) continue;
      if (e instanceof EvalIssue || e instanceof FormulaError) {
        result.issues.push({
          code: e instanceof EvalIssue ? e.code : 'formula_failed',
          message: `${plan.id} (${region}, ${year}): ${e.message}`,
        });
      } else throw e;
    }
  }
  return result;

  function finish(plan: IndicatorPlan, v: Dec | null): Dec {
    if (v === null) throw new FormulaError('the formula has no value');
    if (!v.isFinite()) throw new FormulaError(`the formula gives ${v.toString()} (a logarithm of 0, a root of a negative number …)`);
    const c = plan.conversion;
    const out = c ? v.mul(c.num).div(c.den) : v;
    return out.toDecimalPlaces(QUANTUM, Dec.ROUND_HALF_EVEN);
  }

  function evaluatePlan(plan: IndicatorPlan): IndicatorValue {
    if (plan.over.length === 0) {
      try {
        return { value: finish(plan, plan.body.run(rt)) };
      } finally {
        rt.keys.fill(undefined);
      }
    }
    const by = new Map<string, Dec>();
    let total = ZERO;
    const loop = (level: number, prefix: string[]) => {
      if (level === plan.over.length) {
        const v = finish(plan, plan.body.run(rt));
        by.set(prefix.join('|'), v);
        total = total.plus(v);
        return;
      }
      const spec = plan.over[level]!;
      for (const k of rt.domain(spec)) {
        rt.keys[spec.dim.slot] = k;
        loop(level + 1, [...prefix, k]);
      }
      rt.keys[spec.dim.slot] = undefined;
    };
    try {
      loop(0, []);
    } finally {
      rt.keys.fill(undefined);
    }
    return { value: total, by };
  }
}

function traceNode(plan: IndicatorPlan, iv: IndicatorValue, reads: Map<string, Read>): TraceNode {
  return {
    id: plan.id,
    formula: plan.formula,
    unit: plan.unit.text,
    value: str(iv.value),
    ...(plan.over.length ? { over: plan.over.map((o) => o.dim.name) } : {}),
    ...(iv.by ? { by: Object.fromEntries([...iv.by].map(([k, v]) => [k, str(v)])) } : {}),
    ...(plan.conversion
      ? { conversion: { from: plan.conversion.from, to: plan.conversion.to, factor: str(plan.conversion.num.div(plan.conversion.den)) } }
      : {}),
    reads: [...reads.values()],
  };
}
