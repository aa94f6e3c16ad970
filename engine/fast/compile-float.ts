import type { MathNode } from 'mathjs';
import { Dec } from '../core/decimal.ts';
import { IssuesError, type Issue } from '../core/errors.ts';
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
import { parseFormula } from '../model/expression.ts';
import { readOnce } from './float-loads.ts';
import { localScratch } from './float-locals.ts';
import type { CompiledModel, DimInfo, IndicatorPlan, InputInfo, OverSpec } from '../model/types.ts';

/**
 * The float64 path: a model's indicators compiled into straight-line JavaScript over a matrix of rows (one row a
 * region-year at one price basis; its columns every input at every key of the layout) and a matrix of coefficient
 * vectors. Loops over dimension keys are unrolled when the program is generated, so that evaluating a row is a
 * sequence of loads, multiplications and sums, with no interpretation and no allocation.
 *
 * The same formulas, unit conversions (as float factors of the exact ratios), coefficients and domains as the exact
 * path (engine/eval): a key is iterated when the data has it (an extent row of non-zero area, a quantity), a value
 * that cannot be computed is NaN and everything that reads it is NaN (as the exact path skips it), cap() with an
 * absent optional limit is its capacity. It serves Monte Carlo, screening and sensitivity; accounts stay exact.
 * Not supported (refused with `float_unsupported`): inputs of two or more dimensions, indicators over two or more.
 */

/** The keys each dimension has in the columns: a closed one its data keys, an open one the keys the data has, sorted. */
export type FloatLayout = ReadonlyMap<string, readonly string[]>;

export interface InputColumns {
  info: InputInfo;
  /** First column of the input in a row. */
  offset: number;
  /** The layout keys of its dimension, one column each (null: a scalar, one column). */
  keys: readonly string[] | null;
}

/** A given value's columns: mode (0 none, 1 the given wins, 2 the computed wins, 3 neither said), total, each key. */
export interface GivenColumns {
  indicator: string;
  offset: number;
  keys: readonly string[] | null;
}

/** One coefficient value a formula reads: the coefficient at a key tuple. */
export interface CoefSlot {
  name: string;
  keys: string[];
}

export interface FloatProgram {
  model: CompiledModel;
  layout: FloatLayout;
  /** Columns of a row. */
  width: number;
  /** The first columns of a row, the inputs' (the given values' follow). */
  inputWidth: number;
  inputs: Map<string, InputColumns>;
  given: Map<string, GivenColumns>;
  coefficients: CoefSlot[];
  /** Output columns of a row: the total of each indicator, in model order (NaN when it could not be computed). */
  indicators: string[];
  source: string;
  /**
   * Evaluate rows [0, n): row r reads X[r*width …], coefficient vector cRow[r] of C (coefficients.length wide), and
   * writes its indicators to O[r*indicators.length …].
   */
  run(X: Float64Array, C: Float64Array, cRow: Int32Array, n: number, O: Float64Array): void;
}

const unsupported = (message: string): Issue => ({ code: 'float_unsupported', message });

