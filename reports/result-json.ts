import { str, ZERO } from '../engine/core/decimal.ts';
import type { Decomposition, EffectRow, RegionYearAccount } from '../engine/gep/account.ts';
import type { ExtentAccount } from '../engine/gep/extent.ts';
import type { Diagnostic } from '../engine/eval/trace.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import type { IndicatorValue } from '../engine/eval/evaluate.ts';
import type { AccountRun } from '../lib/run.ts';

/**
 * result.json: the whole account with every decimal as an exact string. Nothing in it depends on the
 * clock, the machine or the path, so the same run gives the same bytes.
 */
export function resultJson(run: AccountRun): string {
  const { meta, model, account } = run;
  const doc = {
    run: meta,
    model: modelJson(model),
    accounts: account.regionYears.map((ry) => regionYearJson(run, ry)),
    extent: account.extent.map(extentJson),
    decompositions: account.decompositions.map(decompositionJson),
    diagnostics: account.diagnostics.map(diagnosticJson),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** result.json's `model`: the method's services, their formulas and the variants in force. */
export function modelJson(model: CompiledModel) {
  return {
    id: model.id,
    version: model.version,
    title: model.title,
    categories: model.categories,
    services: model.services.map((s) => ({
      id: s.id,
      category: s.category,
      label: s.label,
      method: s.method,
      flow: s.flow,
      physical_unit: model.indicatorById.get(s.physical)!.unit.text,
      formula: { physical: model.indicatorById.get(s.physical)!.formula, money: model.indicatorById.get(s.money)!.formula },
      // the method variant in force and the types chosen, when the model declares variants or the run chose types
      ...(s.variant ? { variant: { id: s.variant.id, label: s.variant.label, source: s.variant.source } } : {}),
      ...(model.method.covers[s.id] ? { covers: model.method.covers[s.id] } : {}),
    })),
  };
}

/** One element of result.json's `extent`: a region's areas by year and type, and their changes. */
export function extentJson(e: ExtentAccount) {
  return {
    region: e.region,
    unit: e.unit,
    area: Object.fromEntries(e.years.map((y) => [y, Object.fromEntries(e.types.map((t) => [t, str(e.area.get(y)!.get(t) ?? ZERO)]))])),
    total: Object.fromEntries(e.years.map((y) => [y, str(e.total.get(y)!)])),
    changes: e.changes.map((c) => ({
      from_year: c.fromYear,
      to_year: c.toYear,
      rows: c.rows.map((r) => ({
        type: r.type,
        opening: str(r.opening),
        ...(r.additions ? { additions: str(r.additions), reductions: str(r.reductions!) } : {}),
        net: str(r.net),
        closing: str(r.closing),
      })),
      ...(c.matrix
        ? { matrix: Object.fromEntries([...c.matrix].map(([f, row]) => [f, Object.fromEntries([...row].map(([t, v]) => [t, str(v)]))])) }
        : {}),
    })),
  };
}

/** One element of result.json's `decompositions`: ΔGEP between two years of a region split exactly. */
export function decompositionJson(d: Decomposition) {
  return {
    region: d.region,
    from_year: d.fromYear,
    to_year: d.toYear,
    currency: 'CNY',
    note: 'quantity = Σ(Q1−Q0)·P0, price = ΣQ1·(P1−P0); quantity + price = delta exactly',
    total: effect(d.total),
    categories: d.categories.map(effect),
    services: d.services.map((s) => ({ ...effect(s), category: s.category })),
  };
}

/** One element of result.json's `diagnostics`: the facts a report words them from stay out (golden hashes). */
export function diagnosticJson({ facts: _facts, ...d }: Diagnostic) {
  return d;
}

function effect(e: EffectRow) {
  return {
    id: e.id,
    from_value: str(e.v0),
    to_value: str(e.v1),
    to_value_at_from_prices: str(e.v1AtP0),
    quantity_effect: str(e.quantity),
    price_effect: str(e.price),
    delta: str(e.delta),
  };
}

function by(iv: IndicatorValue | undefined) {
  return iv?.by ? Object.fromEntries([...iv.by].map(([k, v]) => [k, str(v)])) : undefined;
}

/** origin: "given" on a value the dataset gave (computed values carry no mark, so the sample's bytes do not move). */
function given(iv: IndicatorValue | undefined) {
  return iv?.origin === 'given' ? { origin: 'given' as const } : {};
}

/** One element of result.json's `accounts`: a region-year's services, categories and GEP. */
export function regionYearJson(run: Pick<AccountRun, 'model' | 'account'>, ry: RegionYearAccount) {
  const { model, account } = run;
  return {
    region: ry.region,
    year: ry.year,
    currency: 'CNY',
    price_year: { current: ry.year, constant: account.baseYear },
    gep: { current: str(ry.gep.current), constant: str(ry.gep.constant) },
    categories: Object.fromEntries([...ry.categories].map(([c, t]) => [c, { current: str(t.current), constant: str(t.constant) }])),
    services: model.services.map((s) => {
      const sv = ry.services.find((x) => x.id === s.id)!;
      return {
        id: s.id,
        category: s.category,
        physical: {
          value: sv.physical ? str(sv.physical) : null,
          unit: sv.physicalUnit,
          by: by(ry.current.values.get(s.physical)),
          ...given(ry.current.values.get(s.physical)),
        },
        money: {
          current: str(sv.money),
          constant: str(sv.moneyConstant),
          by: by(ry.current.values.get(s.money)),
          ...given(ry.current.values.get(s.money)),
        },
        // a part a given value made unnecessary is not computed: not listed
        parts: s.parts
          .filter((p) => ry.current.values.has(p))
          .map((p) => ({
            id: p,
            value: str(ry.current.values.get(p)!.value),
            unit: model.indicatorById.get(p)!.unit.text,
            ...given(ry.current.values.get(p)),
          })),
      };
    }),
  };
}

/** trace.json: every indicator's trace node, by region/year/price basis. */
export function traceJson(run: AccountRun): string {
  const out: Record<string, unknown> = {};
  for (const ry of run.account.regionYears) {
    out[`${ry.region}/${ry.year}/current`] = Object.fromEntries(ry.current.traces ?? []);
  }
  return JSON.stringify({ run: run.meta.id, traces: out }, null, 1) + '\n';
}
