import { dec } from '../core/decimal.ts';
import type { Issue } from '../core/errors.ts';
import type { IssueCode } from '../core/issue-codes.ts';
import type { Factor, FactorSet } from '../carbon/factors.ts';
import { factorEntry } from '../carbon/factors.ts';
import type { ParamEntry } from '../params/parameter.ts';
import { collectFactorParams } from '../uncertainty/params.ts';
import { overrideWindow, scaleEntry } from './override-parameter.ts';
import type { FactorOverride, Scenario } from './schema.ts';
import { suggest } from '../core/suggest.ts';

/**
 * Lay a scenario's carbon factor overrides over a factor set, by the same overlay as GEP coefficients
 * (./override-parameter.ts): a factor from `from` (to `until`; for a grid factor `from` is the vintage) takes a
 * value given with its unit, converted exactly, or every value in force scaled. Pure: the set is not changed.
 * Every problem is returned at once, naming its field: an unknown factor (with a suggestion), a year outside the
 * carbon data, a unit that does not convert, nothing in force to override, a bad factor range in `uncertainty`.
 */
export function applyFactorOverrides(set: FactorSet, scenario: Scenario, years: readonly number[]): { set: FactorSet; issues: Issue[] } {
  const issues: Issue[] = [];
  const at = (path: string, code: IssueCode, message: string) => issues.push({ code, message, path, file: `scenario ${scenario.id}` });
  const params = new Map(set.params);
  const ordered = [...(scenario.overrides.factors ?? []).entries()].sort((a, b) => a[1].from - b[1].from);
  for (const [n, ov] of ordered) {
    const path = `overrides.factors[${n}]`;
    const f = params.get(ov.factor);
    if (!f) at(`${path}.factor`, 'factor_unknown', `unknown factor "${ov.factor}" in ${set.ref}${suggest(ov.factor, params.keys())}`);
    const yearOk = years.includes(ov.from);
    if (!yearOk) at(`${path}.from`, 'year_unknown', `${ov.from} is outside the carbon data's years (${years.join(', ')})`);
    const signs = f
      ? negatives(f, [
          ['value', ov.value],
          ['range.low', ov.range?.low],
          ['range.high', ov.range?.high],
        ])
      : [];
    for (const [field, text] of signs) at(`${path}.${field}`, 'factor_negative', negativeMessage(f!, text));
    if (!f || !yearOk || signs.length) continue;
    const replaced = overrideFactor(f, ov, scenario.id, (field, code, message) => at(`${path}.${field}`, code, message));
    if (replaced) params.set(f.name, replaced);
  }
  scenario.uncertainty.forEach((r, n) => {
    const f = r.factor ? params.get(r.factor) : undefined;
    if (!f) return;
    for (const [field, text] of negatives(f, [
      ['low', r.low],
      ['high', r.high],
      ['mode', r.mode],
    ]))
      at(`uncertainty[${n}].${field}`, 'factor_negative', negativeMessage(f, text));
  });
  const mc: Issue[] = [];
  collectFactorParams(params, Math.max(...years), scenario.uncertainty, mc);
  for (const i of mc) at(i.path ?? 'uncertainty', i.code, i.message);
  return { set: issues.length ? set : { ...set, params }, issues };
}

/**
 * The sign rule of scenario values (as for coefficients, ./coefficient-sign.ts): a factor is not made negative
 * unless the set itself gives it a negative value somewhere. No shipped factor is negative (an NCV, a grid factor
 * or a GWP below zero is a typing error, not a scenario); removals are sinks, reported apart.
 */
function negatives(f: Factor, texts: [string, string | undefined][]): [string, string][] {
  const setHasNegative = f.entries.some((e) => [e.scalar?.value, e.scalar?.low, e.scalar?.high].some((v) => v?.lt(0)));
  if (setHasNegative) return [];
  return texts.filter((t): t is [string, string] => t[1] !== undefined && dec(t[1]).lt(0));
}
const negativeMessage = (f: Factor, text: string) =>
  `${text} would make ${f.name} (${f.unit.text} in the set) negative; the factor set gives it no negative value`;

function overrideFactor(
  f: Factor,
  ov: FactorOverride,
  scenarioId: string,
  fail: (field: string, code: IssueCode, message: string) => void,
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
    // A grid factor's entries are its vintages: each vintage in the window takes the value and stays a vintage (a
    // fixed-vintage choice finds it, the trace names it); any other factor has one entry over the window.
    replace = f.name.startsWith('grid.') ? (w) => w.map((e) => ({ ...entry, from: e.from })) : () => [entry];
  } else {
    const k = dec(ov.scale!);
    if (!k.gt(0)) {
      fail('scale', 'not_positive', `scale must be positive (got ${ov.scale})`);
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
