import { IssuesError } from '../engine/core/errors.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { loadScenario, prepareScenario, scenarioHash } from '../lib/scenario.ts';
import type { Ctx } from './context.ts';
import { Problem } from './problem.ts';
import { getScenario, insertScenario } from './store/scenarios.ts';

/**
 * Check a scenario (the schema, then its overrides against its model and a stored dataset: base.dataset is a
 * dataset's manifest id, e.g. tianfu-sample) and store it. One function for POST /scenarios and the workbench's
 * scenario builder, so that both refuse the same things with the same problems (every one at once, with its path).
 */
export async function saveScenario(
  ctx: Pick<Ctx, 'store' | 'catalogue' | 'now'>,
  body: unknown,
): Promise<{ id: string; created: boolean; scenario: Scenario; stored: NonNullable<Awaited<ReturnType<typeof getScenario>>> }> {
  const scenario = await checkScenario(ctx, body);
  const hash = scenarioHash(scenario);
  const id = `${scenario.id}-${hash.slice(0, 12)}`;
  const { created } = await insertScenario(ctx.store.db, { id, hash, name: scenario.id, body: scenario }, ctx.now());
  return { id, created, scenario, stored: (await getScenario(ctx.store.db, id))! };
}

/** The checks of saveScenario without storing: the scenario as parsed, or an IssuesError with every problem. */
export async function checkScenario(ctx: Pick<Ctx, 'catalogue'>, body: unknown): Promise<Scenario> {
  const { catalogue } = ctx;
  const scenario = loadScenario(body); // every schema problem at once, with its path
  const model = catalogue.model(scenario.base.model);
  const { dataset } = await catalogue.dataset(scenario.base.dataset, model).catch((e) => {
    if (e instanceof Problem && e.code === 'not_found')
      throw new IssuesError('scenario', [
        {
          code: 'dataset_unknown',
          path: 'base.dataset',
          message: `no stored dataset "${scenario.base.dataset}" (upload it with POST /datasets)`,
        },
      ]);
    throw e;
  });
  prepareScenario(scenario, { loaded: { model, dataset } }); // the overrides must apply to the model and the data
  return scenario;
}
