import type { Issue } from '../core/errors.ts';
import { closeNames } from '../core/suggest.ts';
import { dimensionInfo } from './dimension-info.ts';
import { resolveKey } from './key-names.ts';
import type { ResolvedMethod } from './method-types.ts';
import type { Formula, Model, Service, Variant } from './schema.ts';

/**
 * Method variants as data: which variant of each service is in force and which ecosystem types each service
 * counts. A model declares its variants per service (the first is the default, the service as written); a
 * dataset, a scenario and the command line choose (lib/method.ts layers them). Everything here works on the
 * model as data, before it is compiled (compile.ts compiles the model with a method applied).
 */

/** The dimension whose keys `covers` chooses. */
export const COVER_DIM = 'ecosystem_type';

/** A choice as written in one place (dataset.yaml, a scenario, the command line), before it is checked. */
export interface MethodChoice {
  /** service → variant id */
  variants?: Readonly<Record<string, string>>;
  /** service → ecosystem types or level-1 classes it counts */
  covers?: Readonly<Record<string, readonly string[]>>;
}

/** Where a choice was written, for the messages of its problems. */
export interface ChoiceLayer extends MethodChoice {
  /** e.g. "datasets/x/dataset.yaml", "scenario wetland", "command line" */
  file: string;
  /** Path of the variants map in that file (default "method"). */
  variantsPath?: string;
  /** Path of the covers map in that file (default "covers"). */
  coversPath?: string;
}

export type { ResolvedMethod } from './method-types.ts';

/** The model's own method: every service's default variant, coverage as written. */
export function defaultMethod(model: Model): ResolvedMethod {
  const variants: Record<string, string> = {};
  for (const s of model.services) if (s.variants?.length) variants[s.id] = s.variants[0]!.id;
  return { variants, covers: {} };
}

/** The variant of a service in force under a method (undefined: the service declares none). */
export function variantOf(s: Service, m: ResolvedMethod): Variant | undefined {
  if (!s.variants) return undefined;
  return s.variants.find((v) => v.id === m.variants[s.id]) ?? s.variants[0];
}

const did = (name: string, known: string[]) => {
  const close = closeNames(name, known);
  return close.length ? `did you mean ${close.map((k) => `"${k}"`).join(', ')}? ` : '';
};

/**
 * Check the choice layers against the model and resolve them, later layers winning per service: the method in
 * force, or every problem (each naming its file and path, with suggestions and the names that exist).
 */
export function resolveMethod(model: Model, layers: readonly ChoiceLayer[]): { method: ResolvedMethod; issues: Issue[] } {
  const issues: Issue[] = [];
  const method = defaultMethod(model);
  const byId = new Map(model.services.map((s) => [s.id, s]));
  const serviceIds = [...byId.keys()];
  const chosenCovers = new Map<string, { names: readonly string[]; layer: ChoiceLayer }>();
  for (const layer of layers) {
    for (const [sid, vid] of Object.entries(layer.variants ?? {})) {
      const path = `${layer.variantsPath ?? 'method'}.${sid}`;
      const s = byId.get(sid);
      if (!s) {
        issues.push({
          code: 'service_unknown',
          file: layer.file,
          path,
          message: `no service "${sid}" in ${ref(model)}; ${did(sid, serviceIds)}` + withVariants(model),
        });
        continue;
      }
      const ids = (s.variants ?? []).map((v) => v.id);
      if (!ids.includes(vid)) {
        issues.push({
          code: 'variant_unknown',
          file: layer.file,
          path,
          message: ids.length
            ? `${sid} has no variant "${vid}"; ${did(vid, ids)}its variants are ${ids.join(', ')} (default ${ids[0]})`
            : `${sid} has one method in ${ref(model)}; ${withVariants(model)}`,
        });
        continue;
      }
      method.variants[sid] = vid;
    }
    for (const [sid, names] of Object.entries(layer.covers ?? {})) {
      if (!byId.has(sid)) {
        const path = `${layer.coversPath ?? 'covers'}.${sid}`;
        issues.push({
          code: 'service_unknown',
          file: layer.file,
          path,
          message: `no service "${sid}" in ${ref(model)}; ${did(sid, serviceIds)}`.trimEnd(),
        });
        continue;
      }
      chosenCovers.set(sid, { names, layer });
    }
  }
  // coverage is checked under the variants in force (a variant may give a service types of its own to count)
  for (const [sid, { names, layer }] of chosenCovers) {
    const path = `${layer.coversPath ?? 'covers'}.${sid}`;
    const at = (message: string) => issues.push({ code: 'covers_invalid', file: layer.file, path, message });
    const s = withVariant(byId.get(sid)!, variantOf(byId.get(sid)!, method));
    const current = coverOf(s);
    if (current === undefined) {
      at(
        `${sid} counts no ${COVER_DIM} of its own under ${ref(model)} (no "over: ${COVER_DIM}" in its formulas), so its coverage cannot be chosen`,
      );
      continue;
    }
    const leaves = expandCover(model, names, at);
    if (!leaves) continue;
    const wanted = leaves.join(',');
    if (wanted !== expandCover(model, current ?? allKeys(model), () => {})!.join(',')) method.covers[sid] = leaves;
  }
  return { method, issues };
}

const ref = (m: Model) => `${m.id}@${m.version}`;
function withVariants(model: Model): string {
  const having = model.services.filter((s) => s.variants).map((s) => `${s.id} (${s.variants!.map((v) => v.id).join(', ')})`);
  return having.length ? `services with variants: ${having.join('; ')}` : `${ref(model)} declares no variants`;
}

