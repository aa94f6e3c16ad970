import { dec } from '../core/decimal.ts';
import type { Issue } from '../core/errors.ts';
import { IssuesError } from '../core/errors.ts';
import { type Unit, conversion, hasCurrency, isMoney, parseUnit } from '../core/units.ts';
import { assertVaries, compileFormula, overSpec, type SymbolTable } from './expression.ts';
import { dimensionInfo } from './dimension-info.ts';
import type { Model, Formula } from './schema.ts';
import type { Cell, CoefInfo, CompiledModel, DimInfo, IndicatorPlan, InputInfo, ResolvedEntry, ServiceInfo, VariantInfo } from './types.ts';
import { applyMethod, defaultMethod, type ResolvedMethod, variantOf, variantRuleIssues } from './variants.ts';
import type { IssueCode } from '../core/issue-codes.ts';

/**
 * Turn a validated model (data) into a plan: symbols with parsed units, dated coefficient entries,
 * and every indicator's formula compiled and unit-checked, in dependency order. All problems are
 * collected and thrown together.
 */
export function compileModel(source: Model, hash: string, method?: ResolvedMethod): CompiledModel {
  const inForce = method ?? defaultMethod(source);
  const model = applyMethod(source, inForce);
  const ctx = problems(model);
  if (!method) {
    ctx.issues.push(...variantRuleIssues(source, `${source.id}@${source.version}`));
    // every variant must compile on its own: a broken one is refused when the model loads, not when chosen
    if (!ctx.issues.length) ctx.issues.push(...variantCompileIssues(source, hash));
  }
  const dims = compileDimensions(model, ctx);
  const inputs = compileInputs(model, dims, ctx);
  const coefficients = compileCoefficients(model, dims, inputs, ctx);
  const table: SymbolTable = { dims, inputs, coefficients, indicators: new Map(), local: new Map() };
  const { pending, services } = indicatorsOf(model, inputs, ctx, inForce);
  const overOf = declareIndicators(pending, table, ctx);
  const plans = compileFormulas(pending, overOf, table, ctx);
  const ordered = dependencyOrder(pending, plans, table, ctx);

  if (ctx.issues.length) throw new IssuesError('model', ctx.issues);
  return {
    id: model.id,
    version: model.version,
    ref: `${model.id}@${model.version}`,
    status: model.status,
    kind: model.kind,
    title: model.title,
    description: model.description,
    hash,
    sources: model.sources,
    categories: model.categories,
    dims,
    inputs,
    coefficients,
    services,
    indicators: ordered,
    indicatorById: new Map(ordered.map((p) => [p.id, p])),
    source,
    variants: variantInfos(source),
    method: inForce,
  };
}

/** The variants each service declares, as explain, reports and messages show them. */
function variantInfos(model: Model): Map<string, VariantInfo[]> {
  return new Map(
    model.services
      .filter((s) => s.variants)
      .map((s) => [
        s.id,
        s.variants!.map((v, i) => ({ id: v.id, label: v.label, source: v.source, default: i === 0, ...(v.note ? { note: v.note } : {}) })),
      ]),
  );
}

/** Each non-default variant compiled alone; its problems, named by the variant. */
function variantCompileIssues(model: Model, hash: string): Issue[] {
  const issues: Issue[] = [];
  const base = defaultMethod(model);
  for (const s of model.services)
    for (const v of s.variants?.slice(1) ?? []) {
      try {
        compileModel(model, hash, { ...base, variants: { ...base.variants, [s.id]: v.id } });
      } catch (e) {
        if (!(e instanceof IssuesError)) throw e;
        for (const i of e.issues) issues.push({ ...i, message: `under variant ${s.id}=${v.id}: ${i.message}` });
      }
    }
  return issues;
}

/** Where the steps of compileModel report problems: all of them are thrown together at the end. */
interface Problems {
  issues: Issue[];
  at(path: string, code: IssueCode, message: string): void;
  /** The unit written at `path`, or undefined (and a problem) if it cannot be read. */
  unit(text: string, path: string): Unit | undefined;
}

function problems(model: Model): Problems {
  const issues: Issue[] = [];
  const at = (path: string, code: IssueCode, message: string) => {
    issues.push({ code, message, path, file: `${model.id}@${model.version}` });
  };
  const unit = (text: string, path: string): Unit | undefined => {
    try {
      return parseUnit(text);
    } catch (e) {
      at(path, 'unit_invalid', (e as Error).message);
      return undefined;
    }
  };
  return { issues, at, unit };
}

