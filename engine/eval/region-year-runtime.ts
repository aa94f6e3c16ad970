import { type Dec, str, ZERO } from '../core/decimal.ts';
import { add, cmp, mul, scaler, toPlacesHalfEven } from '../model/exact-arith.ts';
import { FormulaError } from '../model/expression.ts';
import type { CoefInfo, CompiledModel, Conversion, DimInfo, IndicatorPlan, InputInfo, OverSpec, Runtime } from '../model/types.ts';
import { type CoefficientResolver, EvalIssue, type ResolvedCoefficient } from './coefficients.ts';
import { isMoney } from '../core/units.ts';
import type { AccountingData, GivenValue, RegionYearValues } from './data.ts';
import { domainDrivers, keptBySubset, type PlainDomainPlan, plainDomainPlan } from './domain-plan.ts';
import { givenIndicatorValue, givenTraceNode, givenWhere } from './given.ts';
import type { Need } from './needed.ts';
import { type IndicatorValue, QUANTUM, type RegionYearResult } from './result.ts';
import type { DiagnosticFacts, Read, TraceNode } from './trace.ts';

/** An indicator reads one that failed: it is skipped (the failure is reported once, for the one that failed). */
class Skip extends Error {}

/**
 * What the compiled formulas of one region-year read through: the region's inputs (observed prices from the
 * price year), coefficients in force, indicators already computed, and the keys to iterate. It records
 * values, traces, diagnostics and issues into the result as each indicator is evaluated.
 */
export class RegionYearRuntime implements Runtime {
  readonly keys: (string | undefined)[];
  /** The indicator being evaluated: diagnostics name it. */
  private current!: IndicatorPlan;
  /** What the current indicator read, when tracing. */
  private reads: Map<string, Read> | undefined;
  private readonly failed = new Set<string>();
  private readonly domainCache = new Map<OverSpec, Map<string, readonly string[]>>();
  /** Domains that do not depend on other bound keys. */
  private readonly plainDomains = new Map<OverSpec, readonly string[]>();
  /** The same, by what they are made of (signatureOf): one per region-year for specs that read the same data. */
  private readonly sharedDomains = new Map<string, readonly string[]>();
  /** Keys present in the data for a domain before its subset, by presentSignatureOf. */
  private readonly presentKeys = new Map<string, string[]>();
  private deflateFactor: Dec | undefined;
  private readonly notedBeforeFirst = new Set<string>();
  /** Values evaluated only for a given value's formula to be tried (unnecessary indicators): not in the results. */
  private readonly quiet = new Map<string, IndicatorValue>();
  /** Reads of inputs at one key already recorded in this region-year, by the value read (traceInput). */
  private readonly inputReads = new Map<Dec, { info: InputInfo; at: string; key: string; read: Read }>();
  /** Sums over a group of keys already made (groupSum), by input and key tuple. */
  private readonly groupSums = new Map<InputInfo, Map<string, Dec | undefined>>();
  /** Why an indicator that was not required could not be evaluated (for the note on the service's physical value). */
  private readonly why = new Map<string, string>();

  constructor(
    private readonly model: CompiledModel,
    private readonly data: AccountingData,
    private readonly result: RegionYearResult,
    /** movePrices: the prices are the year's own, to be moved to the price year by the deflator. */
    private readonly values: { own: RegionYearValues; prices: RegionYearValues; movePrices?: boolean },
    private readonly resolver: CoefficientResolver,
    private readonly need: ReadonlyMap<string, Need> = new Map(),
  ) {
    this.keys = new Array(model.dims.size).fill(undefined);
  }

  /** Evaluate one indicator into the result, or record why it could not be evaluated. */
  evaluate(plan: IndicatorPlan, reuse?: RegionYearResult): void {
    const { result } = this;
    this.current = plan;
    const need = this.need.get(plan.id) ?? 'required';
    if (need !== 'required') {
      this.evaluateUnrequired(plan, need);
      return;
    }
    const reused = plan.priceFree && reuse?.values.get(plan.id);
    if (reused) {
      result.values.set(plan.id, reused);
      const t = reuse?.traces?.get(plan.id);
      if (t && result.traces) result.traces.set(plan.id, t);
      return;
    }
    this.reads = result.traces ? new Map() : undefined;
    const given = this.data.given?.(result.region, result.year)?.get(plan.id);
    try {
      if (given) {
        this.evaluateGiven(plan, given);
        return;
      }
      const iv = this.evaluatePlan(plan);
      result.values.set(plan.id, iv);
      if (result.traces) result.traces.set(plan.id, traceNode(plan, iv, this.reads!));
    } catch (e) {
      this.failed.add(plan.id);
      if (e instanceof Skip) return;
      if (e instanceof EvalIssue || e instanceof FormulaError) {
        result.issues.push({
          code: e instanceof EvalIssue ? e.code : 'formula_failed',
          message: `${plan.id} (${result.region}, ${result.year}): ${e.message}`,
        });
      } else throw e;
    }
  }