function dimOf(model: Model) {
  const d = model.dimensions[COVER_DIM];
  const keys = Object.entries(d?.keys ?? {});
  return { keys: keys.map(([k]) => k), groupOf: new Map(keys.map(([k, v]) => [k, v.group])), groups: Object.keys(d?.groups ?? {}) };
}
const allKeys = (model: Model) => dimOf(model).keys;

/**
 * Keys and level-1 classes as leaf keys in the model's order, or undefined (and a problem per unknown name). A name
 * is read like a data cell (林地, 针叶林, conifer forest …; key-names.ts): the leaf keys it stands for are what the
 * method records, so the identity does not depend on how the list was written.
 */
function expandCover(model: Model, names: readonly string[], at: (m: string) => void): string[] | undefined {
  const spec = model.dimensions[COVER_DIM];
  if (!spec) {
    at(`${ref(model)} has no dimension ${COVER_DIM}`);
    return undefined;
  }
  const dim = dimensionInfo(COVER_DIM, spec, 0, () => {});
  const want = new Set<string>();
  let ok = true;
  for (const n of names) {
    const r = resolveKey(dim, n, `${COVER_DIM} or level-1 class`);
    if (!r.ok) {
      ok = false;
      at(`${r.message}; classes are ${[...dim.groups.keys()].join(', ')}`);
    } else if (dim.keys.includes(r.key)) want.add(r.key);
    else for (const k of dim.keys) if (dim.groupOf.get(k) === r.key) want.add(k);
  }
  if (!ok) return undefined;
  if (!want.size) {
    at('lists no ecosystem type');
    return undefined;
  }
  return dim.keys.filter((k) => want.has(k));
}

/** The ecosystem types a service counts as written: its subset, null for all types, undefined if it has no such breakdown. */
function coverOf(s: Service): string[] | null | undefined {
  for (const f of formulasOf(s)) {
    const o = f.over;
    if (o === undefined) continue;
    if (o === COVER_DIM || (Array.isArray(o) && o.includes(COVER_DIM))) return null;
    if (typeof o === 'object' && !Array.isArray(o) && COVER_DIM in o) {
      const keys = o[COVER_DIM]!;
      return keys === 'all' ? null : keys;
    }
  }
  return undefined;
}

const formulasOf = (s: Service): Formula[] => [s.physical, ...Object.values(s.parts ?? {}), s.money];

/** A service with a variant's changes laid over it (the default changes nothing). */
export function withVariant(s: Service, v: Variant | undefined): Service {
  if (!v) return s;
  const out: Service = {
    ...s,
    ...(v.method ? { method: v.method } : {}),
    physical: { ...s.physical, ...(v.physical ?? {}) },
    money: { ...s.money, ...(v.money ?? {}) },
  };
  if (v.parts) {
    const parts = { ...(s.parts ?? {}) } as Record<string, Formula & { label: { zh: string; en: string } }>;
    for (const [p, f] of Object.entries(v.parts)) parts[p] = { ...parts[p], ...f } as Formula & { label: { zh: string; en: string } };
    out.parts = parts;
  }
  return out;
}

function withCover(s: Service, leaves: string[]): Service {
  const cover = (f: Formula): Formula => {
    const o = f.over;
    if (o === COVER_DIM) return { ...f, over: { [COVER_DIM]: leaves } };
    if (Array.isArray(o) && o.includes(COVER_DIM))
      return { ...f, over: Object.fromEntries(o.map((d) => [d, d === COVER_DIM ? leaves : 'all'])) };
    if (o && typeof o === 'object' && !Array.isArray(o) && COVER_DIM in o) return { ...f, over: { ...o, [COVER_DIM]: leaves } };
    return f;
  };
  const parts = s.parts ? Object.fromEntries(Object.entries(s.parts).map(([p, f]) => [p, { ...f, ...cover(f) }])) : undefined;
  return { ...s, physical: cover(s.physical), money: cover(s.money), ...(parts ? { parts } : {}) };
}

/** The model as data with a method applied: each service as its variant in force writes it, counting the types chosen. */
export function applyMethod(model: Model, m: ResolvedMethod): Model {
  return {
    ...model,
    services: model.services.map((s) => {
      const v = withVariant(s, variantOf(s, m));
      return m.covers[s.id] ? withCover(v, m.covers[s.id]!) : v;
    }),
  };
}

/**
 * The rules of a model's variants that the schema cannot state: ids once per service, the default (first)
 * changes nothing, every other one changes something, a part a variant adds has its formula, unit and label.
 */
export function variantRuleIssues(model: Model, file: string): Issue[] {
  const issues: Issue[] = [];
  model.services.forEach((s, n) => {
    if (!s.variants) return;
    const path = `services[${n}] (${s.id}).variants`;
    const at = (i: number, message: string) => issues.push({ code: 'variant_invalid', file, path: `${path}[${i}]`, message });
    const seen = new Set<string>();
    s.variants.forEach((v, i) => {
      if (seen.has(v.id)) at(i, `variant "${v.id}" is listed twice`);
      seen.add(v.id);
      const changes = v.physical || v.money || v.parts;
      if (i === 0 && changes) at(i, `the first variant ("${v.id}") is the default, the service as written: it changes nothing`);
      if (i > 0 && !changes) at(i, `variant "${v.id}" changes nothing (give physical, money or parts)`);
      for (const [p, f] of Object.entries(v.parts ?? {}))
        if (!s.parts?.[p] && (!f.formula || !f.unit || !f.label)) at(i, `part "${p}" is new: give its formula, unit and label`);
    });
  });
  return issues;
}