/** An indicator as declared by its service, before its formula is compiled. */
interface Pending {
  id: string;
  f: Formula;
  service?: string;
  account: IndicatorPlan['account'];
  label: IndicatorPlan['label'];
  path: string;
  local: Map<string, string>;
}
type Over = { dim: DimInfo; subset: Set<string> | null }[];

function compileDimensions(model: Model, { at }: Problems): Map<string, DimInfo> {
  const dims = new Map<string, DimInfo>();
  let slot = 0;
  for (const [name, d] of Object.entries(model.dimensions)) dims.set(name, dimensionInfo(name, d, slot++, at));
  return dims;
}

function dimList(names: string[], path: string, dims: Map<string, DimInfo>, { at }: Problems): DimInfo[] {
  return names.flatMap((n) => {
    const d = dims.get(n);
    if (!d) {
      at(path, 'dimension_unknown', `unknown dimension "${n}"`);
      return [];
    }
    return [d];
  });
}

function compileInputs(model: Model, dims: Map<string, DimInfo>, ctx: Problems): Map<string, InputInfo> {
  const { unit } = ctx;
  const inputs = new Map<string, InputInfo>();
  for (const [name, i] of Object.entries(model.inputs)) {
    const u = unit(i.unit, `inputs.${name}.unit`);
    if (!u) continue;
    inputs.set(name, {
      kind: 'input',
      name,
      label: i.label,
      unit: u,
      dims: dimList(i.dims, `inputs.${name}.dims`, dims, ctx),
      table: i.table,
      optional: i.optional,
      ...(i.min !== undefined ? { min: dec(i.min) } : {}),
      ...(i.max !== undefined ? { max: dec(i.max) } : {}),
      currency: isMoney(u) ? 'money' : hasCurrency(u) ? 'price' : 'none',
    });
  }
  return inputs;
}

function compileCoefficients(
  model: Model,
  dims: Map<string, DimInfo>,
  inputs: Map<string, InputInfo>,
  ctx: Problems,
): Map<string, CoefInfo> {
  const { at, unit } = ctx;
  const coefficients = new Map<string, CoefInfo>();
  for (const [name, c] of Object.entries(model.coefficients)) {
    const path = `coefficients.${name}`;
    if (inputs.has(name)) at(path, 'name_clash', `"${name}" is both an input and a coefficient`);
    const u = unit(c.unit, `${path}.unit`);
    if (!u) continue;
    const cdims = dimList(c.dims, `${path}.dims`, dims, ctx);
    const currency = hasCurrency(u);
    if (currency && !c.price_index) {
      at(
        `${path}.price_index`,
        'price_index_missing',
        'a money coefficient names the price index that moves it between years (e.g. cpi), or "none" for a nominal value used as it is',
      );
    }
    const entries: ResolvedEntry[] = [];
    const seen = new Set<number>();
    c.entries.forEach((e, n) => {
      const ep = `${path}.entries[${n}]`;
      if (seen.has(e.from)) at(ep, 'duplicate', `two entries from ${e.from}`);
      seen.add(e.from);
      const entry: ResolvedEntry = {
        from: e.from,
        ...(e.until !== undefined ? { until: e.until } : {}),
        priceYear: e.price_year ?? e.from,
        source: e.source,
        ...(e.status ? { status: e.status } : {}),
        ...(e.range ? { range: e.range } : {}),
      };
      if (e.value !== undefined) {
        if (cdims.length) at(ep, 'table_expected', `${name} varies by ${c.dims.join(' × ')}: give a table`);
        entry.scalar = { value: dec(e.value), ...(e.range ? { low: dec(e.range.low), high: dec(e.range.high) } : {}) };
      } else {
        if (!cdims.length) at(ep, 'value_expected', `${name} has no dimension: give a value, not a table`);
        entry.table = flattenTable(e.table!, cdims, (msg) => at(ep, 'table_key', msg));
      }
      entries.push(entry);
    });
    entries.sort((a, b) => a.from - b.from);
    coefficients.set(name, {
      kind: 'coefficient',
      name,
      label: c.label,
      unit: u,
      dims: cdims,
      currency,
      entries,
      ...(c.price_index && c.price_index !== 'none' ? { priceIndex: c.price_index } : {}),
    });
  }
  return coefficients;
}

