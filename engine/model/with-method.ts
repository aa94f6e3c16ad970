import { canonicalJson } from '../core/canonical-json.ts';
import { IssuesError } from '../core/errors.ts';
import { compileModel } from './compile.ts';
import type { CompiledModel } from './types.ts';
import { type ChoiceLayer, type ResolvedMethod, resolveMethod } from './variants.ts';

/** Compiled models by model and method in force: a choice is compiled once per model. */
const cache = new WeakMap<CompiledModel['source'], Map<string, CompiledModel>>();

/**
 * The model compiled under the method the layers choose (later layers win per service; defaults fill the rest).
 * The model's own method gives the model itself. Ref and content hash stay the model's: what differs is
 * `method`, which the run identity records. Every problem of every layer is thrown at once.
 */
export function withMethod(model: CompiledModel, layers: readonly ChoiceLayer[]): CompiledModel {
  if (!layers.some((l) => Object.keys(l.variants ?? {}).length || Object.keys(l.covers ?? {}).length)) return model;
  const { method, issues } = resolveMethod(model.source, layers);
  if (issues.length) throw new IssuesError('run', issues);
  return compiledUnder(model, method);
}

function compiledUnder(model: CompiledModel, method: ResolvedMethod): CompiledModel {
  const key = canonicalJson(method);
  if (key === canonicalJson(model.method)) return model;
  let byMethod = cache.get(model.source);
  if (!byMethod) cache.set(model.source, (byMethod = new Map()));
  let m = byMethod.get(key);
  if (!m)
    byMethod.set(
      key,
      (m = { ...compileModel(model.source, model.hash, method), ...(model.namesHash ? { namesHash: model.namesHash } : {}) }),
    );
  return m;
}

/** The method as the run identity and the run block record it, or undefined when the model has no choice to record. */
export function methodIdentity(model: Pick<CompiledModel, 'method'>): ResolvedMethod | undefined {
  const m = model.method;
  return Object.keys(m.variants).length || Object.keys(m.covers).length ? m : undefined;
}
