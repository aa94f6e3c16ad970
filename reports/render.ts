import type { Scenario } from '../engine/scenario/schema.ts';
import type { CarbonRun } from '../lib/carbon-run.ts';
import type { DualRun } from '../lib/dual.ts';
import type { FinanceRun } from '../lib/finance.ts';
import type { ResultRow } from '../lib/rows.ts';
import type { AccountRun } from '../lib/run.ts';
import type { UncertaintyRun } from '../lib/uncertainty.ts';
import { htmlReport } from './html.ts';
import type { Lang } from './labels.ts';
import { resultJson } from './result-json.ts';
import { resultRows, rowsCsv } from './results-csv.ts';
import type { ExtraSheet } from './xlsx.ts';

/** A block a run adds to a report: its long rows, its key in report.json, an HTML section, a workbook sheet. */
export interface ReportPart {
  key: string;
  rows: ResultRow[];
  json: unknown;
  section?: (account: AccountRun, lang: Lang) => string;
  sheet?: (lang: Lang) => ExtraSheet;
}
/** What the finance sheet reads besides the GEP account. */
export interface FinanceInputs {
  dual?: DualRun;
  carbon?: CarbonRun;
  uncertainty?: UncertaintyRun;
  /** Rights, credit band, financed emissions and extent change (runs/kinds/finance). */
  rights?: FinanceRun;
}
/** What one run gives a report (each run kind says, runs/kinds/*): the GEP account it carries, a part, finance inputs. */
export interface ReportContribution {
  account?: AccountRun;
  part?: ReportPart;
  finance?: FinanceInputs;
}
/** A report: the GEP account it is built on and the parts laid after it, in order. */
export interface ReportDoc {
  account: AccountRun;
  parts: ReportPart[];
  finance: FinanceInputs;
  scenario?: Scenario;
}
export type ReportFormat = 'html' | 'xlsx' | 'csv' | 'json';

/** One report of several runs' contributions: the first GEP account they carry, every part in the order given. */
export function reportDoc(contributions: ReportContribution[], scenario?: Scenario): ReportDoc {
  const account = contributions.find((c) => c.account)?.account;
  if (!account) throw new Error('a report needs a GEP account: none of its runs carries one');
  return {
    account,
    parts: contributions.flatMap((c) => (c.part ? [c.part] : [])),
    finance: Object.assign({}, ...contributions.map((c) => c.finance)) as FinanceInputs,
    ...(scenario ? { scenario } : {}),
  };
}

/** Render a report in one format and language: the GEP account, then each part (dual, carbon, comparison …). */
export async function renderReport(format: ReportFormat, doc: ReportDoc, lang: Lang): Promise<string | Buffer> {
  const { account, parts, finance } = doc;
  if (format === 'csv') return rowsCsv([...resultRows(account), ...parts.flatMap((p) => p.rows)]);
  if (format === 'json') {
    const json = JSON.parse(resultJson(account)) as Record<string, unknown>;
    for (const p of parts) json[p.key] = p.json;
    return `${JSON.stringify(json, null, 2)}\n`;
  }
  if (format === 'html') {
    const sections = parts.flatMap((p) => (p.section ? [(l: Lang) => p.section!(account, l)] : []));
    return htmlReport(account, lang, sections, finance.dual, finance.carbon, finance.uncertainty, finance.rights);
  }
  const sheets = parts.flatMap((p) => (p.sheet ? [p.sheet(lang)] : []));
  const { xlsxReport } = await import('./xlsx.ts'); // exceljs loaded only for a workbook (0.4 s off every CLI command)
  return xlsxReport(account, lang, sheets, finance.dual, finance.carbon, finance.uncertainty, doc.scenario, finance.rights);
}