/** Each service's indicators (physical, money and parts), with the local names its formulas may use. */
function indicatorsOf(
  model: Model,
  inputs: Map<string, InputInfo>,
  { at }: Problems,
  inForce: ResolvedMethod,
): { pending: Pending[]; services: ServiceInfo[] } {
  const categories = new Set(model.categories.map((c) => c.id));
  const pending: Pending[] = [];
  const services: ServiceInfo[] = [];
  const serviceIds = new Set<string>();
  model.services.forEach((s, n) => {
    const path = `services[${n}] (${s.id})`;
    if (serviceIds.has(s.id)) at(path, 'duplicate', `service "${s.id}" is defined twice`);
    serviceIds.add(s.id);
    if (!categories.has(s.category))
      at(`${path}.category`, 'category_unknown', `category "${s.category}" is not among ${[...categories].join(', ')}`);
    const local = new Map<string, string>([['physical', `${s.id}.physical`]]);
    const parts = Object.keys(s.parts ?? {});
    for (const p of parts) {
      if (p === 'physical' || p === 'money' || inputs.has(p) || model.coefficients[p])
        at(
          `${path}.parts.${p}`,
          'name_clash',
          `part "${p}" has the name of ${p === 'physical' || p === 'money' ? "the service's own account" : 'an input or coefficient'}`,
        );
      local.set(p, `${s.id}.${p}`);
    }
    pending.push({
      id: `${s.id}.physical`,
      f: s.physical,
      service: s.id,
      account: 'physical',
      label: s.label,
      path: `${path}.physical`,
      local,
    });
    pending.push({ id: `${s.id}.money`, f: s.money, service: s.id, account: 'money', label: s.label, path: `${path}.money`, local });
    for (const [p, f] of Object.entries(s.parts ?? {})) {
      pending.push({ id: `${s.id}.${p}`, f, service: s.id, account: 'part', label: f.label ?? s.label, path: `${path}.parts.${p}`, local });
    }
    const v = variantOf(s, inForce);
    services.push({
      id: s.id,
      category: s.category,
      label: s.label,
      method: s.method,
      ...(v ? { variant: { id: v.id, label: v.label, source: v.source, default: v.id === s.variants![0]!.id } } : {}),
      flow: s.flow,
      physical: `${s.id}.physical`,
      money: `${s.id}.money`,
      parts: parts.map((p) => `${s.id}.${p}`),
    });
  });
  return { pending, services };
}

/** Register every indicator with its unit and breakdown first, so that formulas can refer to any of them. */
function declareIndicators(pending: Pending[], table: SymbolTable, { at, unit }: Problems): Map<string, Over> {
  const { dims } = table;
  const overOf = new Map<string, Over>();
  for (const p of pending) {
    const u = unit(p.f.unit, `${p.path}.unit`);
    const over = normaliseOver(p.f.over).flatMap(([dn, keys]) => {
      const d = dims.get(dn);
      if (!d) {
        at(`${p.path}.over`, 'dimension_unknown', `unknown dimension "${dn}"`);
        return [];
      }
      if (keys)
        for (const k of keys) {
          if (!d.keys.includes(k) && !d.groups.has(k)) at(`${p.path}.over`, 'key_unknown', `"${k}" is not a key or group of ${dn}`);
        }
      return [{ dim: d, subset: keys ? new Set(keys) : null }];
    });
    overOf.set(p.id, over);
    if (u) table.indicators.set(p.id, { unit: u, over: over.map((o) => o.dim) });
  }
  return overOf;
}

