import type { MathNode } from 'mathjs';
import { mathjsParser } from '../core/mathjs.ts';
import { Dec, ZERO } from '../core/decimal.ts';
import { suggest } from '../core/suggest.ts';
import {
  type Unit,
  DIMENSIONLESS,
  conversion,
  divUnits,
  isDimensionless,
  mulUnits,
  parseUnit,
  powUnit,
  sameDimension,
} from '../core/units.ts';
import { add, cmp, div, mul, scaler, sub } from './exact-arith.ts';
import type { CoefInfo, CompiledExpr, DimInfo, InputInfo, InputRead, OverSpec, Runtime } from './types.ts';

/**
 * Formulas are written in mathjs syntax and parsed by mathjs (in BigNumber mode, so that constants keep
 * their exact digits). They are then compiled here into closures over the engine's Decimal, with the
 * unit of every sub-expression inferred on the way: a unit error is a compile error, not a wrong number.
 *
 * Beyond + - * / ^ and parentheses, formulas may use:
 *   sum(dim, expr)        Σ of expr over the keys of a dimension
 *   cap(x, limit)         min(x, limit); records in the diagnostics when the limit binds; if the limit is an
 *                         optional input that is absent, x is returned and that is recorded too
 *   min, max, abs         same units; exp, ln (log), dimensionless arguments
 *   magnitude(x, "km2")   the number x measures in the given unit (for empirical power laws)
 *   name["key"]           a dimensioned symbol at one key, or summed over a group (area["forest"])
 *   service.physical      another service's physical (or money, or part) indicator
 */
/** The parser, made on the first formula (mathjs's parser alone, loaded lazily: engine/core/mathjs.ts). */
const parser = mathjsParser;

export class FormulaError extends Error {
  override name = 'FormulaError';
}

export interface SymbolTable {
  dims: Map<string, DimInfo>;
  inputs: Map<string, InputInfo>;
  coefficients: Map<string, CoefInfo>;
  /** Unit and breakdown dimensions of each indicator id (known before formulas are compiled). */
  indicators: Map<string, { unit: Unit; over: DimInfo[] }>;
  /** Local names (physical, part names) → indicator id, for the service being compiled. */
  local: Map<string, string>;
}

interface Collect {
  /** by name, or name["key"] for a read at a fixed key */
  inputs: Map<string, InputRead>;
  indicators: Set<string>;
  coefficients: Set<string>;
}

export interface CompileResult {
  expr: CompiledExpr;
  deps: Set<string>;
  inputs: Set<string>;
  reads: InputRead[];
  coefficients: Set<string>;
}

export function parseFormula(text: string): MathNode {
  try {
    return parser().parse(text);
  } catch (e) {
    throw new FormulaError(`cannot parse "${text}": ${(e as Error).message}`);
  }
}

/** Compile `text` with the dimensions in `bound` already iterated by the caller (the indicator's `over`). */
export function compileFormula(text: string, table: SymbolTable, bound: DimInfo[]): CompileResult {
  const root = parseFormula(text);
  const collectors: Collect[] = [{ inputs: new Map(), indicators: new Set(), coefficients: new Set() }];
  const boundSet = new Set(bound.map((d) => d.name));
  const expr = compileNode(root, { table, bound: boundSet, collectors });
  const top = collectors[0]!;
  return {
    expr,
    deps: top.indicators,
    inputs: new Set([...top.inputs.values()].map((r) => r.info.name)),
    reads: [...top.inputs.values()],
    coefficients: top.coefficients,
  };
}

/**
 * Iterating a dimension that nothing in the body varies by would multiply the value by the number of keys:
 * refuse it when the model is compiled.
 */
export function assertVaries(
  dim: DimInfo,
  c: { inputs: Iterable<InputRead>; indicators: Iterable<string>; coefficients: Iterable<string> },
  table: SymbolTable,
  where: string,
): void {
  const varies =
    [...c.inputs].some((r) => freeDims(r).includes(dim)) ||
    [...c.coefficients].some((n) => table.coefficients.get(n)!.dims.includes(dim)) ||
    [...c.indicators].some((id) => table.indicators.get(id)!.over.includes(dim));
  if (!varies)
    throw new FormulaError(
      `${where} iterates ${dim.name}, but nothing it reads varies by ${dim.name}: the value would be counted once per key`,
    );
}

