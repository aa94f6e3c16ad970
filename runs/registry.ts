/**
 * The registry of run kinds. A kind (runs/kinds/<kind>/, see runs/kind.ts) declares its options, loads its
 * inputs, names its identity, computes, and gives its long rows, traces, run-folder files and report part.
 * The CLI, the API (POST /runs, its worker threads, the reports of stored runs) go through here, so a run
 * has one id wherever it is made. Adding a kind is one folder and one entry below.
 */

import { IssuesError } from '../engine/core/errors.ts';
import { type RunIdentity, runId } from '../lib/run-id.ts';
import type { ResultRow, TraceRow } from '../lib/rows.ts';
import type { ReportContribution } from '../reports/render.ts';
import type { RunHooks, RunKind } from './kind.ts';
import { assetKind } from './kinds/asset/index.ts';
import { batchKind } from './kinds/batch/index.ts';
import { carbonKind } from './kinds/carbon/index.ts';
import { carbonUncertaintyKind } from './kinds/carbon-uncertainty/index.ts';
import { compareKind } from './kinds/compare/index.ts';
import { dualKind } from './kinds/dual/index.ts';
import { eodKind } from './kinds/eod/index.ts';
import { financeKind } from './kinds/finance/index.ts';
import { gepKind } from './kinds/gep/index.ts';
import { indexKind } from './kinds/index/index.ts';
import { uncertaintyKind } from './kinds/uncertainty/index.ts';
import type { Sources } from './sources.ts';

const KINDS = {
  gep: gepKind,
  dual: dualKind,
  carbon: carbonKind,
  carbon_uncertainty: carbonUncertaintyKind,
  uncertainty: uncertaintyKind,
  batch: batchKind,
  compare: compareKind,
  eod: eodKind,
  asset: assetKind,
  index: indexKind,
  finance: financeKind,
};

export type KindName = keyof typeof KINDS;
/** The types of one kind, read back from its definition. */
type Parts<K extends KindName> =
  (typeof KINDS)[K] extends RunKind<K, infer O, infer I, infer L, infer R> ? { options: O; input: I; loaded: L; result: R } : never;
export type OptionsOf<K extends KindName> = Parts<K>['options'];
export type InputOf<K extends KindName> = Parts<K>['input'];
export type LoadedOf<K extends KindName> = Parts<K>['loaded'];
export type ResultOf<K extends KindName> = Parts<K>['result'];

/** Every kind, typed by its name (a mapped type, so that `RUN_KINDS[k]` keeps k's types in generic code). */
export const RUN_KINDS: { [K in KindName]: RunKind<K, OptionsOf<K>, InputOf<K>, LoadedOf<K>, ResultOf<K>> } = KINDS;
export const KIND_NAMES = Object.keys(RUN_KINDS) as KindName[];

/** A computed run of some kind. */
export type KindRun<K extends KindName = KindName> = { [P in K]: { kind: P; result: ResultOf<P> } }[K];

/** A run asked for and loaded, named before it is computed. */
export type Planned<K extends KindName = KindName> = {
  [P in K]: { kind: P; options: OptionsOf<P>; loaded: LoadedOf<P>; identity: RunIdentity; id: string };
}[K];

/** A kind's options from a request (CLI flags or an API body): defaults filled in, every problem at once. */
export function parseOptions<K extends KindName>(kind: K, input: InputOf<K>): OptionsOf<K> {
  const p = RUN_KINDS[kind].options.safeParse(input);
  if (p.success) return p.data;
  throw new IssuesError(
    'run',
    p.error.issues.map((i) => ({ code: 'option_invalid', path: i.path.map(String).join('.'), message: i.message })),
  );
}

/** Parse, load and name a run: what the API needs to know whether the run is already stored. */
export async function plan<K extends KindName>(kind: K, input: InputOf<K>, sources: Sources): Promise<Planned<K>> {
  const k = RUN_KINDS[kind];
  const options = parseOptions(kind, input);
  const loaded = await k.load(options, sources);
  const identity = k.identity(options, loaded);
  return { kind, options, loaded, identity, id: runId(identity) };
}

/** Compute a planned run; its result is named by the planned id (a kind that disagreed would be a bug). */
export async function compute<K extends KindName>(p: Planned<K>, hooks?: RunHooks): Promise<ResultOf<K>> {
  const k = RUN_KINDS[p.kind];
  const result = await k.compute(p.options, p.loaded, hooks);
  if (result.meta.id !== p.id) throw new Error(`run kind ${p.kind}: computed run ${result.meta.id} is not the one named, ${p.id}`);
  return result;
}

/** Compute a planned run, tagged with its kind. */
export async function computeKindRun<K extends KindName>(p: Planned<K>, hooks?: RunHooks): Promise<KindRun<K>> {
  return { kind: p.kind, result: await compute(p, hooks) };
}

/** Plan and compute at once (the CLI). */
export async function run<K extends KindName>(kind: K, input: InputOf<K>, sources: Sources, hooks?: RunHooks): Promise<ResultOf<K>> {
  return compute(await plan(kind, input, sources), hooks);
}

/** What a run gives the store, run folders and reports, whatever its kind. */
export function rowsOf<K extends KindName>(r: KindRun<K>): ResultRow[] {
  return RUN_KINDS[r.kind].rows(r.result);
}
export function tracesOf<K extends KindName>(r: KindRun<K>): TraceRow[] {
  return RUN_KINDS[r.kind].traces(r.result);
}
export function filesOf<K extends KindName>(r: KindRun<K>): Record<string, string | Buffer> {
  return RUN_KINDS[r.kind].files(r.result);
}
export function reportOf<K extends KindName>(r: KindRun<K>): ReportContribution {
  const k = RUN_KINDS[r.kind];
  if (!k.report) throw new Error(`a ${r.kind} run has no report of its own`);
  return k.report(r.result);
}
