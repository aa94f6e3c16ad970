import { type DrawRows, drawRange, prepareUncertainty, splitRange } from '../../lib/uncertainty.ts';
import { uncertaintySpec } from '../../runs/kinds/uncertainty/index.ts';
import type { Sources } from '../../runs/sources.ts';
import { planRun, type RunParams } from '../compute.ts';

/**
 * The draw ranges a run's Monte Carlo is split into, one job each (none when it is one chunk): draw i uses its
 * own stream drawStream(seed, i), so ranges computed anywhere and concatenated in order are the draws of one process.
 */
export function drawChunks(p: RunParams, drawsPerChunk: number): [number, number][] {
  const n = p.uncertainty?.draws ?? 0;
  if (n <= drawsPerChunk) return [];
  return splitRange(n, Math.ceil(n / drawsPerChunk));
}

/** Draws [from, to) of the run's Monte Carlo, as strings (what a chunk job stores). */
export async function computeDraws(p: RunParams, sources: Sources, from: number, to: number): Promise<DrawRows> {
  const { parts } = await planRun(p, sources);
  const mc = parts.find((x) => x.kind === 'uncertainty');
  if (mc?.kind !== 'uncertainty') throw new Error('a chunk job of a run without a Monte Carlo');
  const prepared = prepareUncertainty(uncertaintySpec(mc.options, mc.loaded), { model: mc.loaded.model, dataset: mc.loaded.dataset });
  return drawRange(prepared, mc.options.seed, from, to);
}
