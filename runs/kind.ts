import type { z } from 'zod';
import type { RunIdentity } from '../lib/run-id.ts';
import type { ResultRow, TraceRow } from '../lib/rows.ts';
import type { ReportContribution } from '../reports/render.ts';
import type { Sources } from './sources.ts';

/** What a caller may ask of a computation that is not part of it: progress for a bar, draws already made. */
export interface RunHooks {
  onProgress?: (done: number, total: number) => void;
  /** A folder where a kind may stream large result files as they are made (gep batch: results.csv), not held in memory. */
  spool?: string;
  /** A Monte Carlo's draws computed elsewhere (chunks on other workers, api/jobs/), all of them in index order. */
  draws?: number[][] | string[][];
  /** A GEP account keeps its constant-price traces too (gep explain at a base year reads them; a run stores only the current ones). */
  traceConstant?: boolean;
}

/**
 * One kind of run (gep, dual, carbon, …): how it is asked for, what names it, how it is computed and what
 * it produces. The CLI, the API, its worker threads and the reports know kinds only through this.
 *
 * - `options`: the request as data (zod, defaults filled in); CLI flags and API bodies both become this.
 * - `load`: the versioned inputs the options name (model, dataset, scenario, factor set), through `Sources`
 *   (files for the CLI, the store for the API), checked against the options (a region the dataset lacks…).
 * - `identity`: what identifies the run, from options and loaded inputs, before anything is computed; its
 *   runId (lib/run-id.ts) is the run folder's name and the stored run's id, and `compute` names its result so.
 * - `rows` / `traces`: what the store keeps; `files`: what a run folder holds; `report`: what the run adds
 *   to an HTML, XLSX, CSV or JSON report (kinds without one cannot be reported on their own).
 */
export interface RunKind<K extends string, Options, Input, Loaded, Result extends { meta: { id: string } }> {
  readonly kind: K;
  readonly options: z.ZodType<Options, Input>;
  // the options' type is the schema's (NoInfer: a loader that takes less does not narrow it)
  load(opts: NoInfer<Options>, sources: Sources): Promise<Loaded>;
  identity(opts: NoInfer<Options>, loaded: NoInfer<Loaded>): RunIdentity;
  compute(opts: NoInfer<Options>, loaded: NoInfer<Loaded>, hooks?: RunHooks): Promise<Result>;
  rows(result: Result): ResultRow[];
  traces(result: Result): TraceRow[];
  files(result: Result): Record<string, string | Buffer>;
  report?(result: Result): ReportContribution;
}

/** Declare a kind with its types inferred from its parts (the registry reads them back). */
export const defineKind = <K extends string, Options, Input, Loaded, Result extends { meta: { id: string } }>(
  k: RunKind<K, Options, Input, Loaded, Result>,
) => k;

/** JSON of a result document as written into run folders: two-space indent, a final newline. */
export const jsonFile = (x: unknown): string => `${JSON.stringify(x, null, 2)}\n`;