/** The dimensions an input read still varies by (all but the first when it is read at a fixed key). */
function freeDims(r: InputRead): DimInfo[] {
  return r.fixed === undefined ? r.info.dims : r.info.dims.slice(1);
}

/** The domain spec for iterating `dim` over a body whose reads are in `c`. */
export function overSpec(
  dim: DimInfo,
  subset: Set<string> | null,
  c: { inputs: Iterable<InputRead>; indicators: Iterable<string> },
  table: SymbolTable,
): OverSpec {
  const domainInputs = [...c.inputs].filter((r) => freeDims(r).includes(dim));
  const domainIndicators = [...c.indicators].filter((id) => table.indicators.get(id)!.over.includes(dim));
  const conditional =
    domainInputs.some((r) => r.info.dims.length > 1) || domainIndicators.some((id) => table.indicators.get(id)!.over.length > 1);
  return { dim, subset, domainInputs, domainIndicators, conditional };
}

interface Ctx {
  table: SymbolTable;
  bound: Set<string>;
  collectors: Collect[];
}

function note(ctx: Ctx, f: (c: Collect) => void): void {
  for (const c of ctx.collectors) f(c);
}

function unitText(u: Unit | null): string {
  return u === null ? '0' : u.text;
}

/** Bring b to a's unit for + - min max cap; the literal 0 fits anything. */
function align(op: string, a: CompiledExpr, b: CompiledExpr): { unit: Unit | null; b: CompiledExpr } {
  if (a.unit === null) return { unit: b.unit, b };
  if (b.unit === null) return { unit: a.unit, b };
  if (!sameDimension(a.unit, b.unit)) {
    throw new FormulaError(`"${op}" needs the same unit on both sides, got ${a.unit.text} and ${b.unit.text}`);
  }
  const f = conversion(b.unit, a.unit);
  if (f.identity) return { unit: a.unit, b };
  const inner = b;
  const scale = scaler(f.num, f.den);
  return {
    unit: a.unit,
    b: {
      unit: a.unit,
      run: (rt) => {
        const v = inner.run(rt);
        return v === null ? null : scale(v);
      },
    },
  };
}

function finite(v: Dec, what: string): Dec {
  if (!v.isFinite()) throw new FormulaError(`${what} gives ${v.toString()}`);
  return v;
}

function must(v: Dec | null, what: string): Dec {
  if (v === null) throw new FormulaError(`${what} has no value (an optional input that is absent can only be the limit of cap())`);
  return v;
}

function compileNode(node: MathNode, ctx: Ctx): CompiledExpr {
  const n = node as MathNode & Record<string, any>;
  switch (node.type) {
    case 'ParenthesisNode':
      return compileNode(n.content, ctx);
    case 'ConstantNode': {
      const raw = n.value;
      if (typeof raw === 'string') throw new FormulaError(`a text constant ("${raw}") is only allowed as a key, e.g. area["forest"]`);
      const value = new Dec(String(raw));
      return { unit: value.isZero() ? null : DIMENSIONLESS, run: () => value, constant: true };
    }
    case 'SymbolNode':
      return compileSymbol(n.name as string, ctx, null);
    case 'AccessorNode':
      return compileAccessor(n, ctx);
    case 'OperatorNode':
      return compileOperator(n, ctx);
    case 'FunctionNode':
      return compileFunction(n, ctx);
    default:
      throw new FormulaError(`"${node.toString()}" (${node.type}) is not supported in formulas`);
  }
}