  /**
   * An indicator the region-year does not require: tried without traces or notes; a failure is no issue. An
   * unnecessary one is kept aside for the formulas of given values to read (so that giving and computing the same
   * value is still noticed); an optional one is a result, or, for a service's physical value, a `physical_not_given` note.
   */
  private evaluateUnrequired(plan: IndicatorPlan, need: Need): void {
    const { result } = this;
    const mark = result.diagnostics.length;
    const traces = result.traces;
    if (need === 'unnecessary') result.traces = undefined;
    this.reads = result.traces ? new Map() : undefined;
    try {
      const given = this.data.given?.(result.region, result.year)?.get(plan.id);
      if (given) this.evaluateGiven(plan, given);
      else {
        const iv = this.evaluatePlan(plan);
        result.values.set(plan.id, iv);
        if (result.traces) result.traces.set(plan.id, traceNode(plan, iv, this.reads!));
      }
    } catch (e) {
      if (!(e instanceof Skip || e instanceof EvalIssue || e instanceof FormulaError)) throw e;
      this.failed.add(plan.id);
      result.diagnostics.length = mark;
      const why = e instanceof Skip ? plan.deps.map((d) => this.why.get(d)).find((w) => w) : `${plan.id}: ${e.message}`;
      if (why) this.why.set(plan.id, why);
      const service = this.model.services.find((s) => s.physical === plan.id);
      if (need === 'optional' && service)
        result.diagnostics.push({
          level: 'info',
          code: 'physical_not_given',
          indicator: plan.id,
          region: result.region,
          year: result.year,
          message: `the money value of ${service.id} is given and its physical quantity is neither given nor computable${why ? ` (${why})` : ''}: the physical value is absent`,
          facts: { service: service.id },
        });
    } finally {
      result.traces = traces;
      if (need === 'unnecessary') {
        const v = result.values.get(plan.id);
        if (v) this.quiet.set(plan.id, v);
        result.values.delete(plan.id);
        result.diagnostics.length = mark;
      }
    }
  }

  /**
   * A value the dataset gives. Giving and computing the same value is refused unless the dataset says which wins
   * (`given.precedence` in dataset.yaml): the formula is tried too, and if all it reads is there, the given value
   * wins only when the dataset says so (the computed value is kept beside it, as a diagnostic), else the computed
   * value wins when the dataset says that (the given one is noted), else it is an issue naming both.
   */
  private evaluateGiven(plan: IndicatorPlan, given: Map<string, GivenValue>): void {
    const { result } = this;
    const mark = result.diagnostics.length;
    const computed = this.probe(plan);
    // a scenario that sets a value says that it wins; else the dataset says, or nothing does
    const byScenario = [...given.values()].some((g) => g.row.scenario !== undefined);
    const precedence = computed && (byScenario ? 'given' : this.data.givenPrecedence?.(plan.id));
    const first = [...given.values()][0]!.row;
    const where = givenWhere(first);
    const row = {
      file: first.file,
      ...(first.line !== undefined ? { line: first.line } : {}),
      ...(first.source ? { source: first.source } : {}),
    };
    const unit = plan.unit.text;
    if (computed && precedence === 'computed') {
      result.values.set(plan.id, computed);
      if (result.traces) result.traces.set(plan.id, traceNode(plan, computed, this.reads!));
      this.note('given_unused', `the value given in ${where} is not used: dataset.yaml says the computed value wins`, row);
      return;
    }
    result.diagnostics.length = mark; // notes of the formula's trial (caps, fallbacks) are not about the value used
    if (computed && !precedence)
      throw new EvalIssue(
        'given_and_computed',
        `given in ${where} and also computed by its formula (${str(computed.value)} ${unit}); say which wins in dataset.yaml (given: { precedence: { ${plan.service ?? plan.id}: given } }, or computed), or drop the rows or the inputs`,
      );
    const indexFactor = isMoney(plan.unit) && result.priceYear !== result.year ? this.deflator() : undefined;
    const iv = givenIndicatorValue(plan, given, indexFactor);
    result.values.set(plan.id, iv);
    if (result.traces) result.traces.set(plan.id, givenTraceNode(plan, iv, given, computed, indexFactor));
    if (computed)
      this.note(
        'given_over_computed',
        `given ${str(iv.value)} ${unit} (${where}) is used; the formula gives ${str(computed.value)} ${unit} (given − computed = ${str(iv.value.minus(computed.value))})`,
        { ...row, given: str(iv.value), computed: str(computed.value), unit },
      );
  }