/** Compile the float program of a model for a layout and the indicators some row gives. */
export function compileFloat(model: CompiledModel, layout: FloatLayout, givenIds: ReadonlySet<string> = new Set()): FloatProgram {
  const issues: Issue[] = [];
  let width = 0;
  const inputs = new Map<string, InputColumns>();
  for (const info of model.inputs.values()) {
    if (info.dims.length > 1) {
      issues.push(unsupported(`input ${info.name} has ${info.dims.length} dimensions: the float path takes inputs of one at most`));
      continue;
    }
    const keys = info.dims.length ? keysOf(layout, info.dims[0]!) : null;
    inputs.set(info.name, { info, offset: width, keys });
    width += keys ? keys.length : 1;
  }
  const inputWidth = width;
  const given = new Map<string, GivenColumns>();
  for (const plan of model.indicators) {
    if (plan.over.length > 1)
      issues.push(unsupported(`${plan.id} is over ${plan.over.length} dimensions: the float path takes one at most`));
    if (!givenIds.has(plan.id)) continue;
    const keys = plan.over.length ? keysOf(layout, plan.over[0]!.dim) : null;
    given.set(plan.id, { indicator: plan.id, offset: width, keys });
    width += 2 + (keys?.length ?? 0);
  }
  if (issues.length) throw new IssuesError('model', issues);
  const gen = new Generator(model, layout, inputs);
  const units: string[][] = [];
  const calls: string[] = [];
  // the sub-expressions of coefficients alone (emit), each a cell of a table computed once per coefficient vector
  const derived: string[] = [];
  const cell = new Map<string, number>();
  for (const unit of serviceUnits(model.indicators)) {
    // one small function per service (its physical value, parts and money), each a loop over a block of rows
    // (columnar: a few formulas over many rows); each indicator's statements in a block of their own
    gen.beginUnit();
    const lines: string[] = [];
    for (const j of unit) {
      const plan = model.indicators[j]!;
      try {
        lines.push('{', ...gen.indicator(plan, j, given.get(plan.id)), '}');
      } catch (e) {
        if (!(e instanceof FloatUnsupported)) throw e;
        issues.push(unsupported(`${plan.id}: ${e.message}`));
      }
    }
    for (const h of gen.takeHoisted()) {
      cell.set(h.split(' ')[0]!, derived.length);
      derived.push(h);
    }
    calls.push(`    i${unit[0]}(X, C, cRow, r0, r1, O, B, K);`);
    units.push([
      `function i${unit[0]}(X, C, cRow, r0, r1, O, B, K) {`,
      ROW,
      ...lines.map((l) => l.replace(/\bk\d+\b/g, (k) => `K[k + ${cell.get(k)}]`)),
      '}}',
    ]);
  }
  const flags = [`function flags(X, C, cRow, r0, r1, O, B) {`, ROW, ...gen.rowFlags(), `}}`];
  const body = localScratch(units, flags).flat();
  if (issues.length) throw new IssuesError('model', issues);
  const NI = model.indicators.length;
  const NB = gen.scratchSize;
  const generated = dropUnreadScratch(
    [
      '"use strict";',
      'const has = (v) => v === v;',
      ...body,
      ...flags,
      // the scratch is kept between calls (a Monte Carlo draw is a call of two rows): every cell a row reads is written
      // by that row first, except the keys an indicator never iterates, which stay NaN from the start
      `let scratch = new Float64Array(0);`,
      ...derivedTable(derived),
      // the rows of a block read in order once before its formulas: each formula reads a few cells of every row, 1.5 KiB
      // apart (187 columns of cn-gep-2022), which the hardware prefetcher does not foresee, so rows not in the cache
      // (the 30,000 of the benchmark, 45 MB) were fetched a cache line at a time; one read per line of the block in order
      // streams them in. ~×1.8 on rows out of the cache (CPU, interleaved), ~150 instructions a row on rows in it
      'let sink = 0;',
      'function sweep(X, from, to) {',
      '  let t = 0;',
      '  for (let i = from; i < to; i += 8) t += X[i];',
      '  sink = t > 0 ? 1 : 0; // a small integer: no heap number per block',
      '}',
      `return function run(X, C, cRow, n, O) {`,
      `  const K = derive(C, cRow, n);`,
      `  if (scratch.length < Math.min(n, ${BLOCK}) * ${NB}) scratch = new Float64Array(Math.min(n, ${BLOCK}) * ${NB}).fill(NaN);`,
      `  const B = scratch;`,
      `  for (let r0 = 0; r0 < n; r0 += ${BLOCK}) {`,
      `    const r1 = Math.min(n, r0 + ${BLOCK});`,
      `    sweep(X, r0 * ${width}, Math.min(X.length, r1 * ${width}));`,
      `    flags(X, C, cRow, r0, r1, O, B);`,
      ...calls,
      `  }`,
      `};`,
    ]
      .join('\n')
      .replaceAll('__W__', String(width))
      .replaceAll('__CW__', String(gen.slots.length))
      .replaceAll('__KW__', String(derived.length))
      .replaceAll('__NI__', String(NI))
      .replaceAll('__NB__', String(NB)),
  )
    // NaN is a property of the global object, not a literal: TurboFan kept every value that could be it boxed, a heap
    // number allocated per row and indicator. 0 / 0 is a float64 constant: no allocation, ×1.3–1.4 (CPU, interleaved)
    .replace(/\bNaN\b/g, '(0 / 0)');
  // each cell read once per scope (float-loads.ts): 10,456 → 8,661 instructions per row (callgrind, 1,000 rows × 60)
  const source = readOnce(generated);
  // code generation over the model's own formulas (no data, no I/O): the parsed formulas are emitted as arithmetic
  const run = new Function('gsum', 'G', source)(gsum, gen.groupIdx) as FloatProgram['run'];
  return {
    model,
    layout,
    width,
    inputWidth,
    inputs,
    given,
    coefficients: gen.slots,
    indicators: model.indicators.map((p) => p.id),
    source,
    run,
  };
}

