import { IssuesError } from '../core/errors.ts';
import { suggest } from '../core/suggest.ts';
import type { CompiledModel } from './types.ts';

/**
 * The model without the services a dataset says its account does not cover (dataset.yaml `not_accounted:
 * { <service>: <reason> }`, e.g. a published account that leaves the landscape premium out). They are left out of
 * the GEP and of every total (not zero rows), their inputs are not required (engine/eval/needed.ts), and the run
 * lists them with their reasons. An unknown service is an error with a suggestion.
 */
export function withoutServices(model: CompiledModel, notAccounted: Record<string, string> | undefined, file: string): CompiledModel {
  if (!notAccounted || !Object.keys(notAccounted).length) return model;
  const ids = model.services.map((s) => s.id);
  const unknown = Object.keys(notAccounted).filter((id) => !ids.includes(id));
  if (unknown.length)
    throw new IssuesError(
      'dataset',
      unknown.map((id) => ({
        code: 'service_unknown',
        message: `${file}, not_accounted.${id}: the model ${model.ref} has no service "${id}"${suggest(id, ids)}`,
      })),
    );
  return {
    ...model,
    services: model.services.filter((s) => !Object.hasOwn(notAccounted, s.id)),
    notAccounted: model.services
      .filter((s) => Object.hasOwn(notAccounted, s.id))
      .map((s) => ({ service: s.id, reason: notAccounted[s.id]! })),
  };
}
