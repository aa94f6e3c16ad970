import type { CompiledModel } from '../model/types.ts';
import type { AccountingData, RegionYearGiven } from './data.ts';

/**
 * How much a region-year needs each indicator, given what the dataset gives:
 * - `required`: its failure is an issue (the account of the region-year fails);
 * - `optional`: tried, its failure is not an issue: the physical quantity of a service whose money value is given
 *   (and what only it reads) is then absent, with a `physical_not_given` note;
 * - `unnecessary`: read only by given values (a given physical quantity makes its parts unnecessary), or by
 *   services the dataset does not account: not in the results, not required.
 * Roots are the physical and money values of the model's services (a model under a dataset's `not_accounted`
 * has fewer) and indicators of no service that nothing reads. A given value whose dataset says the computed value
 * wins (`given.precedence: computed`) needs what its formula reads.
 */
export type Need = 'required' | 'optional' | 'unnecessary';
const RANK: Record<Need, number> = { unnecessary: 0, optional: 1, required: 2 };

/** Without given values the needs depend on the model alone: worked out once per model, not per region-year. */
const withoutGiven = new WeakMap<CompiledModel, ReadonlyMap<string, Need>>();

export function neededIndicators(
  model: CompiledModel,
  given: RegionYearGiven | undefined,
  precedence?: AccountingData['givenPrecedence'],
): ReadonlyMap<string, Need> {
  if (given?.size) return classify(model, given, precedence);
  let need = withoutGiven.get(model);
  if (!need) withoutGiven.set(model, (need = classify(model, undefined, precedence)));
  return need;
}

function classify(
  model: CompiledModel,
  given: RegionYearGiven | undefined,
  precedence?: AccountingData['givenPrecedence'],
): Map<string, Need> {
  const need = new Map<string, Need>(model.indicators.map((p) => [p.id, 'unnecessary']));
  const raise = (id: string, n: Need) => {
    if (RANK[n] > RANK[need.get(id)!]) need.set(id, n);
  };
  const givenWins = (id: string) => {
    const g = given?.get(id);
    if (!g) return false;
    const byScenario = [...g.values()].some((v) => v.row.scenario !== undefined);
    return byScenario || precedence?.(id) !== 'computed';
  };
  const read = new Set(model.indicators.flatMap((p) => p.deps));
  for (const p of model.indicators) if (!p.service && !read.has(p.id)) raise(p.id, 'required');
  for (const s of model.services) {
    raise(s.money, 'required');
    raise(s.physical, given?.has(s.money) && givenWins(s.money) ? 'optional' : 'required');
  }
  // Indicators are in evaluation order (each after what it reads): walk back, passing each one's need to its reads.
  for (let i = model.indicators.length - 1; i >= 0; i--) {
    const p = model.indicators[i]!;
    if (givenWins(p.id)) continue;
    for (const d of p.deps) raise(d, need.get(p.id)!);
  }
  return need;
}