function compileOperator(n: Record<string, any>, ctx: Ctx): CompiledExpr {
  const args: MathNode[] = n.args;
  const op: string = n.op;
  if (args.length === 1) {
    const a = compileNode(args[0]!, ctx);
    if (op === '-') return { unit: a.unit, constant: !!a.constant, run: (rt) => must(a.run(rt), 'operand').neg() };
    if (op === '+') return a;
    throw new FormulaError(`operator "${op}" is not supported`);
  }
  if (op === '^') {
    const base = compileNode(args[0]!, ctx);
    const expNode = args[1]!;
    const exp = compileNode(expNode, ctx);
    if (exp.unit !== null && !isDimensionless(exp.unit)) throw new FormulaError(`an exponent must be a pure number, not ${exp.unit.text}`);
    let unit: Unit | null = base.unit;
    let run0 = base.run;
    if (base.unit !== null && isDimensionless(base.unit)) run0 = toPure(base).run; // 0.37 % ^ 2 is 0.0037², not 0.37²
    if (base.unit !== null && !isDimensionless(base.unit)) {
      const c = constantValue(expNode);
      if (c === null || !c.isInteger()) {
        throw new FormulaError(
          `${base.unit.text} can only be raised to a constant whole power; use magnitude(x, "unit") for an empirical power law`,
        );
      }
      unit = powUnit(base.unit, c.toNumber()); // a unit's whole-number exponent, not an accounting value
    } else if (base.unit !== null) unit = DIMENSIONLESS;
    const ex = toPure(exp);
    const pow = byText((b: Dec, e: Dec) => finite(b.pow(e), 'a power'));
    const f = (rt: Runtime) => pow(must(run0(rt), 'base'), must(ex.run(rt), 'exponent'));
    return memoised({ unit, run: f, constant: !!(base.constant && exp.constant) });
  }
  if (args.length !== 2) throw new FormulaError(`operator "${op}" with ${args.length} operands is not supported`);
  const a = compileNode(args[0]!, ctx);
  const b0 = compileNode(args[1]!, ctx);
  switch (op) {
    case '+':
    case '-': {
      const { unit, b } = align(op, a, b0);
      const constant = !!(a.constant && b0.constant);
      return op === '+'
        ? { unit, constant, run: (rt) => add(must(a.run(rt), 'operand'), must(b.run(rt), 'operand')) }
        : { unit, constant, run: (rt) => sub(must(a.run(rt), 'operand'), must(b.run(rt), 'operand')) };
    }
    case '*': {
      const unit = a.unit === null || b0.unit === null ? null : mulUnits(a.unit, b0.unit);
      return { unit, constant: !!(a.constant && b0.constant), run: (rt) => mul(must(a.run(rt), 'operand'), must(b0.run(rt), 'operand')) };
    }
    case '/': {
      if (b0.unit === null) throw new FormulaError('division by the constant 0');
      const unit = a.unit === null ? null : divUnits(a.unit, b0.unit);
      return {
        unit,
        constant: !!(a.constant && b0.constant),
        run: (rt) => {
          const d = must(b0.run(rt), 'divisor');
          if (d.isZero()) throw new FormulaError(`division by zero in "${args[1]!.toString()}"`);
          return div(must(a.run(rt), 'dividend'), d); // decimal.js's quotient, on its words (exact-arith.ts): ~5× less CPU
        },
      };
    }
    default:
      throw new FormulaError(`operator "${op}" is not supported (use + - * / ^)`);
  }
}

/** A dimensionless value with a scale (%, or km/m) as a plain number: exp, ln and powers need the number itself. */
function toPure(e: CompiledExpr): CompiledExpr {
  if (e.unit === null) return e;
  const f = conversion(e.unit, DIMENSIONLESS);
  if (f.identity) return e;
  const scale = scaler(f.num, f.den);
  return {
    unit: DIMENSIONLESS,
    run: (rt) => {
      const v = e.run(rt);
      return v === null ? null : scale(v);
    },
    ...(e.constant ? { constant: true } : {}),
  };
}

/** exp, ln and non-integer powers cost tens of microseconds: compute a constant one once per year. */
function memoised(e: CompiledExpr): CompiledExpr {
  if (!e.constant) return e;
  const inner = e.run;
  const key = {};
  return { ...e, run: (rt) => rt.memo(key, () => inner(rt)!) };
}

/**
 * A transcendental step (a non-integer power, exp, ln: tens of microseconds each at 34 digits) computed once per
 * distinct input, keyed by the inputs' decimal text: decimal.js keeps no trailing zeros, so equal text is an equal
 * value and the result is the same bytes. Regions of a batch share lake areas, types and exponents more often than
 * not. Bounded: the table starts again when it is full, so that a long batch of distinct inputs holds no memory.
 */
