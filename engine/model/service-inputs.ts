import type { CompiledModel, IndicatorPlan } from './types.ts';

/**
 * The inputs each service reads, following its indicators (physical, money, parts) through the indicators they
 * read, in the model's input order. An indicator in `given` is taken as given: what only its formula reads is
 * not needed (the hook for given quantities). Services with no input (all coefficients) map to [].
 */
export function serviceInputs(model: CompiledModel, given: ReadonlySet<string> = new Set()): Map<string, string[]> {
  const memo = new Map<string, Set<string>>();
  const reads = (plan: IndicatorPlan): Set<string> => {
    let out = memo.get(plan.id);
    if (out) return out;
    out = new Set();
    memo.set(plan.id, out); // the model compiles without cycles; this only guards the walk
    if (!given.has(plan.id)) {
      for (const i of plan.inputs) out.add(i);
      for (const d of plan.deps) for (const i of reads(model.indicatorById.get(d)!)) out.add(i);
    }
    return out;
  };
  const order = [...model.inputs.keys()];
  return new Map(
    model.services.map((s) => {
      const all = new Set([s.physical, s.money, ...s.parts].flatMap((id) => [...reads(model.indicatorById.get(id)!)]));
      return [s.id, order.filter((i) => all.has(i))];
    }),
  );
}
