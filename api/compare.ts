import { type CompareLine, compareLines } from '../lib/compare.ts';
import type { ResultRow } from '../reports/results-csv.ts';
import type { Db } from './store/db.ts';
import { Problem } from './problem.ts';
import { allResults, getRun } from './store/runs.ts';
import type { RunTable } from './store/schema.ts';

/** Stored runs compared with the first (the reference): what POST /compare and the workbench's /ui/compare show. */
export interface StoredComparison {
  sets: { run: RunTable; rows: ResultRow[] }[];
  /** The name each run is compared under: its scenario, or scenario@run id when one scenario comes twice. */
  labels: string[];
  lines: CompareLine[];
}

/**
 * Every indicator of two or more stored, finished runs against the first (lib/compare.ts on their stored rows).
 * A run that does not exist or is not done is refused, naming its place in `ids` (runs.<n>).
 */
export async function compareStored(db: Db, ids: readonly string[]): Promise<StoredComparison> {
  const sets: { run: RunTable; rows: ResultRow[] }[] = [];
  for (const [n, id] of ids.entries()) {
    const r = await getRun(db, id);
    if (!r)
      throw new Problem('not_found', `run "${id}" does not exist`, [{ field: `runs.${n}`, message: 'no such run', code: 'not_found' }]);
    if (r.status !== 'done')
      throw new Problem('run_not_done', `run ${id} is ${r.status}`, [{ field: `runs.${n}`, message: r.status, code: 'run_not_done' }]);
    sets.push({ run: r, rows: await allResults(db, id) });
  }
  // Runs of one scenario (say, two baselines over different years) are told apart by their run id.
  const names = sets.map((s) => s.run.scenario);
  const labels = names.map((name, n) => (names.filter((x) => x === name).length > 1 ? `${name}@${sets[n]!.run.id}` : name));
  const lines = compareLines(sets.map((s, n) => ({ scenario: labels[n]!, rows: s.rows.filter((r) => !r.level.startsWith('delta_')) })));
  return { sets, labels, lines };
}