/** Rows are evaluated in blocks: each service's loop runs over a block, with the block's scratch. */
const BLOCK = 64;
/** The head of each generated loop: the row's offsets in X, C, K, O and the scratch (sizes filled in at the end). */
const ROW =
  'for (let r = r0; r < r1; r++) { const x = r * __W__, c = cRow[r] * __CW__, k = cRow[r] * __KW__, o = r * __NI__, b = (r - r0) * __NB__;';

/**
 * The function derive(C, cRow, n) of the generated program: each sub-expression that reads coefficients and literals
 * only (exp(lake_flood_a), 1 − C·P at each key) computed once per coefficient vector the rows read, into K (__KW__ cells
 * a vector). Rows of a region's years in turn read a new vector at each row, so computing them in the row loop when the
 * vector changed did them at every row (the soil retention's 26 per row).
 */
function derivedTable(derived: string[]): string[] {
  return [
    'let table = new Float64Array(0), seen = new Uint8Array(0);',
    'function derive(C, cRow, n) {',
    // the vectors the rows read, not C.length / __CW__: a literal alone is derived too, and a model that reads no
    // coefficient has vectors of 0 cells (0 / 0)
    '  let nv = 0;',
    '  for (let r = 0; r < n; r++) if (cRow[r] >= nv) nv = cRow[r] + 1;',
    '  if (table.length < nv * __KW__) table = new Float64Array(nv * __KW__);',
    '  if (seen.length < nv) seen = new Uint8Array(nv); else seen.fill(0, 0, nv);',
    '  const K = table;',
    ...(derived.length
      ? [
          '  for (let r = 0; r < n; r++) {',
          '    const vec = cRow[r];',
          '    if (seen[vec] === 1) continue;',
          '    seen[vec] = 1;',
          '    const c = vec * __CW__, k = vec * __KW__;',
          ...derived.map((d, i) => `    const ${d} K[k + ${i}] = ${d.split(' ')[0]};`),
          '  }',
        ]
      : []),
    '  return K;',
    '}',
  ];
}

/**
 * Remove the writes of scratch cells no statement reads: a breakdown or flag is written for every indicator over a
 * dimension, but only the indicators that read another's keys (physical → money) or its flag need them. A write's
 * right side is a name or a constant, so removing it removes no other effect. −9 % CPU of the program (interleaved).
 */
function dropUnreadScratch(source: string): string {
  const read = new Set<string>();
  for (const m of source.matchAll(/B\[b \+ (\d+)\](?! = )/g)) read.add(m[1]!);
  return source.replace(/B\[b \+ (\d+)\] = ([\w.]+);/g, (write, cell: string) => (read.has(cell) ? write : ';'));
}

/** Runs of consecutive indicators of one service (model order), each run one generated function. */
function serviceUnits(plans: readonly IndicatorPlan[]): number[][] {
  const units: number[][] = [];
  plans.forEach((p, j) => {
    const last = units.at(-1);
    if (last && p.service && plans[last[0]!]!.service === p.service) last.push(j);
    else units.push([j]);
  });
  return units;
}

/** Σ of the present columns `idx` after `at`; none present: 0 for an extent input, else NaN (missing). */
function gsum(X: Float64Array, at: number, idx: Int32Array, extent: boolean): number {
  let s = 0;
  let any = false;
  for (let i = 0; i < idx.length; i++) {
    const v = X[at + idx[i]!]!;
    if (!Number.isNaN(v)) {
      s += v;
      any = true;
    }
  }
  return any || extent ? s : NaN;
}

export function keysOf(layout: FloatLayout, dim: DimInfo): readonly string[] {
  return layout.get(dim.name) ?? (dim.open ? [] : dim.dataKeys);
}

class FloatUnsupported extends Error {}

/** A mathjs node read by its fields (type, args, index …), as engine/model/expression.ts reads them. */
// biome-ignore lint/suspicious/noExplicitAny: mathjs node fields differ by node type
type Fields = Record<string, any>;

interface Em {
  code: string;
  unit: Unit | null;
  /** An optional input that may be absent (NaN meaning "no data"): only cap() reads it as such. */
  nullable?: boolean;
}

interface Scope {
  out: string[];
  bound: Map<string, string>;
  local: Map<string, string>;
}

const num = (d: Dec): string => {
  const n = d.toNumber();
  return Object.is(n, -0) ? '0' : String(n);
};
const factor = (f: { num: Dec; den: Dec }): number => f.num.div(f.den).toNumber();

