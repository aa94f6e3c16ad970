import type { Scenario } from '../engine/scenario/schema.ts';
import type { CompareLine } from '../lib/compare.ts';
import { type ReportDoc, reportDoc } from '../reports/render.ts';
import { comparisonPart } from './kinds/compare/index.ts';
import { type KindRun, reportOf } from './registry.ts';

/**
 * A report of runs: each kind says what it adds (the GEP account it carries, its part, what the finance sheet
 * reads); a scenario run may add its comparison with the baseline and the scenario's overrides.
 */
export function runsReport(runs: KindRun[], extra: { comparison?: CompareLine[]; scenario?: Scenario } = {}): ReportDoc {
  const comparison = extra.comparison ? [{ part: comparisonPart(extra.comparison, extra.scenario) }] : [];
  return reportDoc([...runs.map((r) => reportOf(r)), ...comparison], extra.scenario);
}
