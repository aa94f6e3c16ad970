import { canonicalJson } from '../canonical-json.ts';
import { prepareBatch, runChunk, type BatchTask } from '../batch.ts';
import { drawRange, prepareUncertainty, type McTask } from '../uncertainty.ts';

/** The jobs a worker thread runs: a range of Monte Carlo draws, or a range of regions of a batch. */
export type Task = McTask | BatchTask;

// A worker prepares a setup (model, dataset, parameters) once and keeps it for the next chunks of the same run.
const cache = new Map<string, unknown>();
function cached<T>(key: unknown, make: () => T): T {
  const k = canonicalJson(key);
  if (!cache.has(k)) {
    cache.clear();
    cache.set(k, make());
  }
  return cache.get(k) as T;
}

export function handle(task: Task): unknown {
  if (task.kind === 'mc')
    return drawRange(
      cached(['mc', task.run, task.spec], () => prepareUncertainty(task.spec)),
      task.seed,
      task.from,
      task.to,
    );
  return runChunk(
    cached(['batch', task.run, task.spec], () => prepareBatch(task.spec)),
    task.from,
    task.to,
  );
}