  /** The formula's value, or undefined when it cannot be evaluated (an input missing, an indicator it reads failed). */
  private probe(plan: IndicatorPlan): IndicatorValue | undefined {
    try {
      return this.evaluatePlan(plan);
    } catch (e) {
      if (e instanceof Skip || e instanceof EvalIssue || e instanceof FormulaError) return undefined;
      throw e;
    }
  }

  private note(code: 'given_unused' | 'given_over_computed', message: string, facts: DiagnosticFacts): void {
    const { region, year } = this.result;
    this.result.diagnostics.push({ level: 'info', code, indicator: this.current.id, region, year, message, facts });
  }

  /** The indicator's value: its formula once, or once per key tuple of its `over` dimensions and summed. */
  private evaluatePlan(plan: IndicatorPlan): IndicatorValue {
    try {
      if (plan.over.length === 0) return { value: this.finish(plan, plan.body.run(this)) };
      if (plan.over.length === 1) return this.iterateOne(plan);
      const sum: Breakdown = { by: new Map(), total: ZERO };
      this.iterate(plan, 0, '', sum);
      return { value: sum.total, by: sum.by };
    } finally {
      this.keys.fill(undefined);
    }
  }

  /** One `over` dimension (most breakdowns): its keys are the breakdown's keys, with no recursion and no key text built. */
  private iterateOne(plan: IndicatorPlan): IndicatorValue {
    const spec = plan.over[0]!;
    const slot = spec.dim.slot;
    const by = new Map<string, Dec>();
    let total = ZERO;
    for (const k of this.domain(spec)) {
      this.keys[slot] = k;
      const v = this.finish(plan, plan.body.run(this));
      by.set(k, v);
      total = add(total, v);
    }
    return { value: total, by };
  }

  /** Bind the keys of `over[level]` in turn (key tuples joined by "|", in domain order) and add up the values. */
  private iterate(plan: IndicatorPlan, level: number, prefix: string, sum: Breakdown): void {
    const spec = plan.over[level]!;
    const last = level === plan.over.length - 1;
    for (const k of this.domain(spec)) {
      this.keys[spec.dim.slot] = k;
      const key = level === 0 ? k : `${prefix}|${k}`;
      if (last) {
        const v = this.finish(plan, plan.body.run(this));
        sum.by.set(key, v);
        sum.total = add(sum.total, v);
      } else this.iterate(plan, level + 1, key, sum);
    }
    this.keys[spec.dim.slot] = undefined;
  }

  /** A formula's value in the indicator's unit, stored to QUANTUM places. */
  private finish(plan: IndicatorPlan, v: Dec | null): Dec {
    if (v === null) throw new FormulaError('the formula has no value');
    if (!v.isFinite()) throw new FormulaError(`the formula gives ${v.toString()} (a logarithm of 0, a root of a negative number …)`);
    const c = plan.conversion;
    const out = c ? scalerOf(c)(v) : v;
    // a value already within QUANTUM places is its own rounding: no copy is made
    return out.decimalPlaces() <= QUANTUM ? out : toPlacesHalfEven(out, QUANTUM);
  }

  // ——— Runtime: what formulas read ———

