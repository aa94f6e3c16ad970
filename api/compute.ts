import { IssuesError } from '../engine/core/errors.ts';
import { runId } from '../lib/run-id.ts';
import type { ResultRow, TraceRow } from '../lib/rows.ts';
import { computeKindRun, type KindRun, type Planned, plan, rowsOf, tracesOf } from '../runs/registry.ts';
import type { Sources } from '../runs/sources.ts';

/** What a stored run was asked for, normalised (defaults filled in) so that equal requests are one run. */
/** The kinds POST /runs accepts: the accounts, and the kinds read beside them that take their own `options`. */
export const API_KINDS = ['gep', 'dual', 'carbon', 'index', 'finance', 'asset'] as const;
/** Kinds whose own options (beyond model, dataset, scenario, regions, years, base year, method) come in `options`. */
export const OPTION_KINDS = ['index', 'finance', 'asset'] as const;
export type ApiKind = (typeof API_KINDS)[number];

export interface RunParams {
  kind: ApiKind;
  /** The kind's own options (index: system; finance: prices, credit; asset: spec inline), as posted. */
  options?: Record<string, unknown>;
  factors?: string;
  uncertainty?: { draws: number; seed: number; path?: 'float' | 'exact' };
  model: string;
  dataset: string;
  scenario?: string;
  regions: string[];
  years: number[];
  base_year: number;
  trace: boolean;
  /** Method variants and coverage asked for (lib/method.ts), when any. */
  method?: Record<string, string>;
  covers?: Record<string, string[]>;
}

/** A computed stored run: its runs of the registry's kinds, its meta, and the rows and traces stored. */
export interface Computed {
  id: string;
  runs: KindRun[];
  meta: object;
  rows: ResultRow[];
  traces: TraceRow[];
}

/** What the store keeps of a run: plain data (it crosses from a worker thread as is). */
export interface RunOutput {
  meta: object;
  rows: ResultRow[];
  traces: TraceRow[];
}

// Request fields named differently from the kinds' options, for the problems a kind finds.
const REQUEST_FIELD: Record<string, string> = { baseYear: 'base_year' };

/**
 * The runs of the registry a request is made of, named before anything is computed: the GEP account (or the
 * dual account, which holds it), the carbon run of the same dataset for kind "carbon", the Monte Carlo of the
 * first region's last year when asked. One run is stored under its own id (the id `gep account` or `gep dual`
 * gives the same request); several under the id of them all (lib/run-id.ts, kind "bundle").
 */
export async function planRun(p: RunParams, sources: Sources): Promise<{ id: string; parts: Planned[] }> {
  const scenario = p.scenario === undefined ? {} : { scenario: p.scenario };
  const at = {
    model: p.model,
    dataset: p.dataset,
    ...scenario,
    ...(p.method ? { method: p.method } : {}),
    ...(p.covers ? { covers: p.covers } : {}),
  };
  const account = { ...at, regions: p.regions, years: p.years, baseYear: p.base_year, trace: p.trace };
  try {
    // index, finance and asset: one run of that kind over the same dataset (their own options as posted)
    if (p.kind === 'index' || p.kind === 'finance') {
      const { trace: _t, ...over } = account;
      const { scenario: _s, ...noScenario } = over;
      const part = await plan(p.kind, { ...(p.kind === 'index' ? noScenario : over), ...p.options } as never, sources);
      return { id: part.id, parts: [part] };
    }
    if (p.kind === 'asset') {
      const part = await plan('asset', { model: p.model, dataset: p.dataset, ...scenario, ...p.options } as never, sources);
      return { id: part.id, parts: [part] };
    }
    const parts: Planned[] = [p.kind === 'dual' ? await plan('dual', account, sources) : await plan('gep', account, sources)];
    if (p.kind === 'carbon')
      parts.push(
        await plan('carbon', { factors: p.factors, dataset: p.dataset, ...scenario, regions: p.regions, trace: p.trace }, sources),
      );
    if (p.uncertainty)
      parts.push(
        await plan('uncertainty', { ...at, region: p.regions[0], year: p.years.at(-1), baseYear: p.base_year, ...p.uncertainty }, sources),
      );
    const id = parts.length === 1 ? parts[0]!.id : runId({ kind: 'bundle', parts: parts.map((x) => x.identity) });
    return { id, parts };
  } catch (e) {
    if (e instanceof IssuesError)
      throw new IssuesError(
        e.kind,
        e.issues.map((i) => (i.path && REQUEST_FIELD[i.path] ? { ...i, path: REQUEST_FIELD[i.path] } : i)),
      );
    throw e;
  }
}

/** Compute a request's runs (with the Monte Carlo's draws when already made): its meta is the one run's, or each kind's under its name beside the stored id. */
export async function computeRun(p: RunParams, sources: Sources, drawn?: number[][] | string[][]): Promise<Computed> {
  const { id, parts } = await planRun(p, sources);
  const runs: KindRun[] = [];
  // the Monte Carlo's draws, when its chunks were computed by other jobs (api/jobs/)
  for (const part of parts) runs.push(await computeKindRun(part, part.kind === 'uncertainty' && drawn ? { draws: drawn } : undefined));
  const meta = runs.length === 1 ? runs[0]!.result.meta : { id, ...Object.fromEntries(runs.map((r) => [r.kind, r.result.meta])) };
  // a carbon run also traces carbon years outside the GEP years; a trace already kept is not kept twice
  const seen = new Set<string>();
  const traces = runs
    .flatMap((r) => tracesOf(r))
    .filter((t) => {
      const k = `${t.region}\0${t.year}\0${t.indicator}`;
      return !seen.has(k) && !!seen.add(k);
    });
  return { id, runs, meta, rows: runs.flatMap((r) => rowsOf(r)), traces };
}

/** The rows and traces to store. */
export const runOutput = (c: Computed): RunOutput => ({ meta: c.meta, rows: c.rows, traces: c.traces });
