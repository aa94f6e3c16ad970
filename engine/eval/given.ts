import { Dec, str, ZERO } from '../core/decimal.ts';
import type { CompiledModel, IndicatorPlan } from '../model/types.ts';
import type { AccountingData, GivenRow, GivenValue } from './data.ts';
import { type IndicatorValue, QUANTUM } from './result.ts';
import { neededIndicators } from './needed.ts';
import type { TraceNode } from './trace.ts';

/**
 * Given values (a GIS, InVEST or published figure entered instead of the raw inputs) as indicator values.
 *
 * - A total (key "") is the indicator's value, without a breakdown; a dependent that reads it by key is refused
 *   (RegionYearRuntime), never given a silent zero.
 * - Values by key make the breakdown: the keys given are the breakdown, and the value is their sum. Keys not given
 *   are not computed (a published table by ecosystem type lists the types it counts; mixing given and computed
 *   keys would hide which is which).
 * - A money value is priced in the year it is given for: at another year's constant prices it is moved by the
 *   dataset's deflator, like a money input.
 */
export function givenIndicatorValue(plan: IndicatorPlan, given: Map<string, GivenValue>, indexFactor?: Dec): IndicatorValue {
  const at = (v: Dec) => (indexFactor ? v.mul(indexFactor) : v).toDecimalPlaces(QUANTUM, Dec.ROUND_HALF_EVEN);
  const total = given.get('');
  if (total) return { value: at(total.value), origin: 'given' };
  const by = new Map<string, Dec>();
  let sum = ZERO;
  for (const key of orderedKeys(plan, [...given.keys()])) {
    const v = at(given.get(key)!.value);
    by.set(key, v);
    sum = sum.plus(v);
  }
  return { value: sum, by, origin: 'given' };
}

/** The indicator a given row or scenario override names: a service (its physical quantity) or an indicator id. */
export function givenIndicator(model: CompiledModel, name: string): IndicatorPlan | undefined {
  if (model.services.some((s) => s.id === name)) return model.indicatorById.get(`${name}.physical`);
  return name.includes('.') ? model.indicatorById.get(name) : undefined;
}

/** The names a given value may use (for suggestions): service ids and indicator ids. */
export function givenNames(model: CompiledModel): string[] {
  return [...model.services.map((s) => s.id), ...model.indicatorById.keys()];
}

/** The trace of a given value: the rows that gave it, and what the formula gives when it also evaluated. */
export function givenTraceNode(
  plan: IndicatorPlan,
  iv: IndicatorValue,
  given: Map<string, GivenValue>,
  computed?: IndicatorValue,
  indexFactor?: Dec,
): TraceNode {
  return {
    id: plan.id,
    formula: plan.formula,
    unit: plan.unit.text,
    value: str(iv.value),
    ...(iv.by ? { over: plan.over.map((o) => o.dim.name), by: Object.fromEntries([...iv.by].map(([k, v]) => [k, str(v)])) } : {}),
    reads: [],
    given: orderedKeys(plan, [...given.keys()]).map((key) => ({
      key,
      row: given.get(key)!.row,
      ...(indexFactor ? { indexFactor: str(indexFactor) } : {}),
    })),
    ...(computed ? { computed: str(computed.value) } : {}),
  };
}

/** "observations.csv line 12 (source …)" or "scenario s, overrides.inputs[0]": where a given value was written. */
export function givenWhere(row: GivenRow): string {
  const at = row.line !== undefined ? `${row.file} line ${row.line}` : row.path ? `${row.file}, ${row.path}` : row.file;
  return `${at}${row.source ? `; source: ${row.source}` : ''}`;
}

/** Breakdown keys in the order of the model's dimension keys (a group key at the place of its first member). */
function orderedKeys(plan: IndicatorPlan, keys: string[]): string[] {
  const rank = (key: string) =>
    key.split('|').map((k, n) => {
      const dim = plan.over[n]?.dim;
      if (!dim || dim.open) return -1;
      const i = dim.keys.indexOf(k);
      return i >= 0 ? i : dim.keys.findIndex((x) => dim.groupOf.get(x) === k);
    });
  return [...keys].sort((a, b) => {
    const ra = rank(a),
      rb = rank(b);
    for (let n = 0; n < ra.length; n++) if (ra[n] !== rb[n]) return ra[n]! - rb[n]!;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/**
 * The inputs that given values make unnecessary: read only by indicators that are given, or that only given values
 * (or services not accounted) read, in every region-year where they are read (engine/eval/needed.ts, as the runtime
 * evaluates), so the dataset need not have them. One entry per input, with the given indicators that read it (`by`),
 * else the indicators not required that read it (`feeding`), and the region-years.
 */
export function inputsMadeUnnecessary(
  model: CompiledModel,
  data: AccountingData,
): { input: string; by: string[]; feeding: string[]; regionYears: string[] }[] {
  const out = new Map<string, { by: Set<string>; feeding: Set<string>; regionYears: string[] }>();
  for (const region of data.regions)
    for (const year of data.years) {
      const given = data.given?.(region, year);
      if (!given?.size) continue;
      const need = neededIndicators(model, given, data.givenPrecedence);
      const required = (id: string) => !given.has(id) && need.get(id) === 'required';
      const needed = new Set(model.indicators.filter((p) => required(p.id)).flatMap((p) => p.inputs));
      for (const p of model.indicators) {
        if (required(p.id) || (!given.has(p.id) && !model.services.some((s) => s.id === p.service))) continue;
        for (const input of p.inputs) {
          if (needed.has(input)) continue;
          let e = out.get(input);
          if (!e) out.set(input, (e = { by: new Set(), feeding: new Set(), regionYears: [] }));
          (given.has(p.id) ? e.by : e.feeding).add(p.id);
          if (!e.regionYears.includes(`${region} ${year}`)) e.regionYears.push(`${region} ${year}`);
        }
      }
    }
  return [...out].map(([input, e]) => ({ input, by: [...e.by], feeding: [...e.feeding], regionYears: e.regionYears }));
}
