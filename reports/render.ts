import type { CarbonRun } from '../lib/carbon-run.ts';
import { carbonRows } from '../lib/carbon-rows.ts';
import { carbonSection, carbonSheet } from './carbon-section.ts';
import type { DualRun } from '../lib/dual.ts';
import { uncertaintyRows, type UncertaintyRun } from '../lib/uncertainty.ts';
import { t } from './labels.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import { dualRows } from '../lib/dual.ts';
import type { AccountRun } from '../lib/run.ts';
import { comparisonSection, comparisonSheet } from './compare-section.ts';
import { dualSection, dualSheet } from './dual-section.ts';
import { htmlReport } from './html.ts';
import type { Lang } from './labels.ts';
import { resultJson } from './result-json.ts';
import { RESULT_COLUMNS, resultRows, rowsCsv, type ResultRow } from './results-csv.ts';
import { xlsxReport } from './xlsx.ts';

/** What a report can show: the GEP account, and when they exist the dual account and a scenario comparison. */
export interface ReportParts {
  gep: AccountRun;
  dual?: DualRun;
  carbon?: CarbonRun;
  uncertainty?: UncertaintyRun;
  comparison?: ResultRow[];
  scenario?: Scenario;
}
export type ReportFormat = 'html' | 'xlsx' | 'csv' | 'json';

/** Render a report in one format and language; the sections for dual accounting and comparison appear when present. */
export async function renderReport(format: ReportFormat, p: ReportParts, lang: Lang): Promise<string | Buffer> {
  if (format === 'csv')
    return rowsCsv([
      ...resultRows(p.gep),
      ...(p.dual ? dualRows(p.dual) : []),
      ...(p.carbon ? carbonRows(p.carbon) : []),
      ...(p.uncertainty ? uncertaintyRows(p.uncertainty) : []),
      ...(p.comparison ?? []),
    ]);
  if (format === 'json') {
    const doc = JSON.parse(resultJson(p.gep)) as Record<string, unknown>;
    if (p.dual) doc.dual = { run: p.dual.meta, rows: dualRows(p.dual) };
    if (p.carbon) doc.carbon = { run: p.carbon.meta, rows: carbonRows(p.carbon) };
    if (p.uncertainty) doc.uncertainty = { run: p.uncertainty.meta, rows: uncertaintyRows(p.uncertainty) };
    if (p.comparison) doc.comparison = p.comparison;
    return JSON.stringify(doc, null, 2) + '\n';
  }
  if (format === 'html') {
    return htmlReport(
      p.gep,
      lang,
      [
        ...(p.dual ? [(l: Lang) => dualSection(p.dual!, l)] : []),
        ...(p.carbon ? [(l: Lang) => carbonSection(p.gep.model, p.carbon!, l)] : []),
        ...(p.comparison ? [(l: Lang) => comparisonSection(p.gep.model, p.comparison!, l, p.scenario)] : []),
      ],
      p.dual,
      p.carbon,
      p.uncertainty,
    );
  }
  return xlsxReport(
    p.gep,
    lang,
    [
      ...(p.dual ? [dualSheet(p.dual, lang)] : []),
      ...(p.carbon ? [carbonSheet(p.carbon, lang)] : []),
      ...(p.uncertainty
        ? [
            {
              name: t('sheet_uncertainty', lang),
              head: [...RESULT_COLUMNS],
              rows: uncertaintyRows(p.uncertainty).map((r) => RESULT_COLUMNS.map((c) => r[c])),
            },
          ]
        : []),
      ...(p.comparison ? [comparisonSheet(p.comparison, lang)] : []),
    ],
    p.dual,
    p.carbon,
    p.uncertainty,
    p.scenario,
  );
}
