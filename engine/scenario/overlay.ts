import { IssuesError, type Issue } from '../core/errors.ts';
import type { AccountingData } from '../eval/data.ts';
import type { CoefInfo, CompiledModel } from '../model/types.ts';
import { collectParams } from '../uncertainty/params.ts';
import { overrideCoefficient } from './coefficient-overlay.ts';
import { inputFactorSignProblems, overrideSignProblems, rangeSignProblems } from './coefficient-sign.ts';
import { type OverlayContext, overlayContext } from './context.ts';
import { convertAreas, type Transition } from './conversion-overlay.ts';
import { growInputs, overrideInputs } from './input-overlay.ts';
import type { Scenario } from './schema.ts';
import { suggest } from '../core/suggest.ts';

export type { Transition };

/** What a scenario changes, ready for accountGep: replaced coefficients, overlaid data, adjusted transitions. */
export interface Overlay {
  coefficients: Map<string, CoefInfo>;
  data: AccountingData;
  transitions: Transition[];
  /** Notes that do not stop the run (e.g. a transition matrix that could not carry a conversion). */
  notes: string[];
}

/**
 * Lay a scenario over a compiled model and its data. Pure: the model and the data are not changed, the
 * result reads through to them. Every problem (unknown coefficient, key or type, a year outside the
 * dataset, more hectares moved than exist…) is collected and thrown together, naming the field.
 * A scenario without overrides returns the data object itself and no replaced coefficient.
 * Carbon factor overrides are laid over a factor set by ./factor-overlay.ts.
 */
export function applyScenario(model: CompiledModel, data: AccountingData, scenario: Scenario, transitions: Transition[] = []): Overlay {
  const ctx = overlayContext(model, data, scenario);
  const coefficients = overrideCoefficients(ctx);
  // Inputs, then growth paths (anchored on the overridden values), then conversions of area.
  growInputs(ctx, overrideInputs(ctx));
  const converted = convertAreas(ctx, transitions);
  checkUncertainty(ctx, coefficients);
  if (ctx.issues.length) throw new IssuesError('scenario', ctx.issues);
  return { coefficients, data: ctx.overlaid(), transitions: converted.transitions, notes: [...ctx.notes, ...converted.notes] };
}

/** Coefficients: applied in order of their `from` year, each on top of the previous. */
function overrideCoefficients(ctx: OverlayContext): Map<string, CoefInfo> {
  const { model, scenario } = ctx;
  const coefficients = new Map<string, CoefInfo>();
  const ordered = [...scenario.overrides.coefficients.entries()].sort((a, b) => a[1].from - b[1].from);
  for (const [n, ov] of ordered) {
    const path = `overrides.coefficients[${n}]`;
    const c0 = coefficients.get(ov.coefficient) ?? model.coefficients.get(ov.coefficient);
    // every check runs before giving up on an override, so all its problems are reported together
    if (!c0)
      ctx.at(
        `${path}.coefficient`,
        'coefficient_unknown',
        `unknown coefficient "${ov.coefficient}"${suggest(ov.coefficient, model.coefficients.keys())}`,
      );
    const signs = c0 ? overrideSignProblems(model.coefficients.get(ov.coefficient)!, ov) : [];
    for (const p of signs) ctx.at(`${path}.${p.field}`, p.code, p.message);
    if (!ctx.yearOk(ov.from, `${path}.from`) || !c0 || signs.length) continue;
    const c = overrideCoefficient(c0, ov, scenario.id, (field, code, msg) => ctx.at(`${path}.${field}`, code, msg));
    if (c) coefficients.set(c.name, c);
  }
  return coefficients;
}

/**
 * The uncertainty list is used by Monte Carlo only, but a scenario naming what does not exist is wrong
 * wherever it is run: check it as Monte Carlo will (last year, on the scenario's coefficients).
 * Factor ranges are checked against the factor set (./factor-overlay.ts).
 */
function checkUncertainty(ctx: OverlayContext, coefficients: Map<string, CoefInfo>): void {
  const mcIssues: Issue[] = [];
  const { model, scenario } = ctx;
  for (const [n, r] of scenario.uncertainty.entries()) {
    const c = r.coefficient !== undefined ? model.coefficients.get(r.coefficient) : undefined;
    const i = r.input !== undefined ? model.inputs.get(r.input) : undefined;
    const signs = c ? rangeSignProblems(c, r) : i ? inputFactorSignProblems(i, r) : [];
    for (const p of signs) ctx.at(`uncertainty[${n}].${p.field}`, p.code, p.message);
  }
  collectParams(model, Math.max(...ctx.data.years), scenario.uncertainty, mcIssues, coefficients);
  for (const i of mcIssues) ctx.at(i.path ?? 'uncertainty', i.code, i.message);
}
