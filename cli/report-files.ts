import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CarbonRun } from '../lib/carbon-run.ts';
import type { Lang } from '../reports/labels.ts';
import { renderReport } from '../reports/render.ts';
import { run as runKind } from '../runs/registry.ts';
import { runsReport } from '../runs/report.ts';
import { fileSources } from '../runs/sources.ts';
import { refuse } from './common.ts';

/** The report languages `--report` takes. */
export function reportLang(v: unknown): Lang | undefined {
  if (v === undefined) return undefined;
  if (v === 'zh' || v === 'en') return v;
  return refuse(`--report must be zh or en, not "${String(v)}"`);
}

/**
 * The reports a person opens after `npm start` (issue 14 item 4): the GEP account, the GEP–GDP dual account (which
 * holds it) and the carbon run, as one HTML and one XLSX report in a language — the API's kind "dual" and "carbon"
 * together. The dual account is computed with the dataset's defaults (its regions and years, the model's defaults).
 */
export async function reportFiles(
  carbon: CarbonRun,
  o: { dataset?: string; regions?: string[] },
  lang: Lang,
): Promise<Record<string, string | Buffer>> {
  const dual = await runKind(
    'dual',
    { ...(o.dataset ? { dataset: o.dataset } : {}), ...(o.regions ? { regions: o.regions } : {}) },
    fileSources(),
  );
  const doc = runsReport([
    { kind: 'dual', result: dual },
    { kind: 'carbon', result: carbon },
  ]);
  return {
    [`report-${lang}.html`]: await renderReport('html', doc, lang),
    [`report-${lang}.xlsx`]: await renderReport('xlsx', doc, lang),
  };
}

/**
 * The reports already in a run folder (report-zh.html, report-en.xlsx …), to be written back with it: the folder is
 * written whole (writeRunFolder replaces it), so `--report en` after `--report zh` would otherwise remove the zh pair.
 * They are of the same run (the folder is named by the run's id), so they are still its reports.
 */
export function keptReports(dir: string): Record<string, Buffer> {
  if (!existsSync(dir)) return {};
  const kept: Record<string, Buffer> = {};
  for (const name of readdirSync(dir)) if (/^report-(zh|en)\.(html|xlsx)$/.test(name)) kept[name] = readFileSync(join(dir, name));
  return kept;
}
