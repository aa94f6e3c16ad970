import { dec } from '../core/decimal.ts';
import type { Issue } from '../core/errors.ts';
import type { Cell, CoefInfo, InputInfo } from '../model/types.ts';
import type { CoefficientOverride, UncertainRange } from './schema.ts';

/**
 * The sign rule for scenario values of coefficients: a scenario may not make a coefficient negative unless the
 * model itself gives that coefficient a negative value somewhere (an entry, a table cell, a range bound).
 *
 * Published models are frozen (their YAML cannot gain a declared minimum), so the model's own values are the
 * declaration: every price and cost of the shipped models (CNY per m³, t, kWh, visit …) and nearly every
 * physical coefficient is ≥ 0, and a "-7" price would turn a service's value into a loss, which is a damage
 * account, not a scenario. Xie et al. 2015's equivalent table has negative cells (paddy water supply −2.63),
 * so overrides of those tables may be negative too. Zero stays allowed (a free service, a switched-off term).
 */
export function allowsNegative(c: CoefInfo): boolean {
  const negative = (x: Cell) => [x.value, x.low, x.high].some((v) => v?.lt(0));
  return c.entries.some(
    (e) =>
      (e.scalar && negative(e.scalar)) ||
      [...(e.table?.values() ?? [])].some(negative) ||
      (e.range && [e.range.low, e.range.high, e.range.mode].some((t) => t !== undefined && dec(t).lt(0))),
  );
}

type Problem = Pick<Issue, 'code' | 'message'> & { field: string };

/** The values of an override that break the sign rule of `model` (the coefficient as the model gives it). */
export function overrideSignProblems(model: CoefInfo, ov: CoefficientOverride): Problem[] {
  if (allowsNegative(model)) return [];
  const texts: [string, string][] = [];
  if (ov.value !== undefined) texts.push(['value', ov.value]);
  if (ov.range) for (const k of ['low', 'high', 'mode'] as const) if (ov.range[k] !== undefined) texts.push([`range.${k}`, ov.range[k]!]);
  if (ov.table) collectTable(ov.table, 'table', texts);
  return negatives(model, texts);
}

/** The bounds of a coefficient's uncertainty range (absolute values) that break the sign rule. */
export function rangeSignProblems(model: CoefInfo, r: UncertainRange): Problem[] {
  if (allowsNegative(model)) return [];
  return negatives(
    model,
    (['low', 'high', 'mode'] as const).filter((k) => r[k] !== undefined).map((k) => [k, r[k]!]),
  );
}

function negatives(model: CoefInfo, texts: [string, string][]): Problem[] {
  return texts
    .filter(([, t]) => dec(t).lt(0))
    .map(([field, t]) => ({
      field,
      code: 'coefficient_negative',
      message: `${t} would make ${model.name} (${model.unit.text}) negative; the model gives it no negative value${model.currency ? ' (a price or cost is not negative)' : ''}`,
    }));
}

/** Every number of an override table (rows, nested rows, cells with low/high) with its field path. */
function collectTable(node: unknown, path: string, out: [string, string][]): void {
  if (typeof node === 'string') out.push([path, node]);
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) collectTable(v, `${path}.${k}`, out);
}

/**
 * An input's uncertainty range is factors on the data ("0.9", "1.1"): for an input whose declared minimum is 0 or
 * more (areas, precipitation …), a negative factor would draw values below it.
 */
export function inputFactorSignProblems(input: InputInfo, r: UncertainRange): Problem[] {
  if (!input.min || input.min.lt(0)) return [];
  return (['low', 'high', 'mode'] as const)
    .filter((k) => r[k] !== undefined && dec(r[k]!).lt(0))
    .map((k) => ({
      field: k,
      code: 'below_minimum',
      message: `a factor of ${r[k]} would take ${input.name} below its minimum ${input.min}: factors on the data are not negative`,
    }));
}
