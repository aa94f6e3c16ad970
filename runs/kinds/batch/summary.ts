import { batchRankingTable, batchTable } from '../../../reports/dual-summary.ts';
import { markdown } from '../../../reports/summary.ts';
import type { BatchResult } from '../../../lib/batch.ts';
import { FLOAT_DIGITS, FLOAT_RELATIVE, TRUSTED_DIGITS } from '../../../lib/float-text.ts';

/** What a float batch says of itself, in its summary and on the terminal. */
export function screeningNote(): string {
  return (
    `Screening batch on the float64 path (--path float): not an official account. Figures are float64, printed to ` +
    `${FLOAT_DIGITS} significant digits; the first ${TRUSTED_DIGITS} are trustworthy (the float path is held to the ` +
    `exact path within ${FLOAT_RELATIVE} relative). The official batch is --path exact.`
  );
}

/** summary.md of a batch: Σ GEP and Σ GDP by year, and the best and worst regions on the scorecard. */
export function batchSummaryMarkdown(b: BatchResult, generated: boolean): string {
  const t = batchTable(b);
  return [
    `# ${b.path === 'float' ? 'Screening batch (float64)' : 'Batch'} — ${b.regions} regions × ${b.years.length} years`,
    '',
    ...(b.path === 'float' ? [`> ${screeningNote()}`, ''] : []),
    ...(generated ? ['> Generated (synthetic) regions: for benchmarks and tests only.', ''] : []),
    markdown(t),
    '',
    `## Scorecard ${b.scorecard.id}, ${b.years.at(-1)}: best and worst regions`,
    '',
    markdown(batchRankingTable(b)),
    '',
  ].join('\n');
}