const TRANSCENDENTAL_MEMO_SIZE = 4096;
function byText<A extends Dec[]>(f: (...args: A) => Dec): (...args: A) => Dec {
  const seen = new Map<string, Dec>();
  return (...args: A) => {
    const key = args.length === 1 ? args[0]!.toString() : args.map((a) => a.toString()).join(' ');
    let v = seen.get(key);
    if (v === undefined) {
      v = f(...args);
      if (seen.size >= TRANSCENDENTAL_MEMO_SIZE) seen.clear();
      seen.set(key, v);
    }
    return v;
  };
}

function constantValue(node: MathNode): Dec | null {
  const n = node as MathNode & Record<string, any>;
  if (node.type === 'ConstantNode' && typeof n.value !== 'string') return new Dec(String(n.value));
  if (node.type === 'ParenthesisNode') return constantValue(n.content);
  if (node.type === 'OperatorNode' && n.fn === 'unaryMinus') {
    const v = constantValue(n.args[0]);
    return v === null ? null : v.neg();
  }
  return null;
}

function compileFunction(n: Record<string, any>, ctx: Ctx): CompiledExpr {
  const name: string = n.fn?.name ?? n.name;
  const args: MathNode[] = n.args;
  const arity = (k: number) => {
    if (args.length !== k) throw new FormulaError(`${name}() takes ${k} argument${k === 1 ? '' : 's'}, got ${args.length}`);
  };
  switch (name) {
    case 'sum':
      return compileSum(args, ctx);
    case 'cap': {
      arity(2);
      const x = compileNode(args[0]!, ctx);
      const limit0 = compileNode(args[1]!, ctx);
      const { unit, b: limit } = align('cap', x, limit0);
      // Diagnostics speak in the limit's unit (the emission's t), not the capacity's derived one (ha·kg/ha).
      const shown = limit0.unit ?? unit;
      const f = unit && shown && unit !== shown ? conversion(unit, shown) : undefined;
      const inShown = f && !f.identity ? scaler(f.num, f.den) : (v: Dec) => v;
      return {
        unit,
        run: (rt) => {
          const cap = must(x.run(rt), 'capacity');
          const lim = limit.run(rt);
          // a limit at or above the capacity binds in no unit (a positive scaling keeps the order): nothing to note,
          // and neither side is converted to the limit's unit
          if (lim !== null && cmp(cap, lim) <= 0) return cap;
          rt.capBound(inShown(cap), lim === null ? null : inShown(lim), unitText(shown));
          return lim === null ? cap : lim;
        },
      };
    }
    case 'min':
    case 'max': {
      if (args.length < 2) throw new FormulaError(`${name}() needs at least two arguments`);
      const first = compileNode(args[0]!, ctx);
      let unit = first.unit;
      const rest = args.slice(1).map((a) => {
        const r = align(name, { unit, run: first.run }, compileNode(a, ctx));
        unit = r.unit;
        return r.b;
      });
      const all = [first, ...rest];
      // the first of equal values is kept, as reduce((p, q) => (q < p ? q : p)) keeps it; cmp makes no copy
      const wins = name === 'min' ? -1 : 1;
      return {
        unit,
        run: (rt) => {
          let best = must(first.run(rt), 'argument');
          for (let i = 1; i < all.length; i++) {
            const q = must(all[i]!.run(rt), 'argument');
            if (cmp(q, best) === wins) best = q;
          }
          return best;
        },
      };
    }
    case 'abs': {
      arity(1);
      const x = compileNode(args[0]!, ctx);
      return { unit: x.unit, run: (rt) => must(x.run(rt), 'argument').abs() };
    }
    case 'exp':
    case 'ln':
    case 'log': {
      arity(1);
      const x = compileNode(args[0]!, ctx);
      if (x.unit !== null && !isDimensionless(x.unit)) throw new FormulaError(`${name}() needs a pure number, not ${x.unit.text}`);
      const f = byText(name === 'exp' ? (d: Dec) => finite(d.exp(), 'exp()') : (d: Dec) => finite(d.ln(), `${name}()`));
      const pure = toPure(x);
      return memoised({ unit: DIMENSIONLESS, run: (rt) => f(must(pure.run(rt), 'argument')), constant: !!x.constant });
    }
    case 'magnitude': {
      arity(2);
      const x = compileNode(args[0]!, ctx);
      const u = args[1] as MathNode & Record<string, any>;
      if (u.type !== 'ConstantNode' || typeof u.value !== 'string')
        throw new FormulaError('magnitude(x, "unit") needs the unit as a quoted text');
      let target: Unit;
      try {
        target = parseUnit(u.value);
      } catch (e) {
        throw new FormulaError((e as Error).message);
      }
      if (x.unit === null) return { unit: DIMENSIONLESS, run: () => ZERO };
      const f = conversion(x.unit, target);
      const scale = scaler(f.num, f.den);
      return { unit: DIMENSIONLESS, run: (rt) => scale(must(x.run(rt), 'argument')) };
    }
    default:
      throw new FormulaError(`unknown function ${name}() (known: sum, cap, min, max, abs, exp, ln, magnitude)`);
  }
}