/** Compile and unit-check every declared indicator's formula into its plan. */
function compileFormulas(pending: Pending[], overOf: Map<string, Over>, table: SymbolTable, { at }: Problems): Map<string, IndicatorPlan> {
  const plans = new Map<string, IndicatorPlan>();
  for (const p of pending) {
    const decl = table.indicators.get(p.id);
    if (!decl) continue;
    const over = overOf.get(p.id)!;
    try {
      const r = compileFormula(
        p.f.formula,
        { ...table, local: p.local },
        over.map((o) => o.dim),
      );
      if (r.deps.has(p.id)) throw new Error(`refers to itself`);
      if (r.expr.unit !== null && hasCurrency(r.expr.unit) !== hasCurrency(decl.unit)) {
        throw new Error(`gives ${r.expr.unit.text} but is declared in ${decl.unit.text}`);
      }
      let conv: IndicatorPlan['conversion'];
      if (r.expr.unit !== null) {
        try {
          const f = conversion(r.expr.unit, decl.unit);
          if (!f.identity) conv = { num: f.num, den: f.den, from: r.expr.unit.text, to: decl.unit.text };
        } catch {
          throw new Error(`gives ${r.expr.unit.text} but is declared in ${decl.unit.text}: the units do not match`);
        }
      }
      const collected = { inputs: r.reads, indicators: [...r.deps], coefficients: [...r.coefficients] };
      for (const o of over) assertVaries(o.dim, collected, table, '"over"');
      plans.set(p.id, {
        id: p.id,
        label: p.f.label ?? p.label,
        unit: decl.unit,
        ...(p.service ? { service: p.service } : {}),
        account: p.account,
        over: over.map((o) => overSpec(o.dim, o.subset, collected, table)),
        formula: p.f.formula,
        ...(conv ? { conversion: conv } : {}),
        deps: [...r.deps].sort(),
        coefficients: [...r.coefficients].sort(),
        inputs: [...r.inputs].sort(),
        priceFree: false,
        body: r.expr,
      });
    } catch (e) {
      at(`${p.path}.formula`, 'formula_invalid', `${p.f.formula} — ${(e as Error).message}`);
    }
  }
  return plans;
}

/**
 * The plans in dependency order (depth-first; a cycle is an error naming its members), each marked
 * priceFree when neither it nor anything it reads depends on prices.
 */
function dependencyOrder(
  pending: Pending[],
  plans: Map<string, IndicatorPlan>,
  { inputs, coefficients }: SymbolTable,
  { at }: Problems,
): IndicatorPlan[] {
  const ordered: IndicatorPlan[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]) => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting') {
      at(`indicators.${id}`, 'cycle', `formulas refer to each other in a circle: ${[...trail, id].join(' → ')}`);
      return;
    }
    const plan = plans.get(id);
    if (!plan) return;
    state.set(id, 'visiting');
    for (const d of plan.deps) visit(d, [...trail, id]);
    state.set(id, 'done');
    plan.priceFree =
      plan.coefficients.every((c) => !coefficients.get(c)!.currency) &&
      plan.inputs.every((i) => inputs.get(i)!.currency === 'none') &&
      plan.deps.every((d) => plans.get(d)?.priceFree ?? false);
    ordered.push(plan);
  };
  for (const p of pending) visit(p.id, []);
  return ordered;
}

function normaliseOver(over: Formula['over']): [string, string[] | null][] {
  if (over === undefined) return [];
  if (typeof over === 'string') return [[over, null]];
  if (Array.isArray(over)) return over.map((d) => [d, null]);
  return Object.entries(over).map(([d, keys]) => [d, keys === 'all' ? null : keys]);
}

export function flattenTable(t: Record<string, unknown>, dims: DimInfo[], fail: (m: string) => void): Map<string, Cell> {
  const out = new Map<string, Cell>();
  const walk = (node: unknown, depth: number, prefix: string[]) => {
    if (depth === dims.length) {
      if (typeof node === 'string') {
        out.set(prefix.join('|'), { value: dec(node) });
        return;
      }
      const cell = node as { value: string; low?: string; high?: string };
      const c: Cell = { value: dec(cell.value) };
      if (cell.low !== undefined) c.low = dec(cell.low);
      if (cell.high !== undefined) c.high = dec(cell.high);
      out.set(prefix.join('|'), c);
      return;
    }
    if (typeof node !== 'object' || node === null || 'value' in (node as object)) {
      fail(`expected keys of ${dims[depth]!.name} at "${prefix.join('.')}"`);
      return;
    }
    const d = dims[depth]!;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k !== '*' && !d.open && !d.keys.includes(k) && !d.groups.has(k)) fail(`"${k}" is not a key or group of ${d.name}`);
      walk(v, depth + 1, [...prefix, k]);
    }
  };
  walk(t, 0, []);
  for (const k of out.keys()) {
    const parts = k.split('|');
    if (parts.includes('*') && !parts.every((p) => p === '*'))
      fail(`a default row "*" must be "*" in every dimension (got "${parts.join('.')}")`);
  }
  return out;
}
