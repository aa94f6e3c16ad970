import { relative } from 'node:path';
import type { Dataset } from '../datasets/load.ts';
import { IssuesError } from '../engine/core/errors.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import type { ChoiceLayer } from '../engine/model/variants.ts';
import { withMethod } from '../engine/model/with-method.ts';
import { withoutServices } from '../engine/model/without-services.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { modelVersions } from '../models/load.ts';

/** A method choice as a run request carries it (CLI --variant/--covers, API body `method`/`covers`). */
export interface MethodOptions {
  method?: Record<string, string>;
  covers?: Record<string, string[]>;
}

/**
 * The model under the method a run is accounted by: the dataset's choice (dataset.yaml `method:`, `covers:`),
 * over it the scenario's, over that the request's; per service, the later wins; the model's defaults fill the
 * rest. Every problem of every layer at once, each naming where it was written.
 */
export function chooseMethod(model: CompiledModel, dataset: Dataset, scenario?: Scenario, asked?: MethodOptions): CompiledModel {
  const layers: ChoiceLayer[] = [
    {
      file: `${relative(process.cwd(), dataset.dir) || dataset.dir}/dataset.yaml`,
      ...(dataset.manifest.method ? { variants: dataset.manifest.method } : {}),
      ...(dataset.manifest.covers ? { covers: dataset.manifest.covers } : {}),
    },
  ];
  if (scenario)
    layers.push({
      file: `scenario ${scenario.id}`,
      ...(scenario.method ? { variants: scenario.method } : {}),
      ...(scenario.covers ? { covers: scenario.covers } : {}),
    });
  if (asked)
    layers.push({
      file: 'run options',
      variantsPath: 'method (--variant)',
      coversPath: 'covers (--covers)',
      ...(asked.method ? { variants: asked.method } : {}),
      ...(asked.covers ? { covers: asked.covers } : {}),
    });
  let chosen: CompiledModel;
  try {
    chosen = withMethod(model, layers);
  } catch (e) {
    throw withLaterVersions(e, model);
  }
  return withoutServices(chosen, dataset.manifest.not_accounted, layers[0]!.file);
}

/** A model without variants is often an older version: name the versions kept beside it that declare some. */
function withLaterVersions(e: unknown, model: CompiledModel): unknown {
  if (!(e instanceof IssuesError) || model.variants.size) return e;
  const later = modelVersions(model.id).filter((v) => v.localeCompare(model.version, 'en', { numeric: true }) > 0);
  if (!later.length) return e;
  const hint = `; variants are declared by ${later.map((v) => `${model.id}@${v}`).join(', ')} (-m ${model.id}@${later.at(-1)})`;
  return new IssuesError(
    e.kind,
    e.issues.map((i) => (i.code === 'variant_unknown' ? { ...i, message: i.message + hint } : i)),
  );
}

/** The method variant an indicator's service is computed by, and its source, and the types chosen: for explain. */
export function methodNote(model: CompiledModel, indicator: string): string | undefined {
  const sid = model.indicatorById.get(indicator)?.service;
  const s = model.services.find((x) => x.id === sid);
  if (!s) return undefined;
  const notes: string[] = [];
  if (s.variant)
    notes.push(
      `${s.id} = ${s.variant.id}${s.variant.default ? ' (default)' : ''}, ${s.variant.label.en} / ${s.variant.label.zh} (source: ${s.variant.source})`,
    );
  const covers = model.method.covers[s.id];
  if (covers) notes.push(`counts ${covers.join(', ')} (chosen)`);
  return notes.length ? notes.join('; ') : undefined;
}

/** The method in force on one line ("variants a=x, b=y; covers c=t1,t2"), or undefined for a model without variants. */
export function methodLine(model: Pick<CompiledModel, 'method'>): string | undefined {
  const { variants, covers } = model.method;
  const parts = [
    ...(Object.keys(variants).length
      ? [
          `variants ${Object.entries(variants)
            .map(([s, v]) => `${s}=${v}`)
            .join(', ')}`,
        ]
      : []),
    ...(Object.keys(covers).length
      ? [
          `covers ${Object.entries(covers)
            .map(([s, t]) => `${s}=${t.join(',')}`)
            .join('; ')}`,
        ]
      : []),
  ];
  return parts.length ? parts.join('; ') : undefined;
}