function compileSum(args: MathNode[], ctx: Ctx): CompiledExpr {
  if (args.length !== 2) throw new FormulaError('sum(dimension, expression) takes two arguments');
  const d = args[0] as MathNode & Record<string, any>;
  let dimName: string | undefined;
  let subset: Set<string> | null = null;
  if (d.type === 'SymbolNode') dimName = d.name;
  else if (d.type === 'AccessorNode' && d.object.type === 'SymbolNode') {
    // sum(ecosystem_type["forest"], ...) keeps one group or key
    dimName = d.object.name;
    subset = new Set(d.index.dimensions.map((k: any) => String(k.value)));
  }
  const dim = dimName ? ctx.table.dims.get(dimName) : undefined;
  if (!dim) throw new FormulaError(`sum(): "${d.toString()}" is not a dimension (known: ${[...ctx.table.dims.keys()].join(', ')})`);
  if (ctx.bound.has(dim.name)) throw new FormulaError(`sum(): ${dim.name} is already iterated here`);
  for (const k of subset ?? []) {
    if (!dim.open && !dim.keys.includes(k) && !dim.groups.has(k))
      throw new FormulaError(`sum(): "${k}" is not a key or group of ${dim.name}`);
  }
  const local: Collect = { inputs: new Map(), indicators: new Set(), coefficients: new Set() };
  const inner: Ctx = { ...ctx, bound: new Set([...ctx.bound, dim.name]), collectors: [...ctx.collectors, local] };
  const body = compileNode(args[1]!, inner);
  const reads = { ...local, inputs: [...local.inputs.values()] };
  assertVaries(dim, reads, ctx.table, 'sum()');
  const spec = overSpec(dim, subset, reads, ctx.table);
  const slot = dim.slot;
  return {
    unit: body.unit,
    run: (rt) => {
      let total = ZERO;
      try {
        for (const k of rt.domain(spec)) {
          rt.keys[slot] = k;
          total = add(total, must(body.run(rt), 'term'));
        }
      } finally {
        rt.keys[slot] = undefined; // a key left bound would narrow the next domain
      }
      return total;
    },
  };
}

function compileAccessor(n: Record<string, any>, ctx: Ctx): CompiledExpr {
  const idx = n.index;
  if (idx.dotNotation) {
    // service.physical, service.money, service.part
    const path: string[] = [];
    let cur: any = n;
    while (cur.type === 'AccessorNode' && cur.index.dotNotation) {
      path.unshift(String(cur.index.dimensions[0].value));
      cur = cur.object;
    }
    if (cur.type !== 'SymbolNode') throw new FormulaError(`cannot read "${n.toString()}"`);
    path.unshift(cur.name);
    return compileSymbol(path.join('.'), ctx, null);
  }
  if (
    n.object.type !== 'SymbolNode' ||
    idx.dimensions.length !== 1 ||
    idx.dimensions[0].type !== 'ConstantNode' ||
    typeof idx.dimensions[0].value !== 'string'
  ) {
    throw new FormulaError(`"${n.toString()}": index a symbol with one quoted key, e.g. area["wetland"]`);
  }
  return compileSymbol(n.object.name, ctx, String(idx.dimensions[0].value));
}

