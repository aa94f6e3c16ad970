import { batchRankingTable, batchTable } from '../../../reports/dual-summary.ts';
import { markdown } from '../../../reports/summary.ts';
import type { BatchResult } from '../../../lib/batch.ts';

/** summary.md of a batch: Σ GEP and Σ GDP by year, and the best and worst regions on the scorecard. */
export function batchSummaryMarkdown(b: BatchResult, generated: boolean): string {
  const t = batchTable(b);
  return [
    `# Batch — ${b.regions} regions × ${b.years.length} years`,
    '',
    ...(generated ? ['> Generated (synthetic) regions: for benchmarks and tests only.', ''] : []),
    markdown(t),
    '',
    `## Scorecard ${b.scorecard.id}, ${b.years.at(-1)}: best and worst regions`,
    '',
    markdown(batchRankingTable(b)),
    '',
  ].join('\n');
}
