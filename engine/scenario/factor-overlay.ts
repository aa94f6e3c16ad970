import { dec } from '../core/decimal.ts';
import type { Issue } from '../core/errors.ts';
import type { Factor, FactorSet } from '../carbon/factors.ts';
import { factorEntry } from '../carbon/factors.ts';
import type { ParamEntry } from '../params/parameter.ts';
import { collectFactorParams } from '../uncertainty/params.ts';
import { overrideWindow, scaleEntry } from './override-parameter.ts';
import type { FactorOverride, Scenario } from './schema.ts';
import { suggest } from './suggest.ts';

/**
 * Lay a scenario's carbon factor overrides over a factor set, by the same overlay as GEP coefficients
 * (./override-parameter.ts): a factor from `from` (to `until`; for a grid factor `from` is the vintage) takes a
 * value given with its unit, converted exactly, or every value in force scaled. Pure: the set is not changed.
 * Every problem is returned at once, naming its field: an unknown factor (with a suggestion), a year outside the
 * carbon data, a unit that does not convert, nothing in force to override, a bad factor range in `uncertainty`.
 */
export function applyFactorOverrides(set: FactorSet, scenario: Scenario, years: readonly number[]): { set: FactorSet; issues: Issue[] } {
  const issues: Issue[] = [];
  const at = (path: string, code: string, message: string) => issues.push({ code, message, path, file: `scenario ${scenario.id}` });
  const params = new Map(set.params);
  const ordered = [...(scenario.overrides.factors ?? []).entries()].sort((a, b) => a[1].from - b[1].from);
  for (const [n, ov] of ordered) {
    const path = `overrides.factors[${n}]`;
    const f = params.get(ov.factor);
    if (!f) at(`${path}.factor`, 'factor_unknown', `unknown factor "${ov.factor}" in ${set.ref}${suggest(ov.factor, params.keys())}`);
    const yearOk = years.includes(ov.from);
    if (!yearOk) at(`${path}.from`, 'year_outside_dataset', `${ov.from} is outside the carbon data's years (${years.join(', ')})`);
    if (!f || !yearOk) continue;
    const replaced = overrideFactor(f, ov, scenario.id, (field, code, message) => at(`${path}.${field}`, code, message));
    if (replaced) params.set(f.name, replaced);
  }
  const mc: Issue[] = [];
  collectFactorParams(params, Math.max(...years), scenario.uncertainty, mc);
  for (const i of mc) at(i.path ?? 'uncertainty', i.code, i.message);
  return { set: issues.length ? set : { ...set, params }, issues };
}

function overrideFactor(
  f: Factor,
  ov: FactorOverride,
  scenarioId: string,
  fail: (field: string, code: string, message: string) => void,
): Factor | undefined {
  const note = `scenario ${scenarioId}: ${ov.source}`;
  let replace: (w: ParamEntry[]) => ParamEntry[];
  if (ov.value !== undefined) {
    const entry = factorEntry(
      { value: ov.value, unit: ov.unit!, source: note, ...(ov.range ? { range: ov.range } : {}) },
      f.unit,
      ov.from,
      undefined,
      (m) => fail('unit', 'unit_mismatch', `${ov.factor}: ${m}`),
    );
    if (!entry) return undefined;
    replace = () => [entry];
  } else {
    const k = dec(ov.scale!);
    if (!k.gt(0)) {
      fail('scale', 'scale_not_positive', `scale must be positive (got ${ov.scale})`);
      return undefined;
    }
    replace = (w) => w.map((e) => ({ ...scaleEntry(e, k), source: `${e.source}; ×${ov.scale} by ${note}` }));
  }
  const r = overrideWindow(f, ov.from, ov.until, replace);
  if (r.issue) {
    fail('from', r.issue.code, r.issue.message);
    return undefined;
  }
  return { ...f, entries: r.entries };
}