function compileSymbol(name: string, ctx: Ctx, fixedKey: string | null): CompiledExpr {
  const t = ctx.table;
  const id = t.local.get(name) ?? (t.indicators.has(name) ? name : undefined);
  if (id !== undefined) {
    if (fixedKey !== null) throw new FormulaError(`"${name}[…]": indicators are read whole or at the keys iterated, not at a fixed key`);
    const ind = t.indicators.get(id)!;
    note(ctx, (c) => c.indicators.add(id));
    const boundDims = ind.over.filter((d) => ctx.bound.has(d.name));
    if (boundDims.length === 0) return { unit: ind.unit, run: (rt) => rt.indicator(id, null) };
    if (boundDims.length !== ind.over.length) {
      throw new FormulaError(`"${name}" is broken down by ${ind.over.map((d) => d.name).join(' × ')}; iterate all of them or none`);
    }
    const slots = ind.over.map((d) => d.slot);
    // one dimension (most breakdowns): the key itself, no array per read (it was ~20 KB of a traced run)
    if (slots.length === 1) {
      const slot = slots[0]!;
      return { unit: ind.unit, run: (rt) => rt.indicatorAt(id, rt.keys[slot]!) };
    }
    return {
      unit: ind.unit,
      run: (rt) =>
        rt.indicator(
          id,
          slots.map((s) => rt.keys[s]!),
        ),
    };
  }
  const input = t.inputs.get(name);
  const coef = t.coefficients.get(name);
  const info = input ?? coef;
  if (!info) {
    const known = [...t.local.keys(), ...t.inputs.keys(), ...t.coefficients.keys()];
    throw new FormulaError(`unknown name "${name}"${suggest(name, known)}`);
  }
  if (input) {
    const read: InputRead = fixedKey === null ? { info: input } : { info: input, fixed: fixedKey };
    note(ctx, (c) => c.inputs.set(fixedKey === null ? name : `${name}["${fixedKey}"]`, read));
  } else note(ctx, (c) => c.coefficients.add(coef!.name));
  // Dimensions: each must be iterated, except the first when a key is fixed with ["key"].
  const dims = info.dims;
  if (fixedKey !== null) {
    if (dims.length === 0) throw new FormulaError(`"${name}" has no dimension to index with ["${fixedKey}"]`);
    const d0 = dims[0]!;
    if (!d0.open && !d0.keys.includes(fixedKey) && !d0.groups.has(fixedKey)) {
      throw new FormulaError(`"${fixedKey}" is not a key or group of ${d0.name}`);
    }
  }
  const free = fixedKey === null ? dims : dims.slice(1);
  for (const d of free) {
    if (!ctx.bound.has(d.name)) {
      throw new FormulaError(
        `"${name}" varies by ${d.name}, which is not iterated here: put it inside sum(${d.name}, …) or add ${d.name} to "over"`,
      );
    }
  }
  const slots = free.map((d) => d.slot);
  const isGroup = fixedKey !== null && dims[0]!.groups.has(fixedKey);
  const keysOf = (rt: Runtime): string[] => {
    const ks = slots.map((s) => rt.keys[s]!);
    if (fixedKey !== null) ks.unshift(fixedKey);
    return ks;
  };
  // One iterated key, none fixed (most reads): the key itself, no array made per read.
  const one = fixedKey === null && slots.length === 1 ? slots[0]! : undefined;
  if (input) {
    if (one !== undefined) return { unit: input.unit, run: (rt) => rt.inputAt(input, rt.keys[one]!) };
    if (dims.length === 0) return { unit: input.unit, run: (rt) => rt.inputAt(input, '') };
    return { unit: input.unit, run: (rt) => rt.input(input, keysOf(rt), isGroup) };
  }
  const c = coef!;
  if (c.dims.length === 0) return { unit: c.unit, run: (rt) => rt.coefficientAt(c, ''), constant: true };
  if (one !== undefined) return { unit: c.unit, run: (rt) => rt.coefficientAt(c, rt.keys[one]!) };
  if (fixedKey === null && slots.length === 2) {
    const [s0, s1] = slots as [number, number];
    return { unit: c.unit, run: (rt) => rt.coefficientAt2(c, rt.keys[s0]!, rt.keys[s1]!) };
  }
  return { unit: c.unit, run: (rt) => rt.coefficient(c, keysOf(rt)) };
}
