import { z } from 'zod';
import type { Scenario } from '../../../engine/scenario/schema.ts';
import { type CompareLine, compareCells, compareLines, deltaRows } from '../../../lib/compare.ts';
import { dualIndicatorRows, loadDualSpec, runDual } from '../../../lib/dual.ts';
import { contentHash } from '../../../models/versioned.ts';
import { resultRows } from '../../../lib/gep-rows.ts';
import { compareIdentity, runId } from '../../../lib/run-id.ts';
import type { ResultRow } from '../../../lib/rows.ts';
import type { AccountRun, RunMeta } from '../../../lib/run.ts';
import { comparisonSection, comparisonSheet } from '../../../reports/compare-section.ts';
import { compareSummaryMarkdown } from '../../../reports/compare-summary.ts';
import { comparisonCsv } from '../../../reports/compare-csv.ts';
import type { ReportPart } from '../../../reports/render.ts';
import { rowsCsv } from '../../../reports/results-csv.ts';
import { type AccountInputs, AccountOptions, account, accountIdentity, loadCheckedAccount, Year } from '../../account-inputs.ts';
import { defineKind, jsonFile } from '../../kind.ts';

const CompareOptions = z
  .object({
    /** Scenario files (CLI) or stored ids, each compared with the reference. */
    scenarios: z.array(z.string().min(1)).min(1),
    /** A scenario to compare against instead of the baseline of the first scenario's base. */
    reference: z.string().min(1).optional(),
    baseYear: Year.optional(),
    method: AccountOptions.shape.method,
    covers: AccountOptions.shape.covers,
  })
  .strict();

export interface CompareRun {
  meta: { id: string; kind: 'compare'; reference: RunMeta; scenarios: RunMeta[] };
  reference: AccountRun;
  runs: AccountRun[];
  /** Every indicator of each run beside the reference's: reference, scenario, Δ and Δ % (lib/compare.ts). */
  lines: CompareLine[];
  /** The long rows: the reference's and each scenario's own rows, then the Δ rows. */
  rows: ResultRow[];
}

/** The rows a run is compared by: its GEP rows, and its dual indicators when the dataset has an economy. */
const comparedRows = (r: AccountRun): ResultRow[] => [
  ...resultRows(r),
  ...(r.dataset.economy ? dualIndicatorRows(runDual({ gep: r }).dual, r.meta.scenario, r.meta.model) : []),
];

/** compare: Δ of every indicator (physical and money) of each scenario against the baseline or a reference scenario. */
export const compareKind = defineKind({
  kind: 'compare',
  options: CompareOptions,
  async load(o, sources) {
    const at = {
      ...(o.baseYear !== undefined ? { baseYear: o.baseYear } : {}),
      ...(o.method ? { method: o.method } : {}),
      ...(o.covers ? { covers: o.covers } : {}),
    };
    const scenarios = await Promise.all(o.scenarios.map((scenario) => loadCheckedAccount({ ...at, scenario }, sources)));
    const base = scenarios[0]!.scenario!.base;
    const reference = await loadCheckedAccount(
      o.reference ? { ...at, scenario: o.reference } : { ...at, model: base.model, dataset: base.dataset },
      sources,
    );
    // the dual indicators are compared with the default spec when there is an economy to read
    const dual = [reference, ...scenarios].some((x) => x.dataset.economy) ? loadDualSpec() : undefined;
    return { reference, scenarios, dual };
  },
  identity: (o, x) =>
    compareIdentity({
      reference: accountIdentity(o, x.reference, false),
      scenarios: x.scenarios.map((s: AccountInputs) => accountIdentity(o, s, false)),
      dual_spec: x.dual ? { ref: `${x.dual.id}@${x.dual.version}`, hash: contentHash(x.dual) } : null,
    }),
  async compute(o, x): Promise<CompareRun> {
    const reference = account(o, x.reference, false);
    const runs = x.scenarios.map((s) => account(o, s, false));
    const sets = [reference, ...runs].map((r) => ({ scenario: r.meta.scenario, rows: comparedRows(r) }));
    const lines = compareLines(sets);
    const rows = [...sets.flatMap((s) => s.rows), ...deltaRows(lines)];
    const id = runId(compareKind.identity(o, x));
    return { meta: { id, kind: 'compare', reference: reference.meta, scenarios: runs.map((r) => r.meta) }, reference, runs, lines, rows };
  },
  rows: (c) => c.rows,
  traces: () => [],
  files: (c) => ({
    'result.json': jsonFile({ run: c.meta, comparison: c.lines.map(compareCells) }),
    'results.csv': rowsCsv(c.rows),
    'comparison.csv': comparisonCsv(c.lines),
    'summary.md': compareSummaryMarkdown(
      c.lines,
      c.runs.map((r) => r.meta.scenario),
      c.reference.meta.scenario,
    ),
  }),
});

/** A comparison as a report part (the API compares a scenario run with its baseline in the run's report). */
export function comparisonPart(lines: CompareLine[], scenario?: Scenario): ReportPart {
  return {
    key: 'comparison',
    rows: deltaRows(lines),
    json: lines.map(compareCells),
    section: (acc, l) => comparisonSection(acc.model, lines, l, scenario, acc.dataset.manifest.regions),
    sheet: (l) => comparisonSheet(lines, l),
  };
}