  input(info: InputInfo, keys: readonly string[], fixedGroup: boolean): Dec | null {
    const { region, year, priceYear } = this.result;
    const v = fixedGroup ? this.groupSum(info, keys) : this.valuesFor(info).get(info.name)?.get(keyText(keys));
    if (v === undefined) {
      if (info.optional) {
        this.trace({ kind: 'input', name: info.name, keys: [...keys], value: 'absent', unit: info.unit.text, year });
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
    if ((info.currency === 'money' || (info.currency === 'price' && this.values.movePrices)) && priceYear !== year) {
      indexFactor = this.deflator();
      out = mul(v, indexFactor);
    }
    if (this.reads) this.traceInput(info, keys, out, indexFactor);
    return out;
  }

  /**
   * An input read, recorded. Several indicators read the same value of a region-year (the area of each type): its
   * read is built once per runtime, kept by the value read, so that its text is made once.
   */
  private traceInput(info: InputInfo, keys: readonly string[], out: Dec, indexFactor: Dec | undefined): void {
    const { year, priceYear } = this.result;
    const one = keys.length === 0 ? '' : keys.length === 1 ? keys[0]! : undefined;
    const known = one === undefined ? undefined : this.inputReads.get(out);
    if (known && known.info === info && known.at === one) {
      this.reads!.set(known.key, known.read);
      return;
    }
    // the fields in the order result.json has always written them, set one by one (an object spread per optional
    // field was a runtime call each: traceInput was 11.6 % of a traced run)
    const read = { kind: 'input', name: info.name } as Read;
    if (keys.length) read.keys = [...keys];
    read.value = str(out);
    read.unit = info.unit.text;
    read.year = info.currency === 'price' && !this.values.movePrices ? priceYear : year;
    if (indexFactor) read.indexFactor = str(indexFactor);
    const key = readKey(read);
    if (one !== undefined) this.inputReads.set(out, { info, at: one, key, read });
    this.reads!.set(key, read);
  }

  inputAt(info: InputInfo, key: string): Dec | null {
    // the common case, read straight from the rows; anything else (absent, deflated, traced) as input() does it
    if (!this.reads && (info.currency === 'none' || (info.currency === 'price' && !this.values.movePrices))) {
      const v = this.valuesFor(info).get(info.name)?.get(key);
      if (v !== undefined) return v;
    }
    return this.input(info, key === '' && info.dims.length === 0 ? [] : [key], false);
  }

  coefficientAt(info: CoefInfo, key: string): Dec {
    const r = this.resolver.getAt(info, key, this.result.region);
    // the common case: no note to make, nothing to trace
    if (!this.reads && !r.beforeFirstEntry && !r.fallback) return r.value;
    return this.coefficient(info, info.dims.length ? [key] : []);
  }

  coefficientAt2(info: CoefInfo, k0: string, k1: string): Dec {
    const r = this.resolver.getAt2(info, k0, k1, this.result.region);
    if (!this.reads && !r.beforeFirstEntry && !r.fallback) return r.value;
    return this.coefficient(info, [k0, k1]);
  }

  coefficient(info: CoefInfo, keys: readonly string[]): Dec {
    const r = this.resolver.get(info, keys, this.result.region);
    if (r.beforeFirstEntry) this.noteBeforeFirstEntry(info, keys, r.entry.from);
    if (r.fallback) {
      this.result.diagnostics.push({
        level: 'warning',
        code: 'fallback',
        indicator: this.current.id,
        region: this.result.region,
        year: this.result.year,
        keys: [...keys],
        message: `coefficient "${info.name}" used its "*" default row for ${keys.join(', ')}`,
        facts: { coefficient: info.name },
      });
    }
    if (this.reads) this.traceCoefficient(info, keys, r);
    return r.value;
  }

  /**
   * A coefficient read, recorded: the same read for every region of the year (the resolver caches what it found),
   * so it is built once per resolved coefficient and shared by the traces that read it (traces are read-only).
   */
  private traceCoefficient(info: CoefInfo, keys: readonly string[], r: ResolvedCoefficient): void {
    const known = this.resolver.reads.get(r);
    if (known && known.info === info) {
      this.reads!.set(known.key, known.read);
      return;
    }
    // the fields in their written order, set one by one: a spread of `{}` or `{ field }` per optional field was
    // an object made and copied each (traceCoefficient was ~95 KB of a traced one-region-year run, bench/worker-gc.ts)
    const { entry } = r;
    const read = { kind: 'coefficient', name: info.name } as Read;
    if (keys.length) read.keys = [...keys];
    read.value = str(r.value);
    read.unit = info.unit.text;
    read.source = entry.source;
    if (entry.status) read.status = entry.status;
    read.validFrom = entry.from;
    if (entry.until !== undefined) read.validUntil = entry.until;
    if (info.currency) read.priceYear = entry.priceYear;
    if (r.indexFactor) read.indexFactor = str(r.indexFactor);
    if (r.fallback) read.fallback = true;
    if (r.matched && r.matched !== keyText(keys)) read.matched = r.matched;
    if (r.beforeFirstEntry) read.beforeFirstEntry = true;
    if (r.local) read.local = { file: r.local.file, line: r.local.line };
    const key = readKey(read);
    this.resolver.reads.set(r, { info, key, read });
    this.reads!.set(key, read);
  }

  /** A year before a coefficient's first entry uses that entry: said once per indicator, coefficient and key. */
  private noteBeforeFirstEntry(info: CoefInfo, keys: readonly string[], from: number): void {
    const k = `${this.current.id}\0${info.name}\0${keys.join('|')}`;
    if (this.notedBeforeFirst.has(k)) return;
    this.notedBeforeFirst.add(k);
    const year = info.currency ? this.result.priceYear : this.result.year;
    this.result.diagnostics.push({
      level: 'info',
      code: 'before_first_entry',
      indicator: this.current.id,
      region: this.result.region,
      year: this.result.year,
      ...(keys.length ? { keys: [...keys] } : {}),
      message: `coefficient "${info.name}"${keys.length ? ` (${keys.join(', ')})` : ''} has no entry before ${from}: its entry from ${from} is used for ${year}`,
      facts: { coefficient: info.name, from, usedFor: year },
    });
  }

  indicator(id: string, keys: readonly string[] | null): Dec {
    if (this.failed.has(id)) throw new Skip();
    const iv = this.result.values.get(id) ?? this.quiet.get(id)!;
    if (keys !== null && iv.origin === 'given' && !iv.by) throw this.totalOnly(id);
    const v = keys === null ? iv.value : (iv.by?.get(keyText(keys)) ?? ZERO);
    if (this.reads) this.traceIndicator(id, keys === null ? undefined : [...keys], v);
    return v;
  }

  indicatorAt(id: string, key: string): Dec {
    if (this.failed.has(id)) throw new Skip();
    const iv = this.result.values.get(id) ?? this.quiet.get(id)!;
    if (iv.origin === 'given' && !iv.by) throw this.totalOnly(id);
    const v = iv.by?.get(key) ?? ZERO;
    if (this.reads) this.traceIndicator(id, [key], v);
    return v;
  }

  private traceIndicator(id: string, keys: string[] | undefined, v: Dec): void {
    const read = { kind: 'indicator', name: id } as Read;
    if (keys) read.keys = keys;
    read.value = str(v);
    read.unit = this.model.indicatorById.get(id)!.unit.text;
    this.trace(read);
  }

  domain(spec: OverSpec): readonly string[] {
    if (!spec.conditional) {
      let d = this.plainDomains.get(spec);
      if (!d) {
        // Indicators that iterate the same dimension over the same data share it (the extent's types, say).
        for (const id of spec.domainIndicators) if (this.failed.has(id)) throw new Skip();
        const sig = signatureOf(spec);
        d = this.sharedDomains.get(sig);
        if (!d) this.sharedDomains.set(sig, (d = this.domainOf(spec)));
        this.plainDomains.set(spec, d);
      }
      return d;
    }
    // With several dimensions the keys present for one depend on those already bound (sparse tables:
    // forest|grain and lake|fish do not make forest|fish).
    const sig = this.boundSignature(spec);
    let bySig = this.domainCache.get(spec);
    if (!bySig) this.domainCache.set(spec, (bySig = new Map()));
    let d = bySig.get(sig);
    if (!d) bySig.set(sig, (d = this.domainOf(spec)));
    return d;
  }

  memo(key: object, f: () => Dec): Dec {
    // With traces on, compute afresh so that every coefficient read is recorded.
    return this.reads ? f() : this.resolver.memo(key, f, this.result.region);
  }

  capBound(capacity: Dec, limit: Dec | null, unit: string): void {
    // most caps do not bind: nothing is built for them
    if (limit !== null && cmp(limit, capacity) >= 0) return;
    const { region, year } = this.result;
    const indicator = this.current.id;
    const keys = this.keys.filter((k): k is string => k !== undefined);
    // fields in their written order, as literals (an object spread is V8's slow path)
    this.result.diagnostics.push(
      limit === null
        ? {
            level: 'info',
            code: 'cap_not_applied',
            indicator,
            region,
            year,
            keys,
            message: `no data for the cap: the capacity ${str(capacity)} ${unit} is used uncapped`,
            facts: { value: str(capacity), unit },
          }
        : {
            level: 'info',
            code: 'cap_bound',
            indicator,
            region,
            year,
            keys,
            message: `the limit binds: ${str(limit)} ${unit} instead of ${str(capacity)} ${unit}`,
            facts: { limit: str(limit), value: str(capacity), unit },
          },
    );
  }

  // ——— inputs ———

  /** Observed prices come from the price year (the base year at constant prices); everything else from the year. */
  private valuesFor(info: InputInfo): RegionYearValues {
    return info.currency === 'price' ? this.values.prices : this.values.own;
  }

  /** area["forest"]: the sum over the keys of the group that the data has. */
  private groupSum(info: InputInfo, keys: readonly string[]): Dec | undefined {
    // several formulas read the same group (area["water"], area["wetland"]): each sum is made once per region-year
    let sums = this.groupSums.get(info);
    if (!sums) this.groupSums.set(info, (sums = new Map()));
    const at = keyText(keys);
    if (sums.has(at)) return sums.get(at);
    const v = this.sumOfGroup(info, keys);
    sums.set(at, v);
    return v;
  }

  private sumOfGroup(info: InputInfo, keys: readonly string[]): Dec | undefined {
    const src = this.valuesFor(info).get(info.name);
    const g = keys[0]!;
    const d0 = info.dims[0]!;
    let v: Dec | undefined;
    if (src && keys.length === 1) {
      for (const [k, x] of src) if (d0.groupOf.get(k) === g) v = add(v ?? ZERO, x);
    } else if (src) {
      const rest = keys.slice(1).join('|');
      for (const [k, x] of src) {
        const [first, ...others] = k.split('|');
        if (d0.groupOf.get(first!) === g && others.join('|') === rest) v = add(v ?? ZERO, x);
      }
    }
    // A region without any wetland has zero wetland area; any other input must say so with its own rows.
    if (v === undefined && info.table === 'extent') v = ZERO;
    return v;
  }

  /** The factor that moves a money input from its year to the price year, by the dataset's deflator. */
  private deflator(): Dec {
    if (this.deflateFactor) return this.deflateFactor;
    const { data } = this;
    const { year, priceYear } = this.result;
    const a = data.priceIndex(data.deflator, year);
    const b = data.priceIndex(data.deflator, priceYear);
    if (!a || !b)
      throw new EvalIssue(
        'price_index_missing',
        `deflating money inputs from ${year} to ${priceYear} prices needs the price index "${data.deflator}" for both years`,
      );
    return (this.deflateFactor = b.div(a));
  }

  private trace(r: Read): void {
    this.reads?.set(readKey(r), r);
  }

  // ——— domains: which keys of a dimension an indicator iterates ———

  private boundSignature(spec: OverSpec): string {
    let sig = '';
    for (const d of this.model.dims.values())
      if (d !== spec.dim && this.keys[d.slot] !== undefined) sig += `${d.slot}=${this.keys[d.slot]};`;
    return sig;
  }

  private domainOf(spec: OverSpec): readonly string[] {
    const dim = spec.dim;
    for (const id of spec.domainIndicators) if (this.failed.has(id)) throw new Skip(); // its keys are unknown
    const plan = plainDomainPlan(spec);
    if (plan) return plan.kind === 'fixed' ? plan.keys : this.plannedDomain(spec, plan);
    let keys: string[];
    if (dim.domain === 'all' && !dim.open) keys = dim.keys;
    else if (!spec.domainInputs.length && !spec.domainIndicators.length) keys = dim.keys;
    else {
      // the keys present, before the subset: shared by specs over the same data with other subsets
      const sig = spec.conditional ? undefined : presentSignatureOf(spec);
      const known = sig === undefined ? undefined : this.presentKeys.get(sig);
      if (known) keys = known;
      else {
        const present = new Set<string>();
        this.addKeysFromInputs(spec, present);
        this.addKeysFromIndicators(spec, present);
        keys = dim.open ? [...present].sort() : dim.dataKeys.filter((k) => present.has(k));
        if (sig !== undefined) this.presentKeys.set(sig, keys);
      }
    }
    return keptBySubset(spec, keys);
  }

  /**
   * A plain domain read from the data by its plan (domain-plan.ts): for a declared dimension, the candidates that a
   * driver has a row for (a non-zero one, for the extent) or an indicator read has a value for; for an open one, those
   * keys sorted, then kept by the subset. The same keys, checks and errors as addKeysFromInputs and
   * addKeysFromIndicators followed by the subset, without the key set and the two filters (the domain machinery was
   * ~13 % of an evaluation without traces).
   */
  private plannedDomain(spec: OverSpec, plan: Exclude<PlainDomainPlan, { kind: 'fixed' }>): readonly string[] {
    const { region, year, priceYear } = this.result;
    const { drivers, indicators } = plan;
    const rows: (Map<string, Dec> | undefined)[] = [];
    for (const info of drivers) {
      const r = this.valuesFor(info).get(info.name);
      // No rows at all is missing data, not "none": a silent zero would pass for a result.
      if (!info.optional && !r?.size)
        throw new EvalIssue(
          'data_missing',
          `input "${info.name}" has no rows for region "${region}" in ${info.currency === 'price' ? priceYear : year} (write explicit zero rows to say there is none${spec.dim.open ? `, e.g. key "none" with value 0` : ''})`,
        );
      rows.push(r);
    }
    const bys: (Map<string, Dec> | undefined)[] = [];
    for (const id of indicators) {
      const iv = this.result.values.get(id) ?? this.quiet.get(id);
      if (iv?.origin === 'given' && !iv.by) throw this.totalOnly(id);
      bys.push(iv?.by);
    }
    if (plan.kind === 'open') {
      // the keys present, before the subset: shared by specs over the same data with other subsets (products)
      const sig = presentSignatureOf(spec);
      let keys = this.presentKeys.get(sig);
      if (!keys) {
        const present = new Set<string>();
        for (let i = 0; i < rows.length; i++) {
          const extent = drivers[i]!.table === 'extent';
          for (const [k, v] of rows[i] ?? []) if (!extent || !v.isZero()) present.add(k);
        }
        for (const by of bys) if (by) for (const k of by.keys()) present.add(k);
        this.presentKeys.set(sig, (keys = [...present].sort()));
      }
      return keptBySubset(spec, keys);
    }
    const out: string[] = [];
    for (const k of plan.candidates) {
      let has = false;
      for (let i = 0; i < rows.length && !has; i++) {
        const v = rows[i]?.get(k);
        has = v !== undefined && (drivers[i]!.table !== 'extent' || !v.isZero());
      }
      for (let i = 0; i < bys.length && !has; i++) has = bys[i]?.has(k) === true;
      if (has) out.push(k);
    }
    return out;
  }

  /** The keys of the dimension that the data has rows for (with the other bound keys). */
  private addKeysFromInputs(spec: OverSpec, present: Set<string>): void {
    const { dim } = spec;
    const { region, year, priceYear } = this.result;
    // The extent (area by type) says which types the region has: a type with no area, or zero area, is
    // not iterated even if another input (a region-wide ET table, say) lists it. Likewise quantities say
    // which products there are: a price list (read at the base year at constant prices) does not.
    for (const { info, fixed } of domainDrivers(spec)) {
      const rows = this.valuesFor(info).get(info.name);
      // No rows at all is missing data, not "none": a silent zero would pass for a result.
      if (!info.optional && !rows?.size) {
        throw new EvalIssue(
          'data_missing',
          `input "${info.name}" has no rows for region "${region}" in ${info.currency === 'price' ? priceYear : year} (write explicit zero rows to say there is none${dim.open ? `, e.g. key "none" with value 0` : ''})`,
        );
      }
      const pos = info.dims.indexOf(dim);
      const extentRows = info.table === 'extent';
      if (info.dims.length === 1) {
        if (rows) for (const [k, v] of rows) if (!extentRows || !v.isZero()) present.add(k);
        continue;
      }
      const match = this.matcher(
        info.dims.map((d) => d.slot),
        dim.slot,
        fixed,
        info.dims[0]!,
      );
      for (const [k, v] of rows ?? []) {
        const parts = k.split('|');
        if (match(parts) && (!extentRows || !v.isZero())) present.add(parts[pos]!);
      }
    }
  }

  /** The keys of the dimension that the indicators read have values for (with the other bound keys). */
  private addKeysFromIndicators(spec: OverSpec, present: Set<string>): void {
    const { dim } = spec;
    for (const id of spec.domainIndicators) {
      const plan = this.model.indicatorById.get(id)!;
      const iv = this.result.values.get(id) ?? this.quiet.get(id);
      if (iv?.origin === 'given' && !iv.by) throw this.totalOnly(id);
      if (plan.over.length === 1) {
        if (iv?.by) for (const k of iv.by.keys()) present.add(k);
        continue;
      }
      const pos = plan.over.findIndex((o) => o.dim === dim);
      const match = this.matcher(
        plan.over.map((o) => o.dim.slot),
        dim.slot,
      );
      for (const k of iv?.by?.keys() ?? []) {
        const parts = k.split('|');
        if (match(parts)) present.add(parts[pos]!);
      }
    }
  }

  /** A given total read by key would be a silent zero for every key: refused, naming both indicators. */
  private totalOnly(id: string): EvalIssue {
    const dims = this.model.indicatorById
      .get(id)!
      .over.map((o) => o.dim.name)
      .join(' × ');
    return new EvalIssue(
      'given_total_read_by_key',
      `${this.current.id} reads ${id} by ${dims}, but ${id} is given as a total only: give it by key (the key column) or give ${this.current.id} too`,
    );
  }

  /** Does a key tuple agree with the keys already bound at the other positions? */
  private matcher(slots: number[], own: number, fixedFirst?: string, d0?: DimInfo): (parts: string[]) => boolean {
    const bound = slots.map((sl, n) => (sl === own || (n === 0 && fixedFirst !== undefined) ? undefined : this.keys[sl]));
    return (parts) =>
      (fixedFirst === undefined || parts[0] === fixedFirst || d0!.groupOf.get(parts[0]!) === fixedFirst) &&
      bound.every((k, n) => k === undefined || parts[n] === k);
  }
}

/**
 * What a domain that depends on no bound key is made of: the dimension, its subset, the inputs and indicators whose
 * keys it takes. Specs with the same signature have the same domain in a region-year. Worked out once per spec.
 */
const signatures = new WeakMap<OverSpec, string>();
function signatureOf(spec: OverSpec): string {
  let sig = signatures.get(spec);
  if (sig === undefined) {
    const subset = spec.subset ? [...spec.subset].sort().join(',') : '*';
    sig = `${presentSignatureOf(spec)}\u0000${subset}`;
    signatures.set(spec, sig);
  }
  return sig;
}
const presentSignatures = new WeakMap<OverSpec, string>();
function presentSignatureOf(spec: OverSpec): string {
  let sig = presentSignatures.get(spec);
  if (sig === undefined) {
    // the keys come from the domain's drivers only (addKeysFromInputs), not from every input it reads
    const inputs = domainDrivers(spec)
      .map((r) => `${r.info.name}[${r.fixed ?? ''}]`)
      .join(',');
    sig = `${spec.dim.name}\u0000${inputs}\u0000${spec.domainIndicators.join(',')}`;
    presentSignatures.set(spec, sig);
  }
  return sig;
}

/** What a trace's reads are keyed by: one read per symbol and key tuple. */
function readKey(r: Read): string {
  return `${r.kind}:${r.name}:${r.keys?.join('|') ?? ''}`;
}

/** x × num / den of an indicator's unit conversion, made once per conversion. */
const scalers = new WeakMap<Conversion, (x: Dec) => Dec>();
function scalerOf(c: Conversion): (x: Dec) => Dec {
  let f = scalers.get(c);
  if (!f) scalers.set(c, (f = scaler(c.num, c.den)));
  return f;
}

/** The data's key of a key tuple ("forest|grain"); one key is itself, with no array joined. */
export function keyText(keys: readonly string[]): string {
  return keys.length === 1 ? keys[0]! : keys.join('|');
}

interface Breakdown {
  by: Map<string, Dec>;
  total: Dec;
}

function traceNode(plan: IndicatorPlan, iv: IndicatorValue, reads: Map<string, Read>): TraceNode {
  // fields in their written order, optional ones set only when present (no object spreads)
  const node = { id: plan.id, formula: plan.formula, unit: plan.unit.text, value: str(iv.value) } as TraceNode;
  if (plan.over.length) node.over = plan.over.map((o) => o.dim.name);
  if (iv.by) node.by = byTexts(iv.by);
  if (plan.conversion) node.conversion = conversionTrace(plan.conversion);
  node.reads = [...reads.values()];
  return node;
}

function byTexts(by: Map<string, Dec>): Record<string, string> {
  // out[k] = … makes no entry array per key (Array.from + fromEntries was ~40 KB of a traced one-region-year run,
  // bench/worker-gc.ts); a key is data, and "__proto__" must stay a key: that breakdown takes fromEntries
  const out: Record<string, string> = {};
  for (const [k, v] of by) {
    if (k === '__proto__') return Object.fromEntries(Array.from(by, ([k, v]) => [k, str(v)]));
    out[k] = str(v);
  }
  return out;
}

/** A conversion as traces show it, made once per conversion (its factor is a division). */
const conversionTraces = new WeakMap<Conversion, { from: string; to: string; factor: string }>();
function conversionTrace(c: Conversion): { from: string; to: string; factor: string } {
  let t = conversionTraces.get(c);
  if (!t) conversionTraces.set(c, (t = { from: c.from, to: c.to, factor: str(c.num.div(c.den)) }));
  return { ...t };
}