class Generator {
  readonly slots: CoefSlot[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly index: Map<string, number>;
  private tmp = 0;
  /** The columns of each group read (area["forest"]), for gsum. */
  readonly groupIdx: Int32Array[] = [];

  constructor(
    private readonly model: CompiledModel,
    private readonly layout: FloatLayout,
    private readonly inputs: Map<string, InputColumns>,
  ) {
    this.index = new Map(model.indicators.map((p, j) => [p.id, j]));
  }

  private t(): string {
    return `t${this.tmp++}`;
  }

  /**
   * Scratch of a row, B: for each indicator with a breakdown, one cell per layout key (its value, NaN when the key
   * is not in its breakdown) and one flag (1: it has a breakdown; 0: it failed, or is given as a total only).
   */
  scratchSize = 0;
  private readonly scratchOf = new Map<number, { by: number; flag: number }>();

  private scratch(j: number): { by: number; flag: number } {
    let at = this.scratchOf.get(j);
    if (!at) {
      const plan = this.model.indicators[j]!;
      const n = keysOf(this.layout, plan.over[0]!.dim).length;
      at = { by: this.scratchSize, flag: this.scratchSize + n };
      this.scratchSize += n + 1;
      this.scratchOf.set(j, at);
    }
    return at;
  }

  /** Inputs whose "has any row" flag a domain reads: computed once per row (rowFlags) into B. */
  private readonly rowFlag = new Map<string, number>();
  private hasRows(c: InputColumns): string {
    let at = this.rowFlag.get(c.info.name);
    if (at === undefined) this.rowFlag.set(c.info.name, (at = this.scratchSize++));
    return `B[b + ${at}]`;
  }

  /** The statements that set, at the start of a row, each flag hasRows reads. */
  rowFlags(): string[] {
    return [...this.rowFlag].map(([name, at]) => {
      const c = this.inputs.get(name)!;
      // has(v) reads each cell once, so the || stops at the first present one (a NaN test reads its value twice:
      // float-loads.ts would read every cell into a constant first)
      const any = c.keys!.map((_, k) => `has(X[x + ${c.offset + k}])`).join(' || ') || 'false';
      return `B[b + ${at}] = ${any} ? 1 : 0;`;
    });
  }

  /** Reads of indicator j's breakdown at layout key k, and of its flag. */
  private by(j: number, k: number): string {
    return `B[b + ${this.scratch(j).by + k}]`;
  }
  private flag(j: number): string {
    return `B[b + ${this.scratch(j).flag}]`;
  }

  /** The statements that compute indicator j of a row into O[o + j] (its breakdown into B); what it hoists: takeHoisted. */
  indicator(plan: IndicatorPlan, j: number, given: GivenColumns | undefined): string[] {
    const out: string[] = [];
    // the service's own names (physical, its parts), also for a service the dataset does not account
    const local = new Map<string, string>();
    if (plan.service) {
      local.set('physical', `${plan.service}.physical`);
      for (const p of this.model.indicators)
        if (p.service === plan.service && p.account === 'part') local.set(p.id.slice(plan.service.length + 1), p.id);
    }
    const conv = plan.conversion ? factor(plan.conversion) : 1;
    const finish = (code: string) => (conv === 1 ? code : `(${code}) * ${conv}`);
    // `let v = 0`, not `let v`: a variable that starts undefined is kept boxed (a heap number per row and indicator)
    out.push(`// ${plan.id} = ${plan.formula.replace(/\n/g, ' ')}`, 'let v = 0;');
    if (plan.over.length === 0) {
      const e = this.expr(parseFormula(plan.formula), { out, bound: new Map(), local });
      out.push(`v = ${finish(e.code)};`);
    } else {
      const spec = plan.over[0]!;
      const keys = keysOf(this.layout, spec.dim);
      const { flag } = this.scratch(j);
      // B starts as NaN: a key is written when in the domain, else set back to NaN (keys never iterated stay NaN)
      out.push(`B[b + ${flag}] = 1;`, `let s = 0;`);
      const d = this.domain(spec, new Map(), out, 's');
      // a given value by key writes every key it gives, also one this formula never iterates (an `over` subset):
      // those are set back to NaN in each row, or a row without the given value would read the last row's
      if (given)
        keys.forEach((key, ki) => {
          if (!d.some((k) => k.key === key)) out.push(`${this.by(j, ki)} = NaN;`);
        });
      for (const k of d) {
        const ki = keys.indexOf(k.key);
        const inner: string[] = [];
        const e = this.expr(parseFormula(plan.formula), { out: inner, bound: new Map([[spec.dim.name, k.key]]), local });
        out.push(
          `if (${k.cond}) {`,
          ...inner,
          `const q = ${finish(e.code)}; ${this.by(j, ki)} = q; s += q;`,
          `} else ${this.by(j, ki)} = NaN;`,
        );
      }
      out.push(`v = s;`);
    }
    out.push(`if (v - v !== 0) v = NaN;`); // a non-finite value is no value (the exact path refuses it)
    if (given) out.push(...this.givenBlock(plan, j, given));
    if (plan.over.length) out.push(`if (v !== v) ${this.flag(j)} = 0;`);
    out.push(`O[o + ${j}] = v;`);
    return out;
  }

  /** Start a function of indicators: the sub-expressions hoisted out of its row loop are the function's. */
  beginUnit(): void {
    this.hoisted = [];
  }
  /** The statements computed once per coefficient vector in the function begun last (see emit). */
  takeHoisted(): string[] {
    return this.hoisted;
  }

  /** A given value replaces the computed one as the exact path decides (engine/eval/region-year-runtime.ts). */
  private givenBlock(plan: IndicatorPlan, j: number, g: GivenColumns): string[] {
    const at = (i: number) => `X[x + ${g.offset + i}]`;
    const over = plan.over.length > 0;
    const use: string[] = [`const tot = ${at(1)};`, `if (tot === tot) { v = tot;${over ? ` ${this.flag(j)} = 0;` : ''} }`];
    if (over && g.keys?.length) {
      use.push(`else { let s = 0;`);
      for (let k = 0; k < g.keys.length; k++) use.push(`{ const q = ${at(2 + k)}; ${this.by(j, k)} = q; if (q === q) s += q; }`);
      use.push(`v = s; ${this.flag(j)} = 1; }`);
    } else use.push(`else v = 0;`);
    return [
      `const mode = ${at(0)};`,
      `if (mode !== 0) {`,
      `  if (mode === 1 || v !== v) { ${use.join(' ')} }`,
      `  else if (mode === 3) v = NaN;`, // given and computed, and the dataset does not say which wins
      `}`,
    ];
  }

  /**
   * The keys an `over` or sum() iterates, each with the condition (on the row) for it to be in the domain; a
   * statement sets `acc` to NaN when the domain cannot be known (an input with no rows, an indicator that failed).
   */
  private domain(spec: OverSpec, bound: Map<string, string>, out: string[], acc: string): { key: string; cond: string }[] {
    if (spec.conditional) throw new FloatUnsupported(`the keys of ${spec.dim.name} depend on other keys bound (not on the float path)`);
    const dim = spec.dim;
    const subset = spec.subset;
    const keep = (k: string) => !subset || subset.has(k) || subset.has(dim.groupOf.get(k) ?? '\u0000');
    if ((dim.domain === 'all' && !dim.open) || (!spec.domainInputs.length && !spec.domainIndicators.length))
      return dim.keys.filter(keep).map((key) => ({ key, cond: 'true' }));
    for (const id of spec.domainIndicators) out.push(`if (${this.flag(this.index.get(id)!)} !== 1) ${acc} = NaN;`);
    const extent = spec.domainInputs.filter((r) => r.info.table === 'extent');
    const quantities = spec.domainInputs.filter((r) => r.info.currency !== 'price');
    const drivers = extent.length ? extent : quantities.length || spec.domainIndicators.length ? quantities : spec.domainInputs;
    const cols = drivers.map((r) => this.inputs.get(r.info.name)!);
    // no rows at all is missing data, not "none"
    for (const c of cols) if (!c.info.optional && c.keys) out.push(`if (${this.hasRows(c)} === 0) ${acc} = NaN;`);
    void bound;
    const keys = keysOf(this.layout, dim).filter(keep);
    return keys.map((key) => {
      const conds: string[] = [];
      for (const c of cols) {
        const k = c.keys!.indexOf(key);
        if (k < 0) continue;
        const v = `X[x + ${c.offset + k}]`;
        conds.push(c.info.table === 'extent' ? `(${v} !== 0 && ${v} === ${v})` : `${v} === ${v}`);
      }
      for (const id of spec.domainIndicators) {
        const j = this.index.get(id)!;
        const k = keysOf(this.layout, dim).indexOf(key);
        conds.push(`${this.by(j, k)} === ${this.by(j, k)}`);
      }
      return { key, cond: conds.length ? conds.join(' || ') : 'false' };
    });
  }

  /** Sub-expressions of the function being generated (beginUnit) that read coefficients and literals only (see emit). */
  private hoisted: string[] = [];

  /**
   * A temporary for `code`. One that reads only coefficients, literals and other such temporaries (exp(lake_flood_a),
   * 1 − C·P) is computed once per coefficient vector the rows read (derivedTable), not once per row.
   */
  private emit(s: Scope, code: string): string {
    const temps = code.match(/\b[tk]\d+\b/g) ?? [];
    if (!/[XBO]\[|gsum/.test(code) && temps.every((t) => t.startsWith('k'))) {
      // the same sub-expression at another key (exp(lake_flood_a) in each key's term) is the same temporary
      const same = this.hoisted.find((h) => h.endsWith(` = ${code};`));
      if (same) return same.split(' ')[0]!;
      const k = `k${this.tmp++}`;
      this.hoisted.push(`${k} = ${code};`);
      return k;
    }
    const t = this.t();
    s.out.push(`const ${t} = ${code};`);
    return t;
  }

  private expr(node: MathNode, s: Scope): Em {
    const n = node as MathNode & Fields;
    switch (node.type) {
      case 'ParenthesisNode':
        return this.expr(n.content, s);
      case 'ConstantNode': {
        if (typeof n.value === 'string') throw new FloatUnsupported(`a text constant ("${n.value}")`);
        const v = new Dec(String(n.value));
        return { code: num(v), unit: v.isZero() ? null : DIMENSIONLESS };
      }
      case 'SymbolNode':
        return this.symbol(n.name as string, s, null);
      case 'AccessorNode':
        return this.accessor(n, s);
      case 'OperatorNode':
        return this.operator(n, s);
      case 'FunctionNode':
        return this.fn(n, s);
      default:
        throw new FloatUnsupported(`"${node.toString()}" (${node.type})`);
    }
  }

  /** b in a's unit for + - min max cap (as engine/model/expression.ts aligns them). */
  private align(a: Em, b: Em): Em {
    if (a.unit === null || b.unit === null) return b;
    if (!sameDimension(a.unit, b.unit)) throw new FloatUnsupported(`units ${a.unit.text} and ${b.unit.text}`);
    const f = conversion(b.unit, a.unit);
    return f.identity ? b : { ...b, code: `(${b.code} * ${factor(f)})` };
  }

  private pure(e: Em): string {
    if (e.unit === null) return e.code;
    const f = conversion(e.unit, DIMENSIONLESS);
    return f.identity ? e.code : `(${e.code} * ${factor(f)})`;
  }

  private operator(n: Fields, s: Scope): Em {
    const args: MathNode[] = n.args;
    const op: string = n.op;
    if (args.length === 1) {
      const a = this.expr(args[0]!, s);
      if (op === '-') return { code: `(-${a.code})`, unit: a.unit };
      if (op === '+') return { code: a.code, unit: a.unit };
      throw new FloatUnsupported(`operator ${op}`);
    }
    const a = this.expr(args[0]!, s);
    const b = this.expr(args[1]!, s);
    switch (op) {
      case '^': {
        let unit: Unit | null = a.unit;
        let base = a.code;
        if (a.unit !== null && isDimensionless(a.unit)) {
          base = this.pure(a);
          unit = DIMENSIONLESS;
        } else if (a.unit !== null) unit = powUnit(a.unit, new Dec(constantText(args[1]!)).toNumber());
        return { code: this.emit(s, `Math.pow(${base}, ${this.pure(b)})`), unit };
      }
      case '+':
      case '-': {
        const bb = this.align(a, b);
        return { code: this.emit(s, `${a.code} ${op} ${bb.code}`), unit: a.unit ?? b.unit };
      }
      case '*':
        return { code: this.emit(s, `${a.code} * ${b.code}`), unit: a.unit === null || b.unit === null ? null : mulUnits(a.unit, b.unit) };
      case '/': {
        const d = this.emit(s, b.code);
        return {
          code: this.emit(s, `${d} === 0 ? NaN : ${a.code} / ${d}`),
          unit: a.unit === null || b.unit === null ? null : divUnits(a.unit, b.unit!),
        };
      }
      default:
        throw new FloatUnsupported(`operator ${op}`);
    }
  }

  private fn(n: Fields, s: Scope): Em {
    const name: string = n.fn?.name ?? n.name;
    const args: MathNode[] = n.args;
    switch (name) {
      case 'sum':
        return this.sum(args, s);
      case 'cap': {
        const x = this.expr(args[0]!, s);
        const l = this.align(x, this.expr(args[1]!, s));
        const xv = this.emit(s, x.code);
        const lv = this.emit(s, l.code);
        const code = l.nullable
          ? `${xv} !== ${xv} ? NaN : ${lv} !== ${lv} ? ${xv} : ${xv} <= ${lv} ? ${xv} : ${lv}`
          : `${xv} !== ${xv} || ${lv} !== ${lv} ? NaN : ${xv} <= ${lv} ? ${xv} : ${lv}`;
        return { code: this.emit(s, code), unit: x.unit ?? l.unit };
      }
      case 'min':
      case 'max': {
        const first = this.expr(args[0]!, s);
        let unit = first.unit;
        const codes = [first.code];
        for (const a of args.slice(1)) {
          const e = this.expr(a, s);
          codes.push(this.align({ code: '', unit }, e).code);
          unit = unit ?? e.unit;
        }
        return { code: this.emit(s, `Math.${name}(${codes.join(', ')})`), unit };
      }
      case 'abs': {
        const x = this.expr(args[0]!, s);
        return { code: this.emit(s, `Math.abs(${x.code})`), unit: x.unit };
      }
      case 'exp':
      case 'ln':
      case 'log': {
        const x = this.expr(args[0]!, s);
        return { code: this.emit(s, `Math.${name === 'exp' ? 'exp' : 'log'}(${this.pure(x)})`), unit: DIMENSIONLESS };
      }
      case 'magnitude': {
        const x = this.expr(args[0]!, s);
        const target = parseUnit(String((args[1] as MathNode & { value: unknown }).value));
        if (x.unit === null) return { code: String(0), unit: DIMENSIONLESS }; // magnitude of the literal 0
        const f = conversion(x.unit, target);
        return { code: f.identity ? x.code : `(${x.code} * ${factor(f)})`, unit: DIMENSIONLESS };
      }
      default:
        throw new FloatUnsupported(`function ${name}()`);
    }
  }

  private sum(args: MathNode[], s: Scope): Em {
    const d = args[0] as MathNode & Fields;
    let dimName: string;
    let subset: Set<string> | null = null;
    if (d.type === 'SymbolNode') dimName = d.name;
    else {
      dimName = d.object.name;
      subset = new Set(d.index.dimensions.map((k: Fields) => String(k.value)));
    }
    const dim = this.model.dims.get(dimName)!;
    const spec = this.sumSpec(dim, subset, args[1]!, s);
    const acc = this.t();
    s.out.push(`let ${acc} = 0;`);
    let unit: Unit | null = null;
    for (const k of this.domain(spec, s.bound, s.out, acc)) {
      const inner: string[] = [];
      const e = this.expr(args[1]!, { ...s, out: inner, bound: new Map([...s.bound, [dim.name, k.key]]) });
      unit = e.unit;
      s.out.push(`if (${k.cond}) {`, ...inner, `${acc} += ${e.code};`, `}`);
    }
    if (unit === null) unit = this.unitOf(args[1]!, s, dim);
    return { code: acc, unit };
  }

  /** The unit of a body whose domain is empty in the layout (compiled at some key, for the unit alone). */
  private unitOf(body: MathNode, s: Scope, dim: DimInfo): Unit | null {
    const key = dim.keys[0] ?? keysOf(this.layout, dim)[0] ?? '';
    return this.expr(body, { ...s, out: [], bound: new Map([...s.bound, [dim.name, key]]) }).unit;
  }

  /** The domain spec of a sum(): what the exact compiler records (overSpec), found in the plan's formula reads. */
  private sumSpec(dim: DimInfo, subset: Set<string> | null, body: MathNode, s: Scope): OverSpec {
    const reads = collectReads(body, this.model, s.local);
    const domainInputs = reads.inputs.filter((r) => (r.fixed === undefined ? r.info.dims : r.info.dims.slice(1)).includes(dim));
    const domainIndicators = reads.indicators.filter((id) => this.model.indicatorById.get(id)!.over.some((o) => o.dim === dim));
    const conditional =
      domainInputs.some((r) => r.info.dims.length > 1) || domainIndicators.some((id) => this.model.indicatorById.get(id)!.over.length > 1);
    return { dim, subset, domainInputs, domainIndicators, conditional };
  }

  private accessor(n: Fields, s: Scope): Em {
    const idx = n.index;
    if (idx.dotNotation) {
      const path: string[] = [];
      let cur: Fields = n;
      while (cur.type === 'AccessorNode' && cur.index.dotNotation) {
        path.unshift(String(cur.index.dimensions[0].value));
        cur = cur.object;
      }
      path.unshift(cur.name);
      return this.symbol(path.join('.'), s, null);
    }
    return this.symbol(n.object.name, s, String(idx.dimensions[0].value));
  }

  private symbol(name: string, s: Scope, fixed: string | null): Em {
    const m = this.model;
    const id = s.local.get(name) ?? (m.indicatorById.has(name) ? name : undefined);
    if (id !== undefined) {
      const plan = m.indicatorById.get(id)!;
      const j = this.index.get(id)!;
      const bound = plan.over.filter((o) => s.bound.has(o.dim.name));
      if (!bound.length) return { code: `O[o + ${j}]`, unit: plan.unit };
      const k = keysOf(this.layout, bound[0]!.dim).indexOf(s.bound.get(bound[0]!.dim.name)!);
      const f = this.flag(j);
      if (k < 0) return { code: `(${f} === 1 ? 0 : NaN)`, unit: plan.unit };
      const b = this.emit(s, this.by(j, k));
      return { code: this.emit(s, `${f} === 1 ? (${b} === ${b} ? ${b} : 0) : NaN`), unit: plan.unit };
    }
    const input = m.inputs.get(name);
    if (input) return this.input(input, s, fixed);
    const c = m.coefficients.get(name)!;
    const keys = c.dims.map((d, i) => (i === 0 && fixed !== null ? fixed : s.bound.get(d.name)!));
    const sig = `${c.name}\0${keys.join('|')}`;
    let slot = this.slotOf.get(sig);
    if (slot === undefined) {
      slot = this.slots.length;
      this.slots.push({ name: c.name, keys });
      this.slotOf.set(sig, slot);
    }
    return { code: `C[c + ${slot}]`, unit: c.unit };
  }

  private input(info: InputInfo, s: Scope, fixed: string | null): Em {
    const col = this.inputs.get(info.name)!;
    const nullable = info.optional;
    if (!col.keys) return { code: `X[x + ${col.offset}]`, unit: info.unit, nullable };
    const dim = info.dims[0]!;
    const key = fixed ?? s.bound.get(dim.name)!;
    if (fixed !== null && dim.groups.has(fixed)) {
      // area["forest"]: the sum over the keys of the group that the row has (engine/eval groupSum)
      const g = this.groupIdx.length;
      this.groupIdx.push(Int32Array.from(col.keys.flatMap((k, i) => (dim.groupOf.get(k) === fixed ? [i] : []))));
      return { code: this.emit(s, `gsum(X, x + ${col.offset}, G[${g}], ${info.table === 'extent'})`), unit: info.unit, nullable };
    }
    const k = col.keys.indexOf(key);
    return { code: k < 0 ? 'NaN' : `X[x + ${col.offset + k}]`, unit: info.unit, nullable };
  }
}

function constantText(node: MathNode): string {
  const n = node as MathNode & Fields;
  if (node.type === 'ConstantNode') return String(n.value);
  if (node.type === 'ParenthesisNode') return constantText(n.content);
  if (node.type === 'OperatorNode' && n.fn === 'unaryMinus') return `-${constantText(n.args[0])}`;
  throw new FloatUnsupported('a unit raised to a power that is not a constant');
}

/** The inputs (with a fixed key or not) and indicators a formula body reads, as the exact compiler collects them. */
function collectReads(
  body: MathNode,
  model: CompiledModel,
  local: Map<string, string>,
): { inputs: { info: InputInfo; fixed?: string }[]; indicators: string[] } {
  const inputs = new Map<string, { info: InputInfo; fixed?: string }>();
  const indicators = new Set<string>();
  const visit = (node: MathNode) => {
    const n = node as MathNode & Fields;
    if (node.type === 'AccessorNode') {
      if (n.index.dotNotation) {
        const path: string[] = [];
        let cur: Fields = n;
        while (cur.type === 'AccessorNode' && cur.index.dotNotation) {
          path.unshift(String(cur.index.dimensions[0].value));
          cur = cur.object;
        }
        path.unshift(cur.name);
        const id = path.join('.');
        if (model.indicatorById.has(id)) indicators.add(id);
        return;
      }
      const info = model.inputs.get(n.object.name);
      const key = String(n.index.dimensions[0].value);
      if (info) inputs.set(`${info.name}["${key}"]`, { info, fixed: key });
      return;
    }
    if (node.type === 'SymbolNode') {
      const name = n.name as string;
      const id = local.get(name) ?? (model.indicatorById.has(name) ? name : undefined);
      if (id) indicators.add(id);
      else if (model.inputs.has(name)) inputs.set(name, { info: model.inputs.get(name)! });
      return;
    }
    if (node.type === 'FunctionNode' && (n.fn?.name ?? n.name) === 'sum') {
      visit(n.args[1]);
      return;
    }
    node.forEach((child) => {
      visit(child);
    });
  };
  visit(body);
  return { inputs: [...inputs.values()], indicators: [...indicators] };
}
