import { resolve } from 'node:path';
import { IssuesError } from '../engine/core/errors.ts';
import type { Exposure } from '../engine/finance/pcaf.ts';
import type { RightRow, RightType } from '../engine/finance/rights.ts';
import { LoadNotes } from './load-notes.ts';
import { readLoans } from './loans.ts';
import { readManifest } from './read-manifest.ts';
import { readRights } from './rights.ts';
import type { LoadContext } from './row-checks.ts';

/** The green-finance tables of a dataset: the rights ledger and the lending book, each when the manifest lists it. */
export interface FinanceData {
  rights: RightRow[];
  loans: Exposure[];
  /** The tables as runs name them: their names in the manifest (absent when not listed). */
  files: { rights?: string; loans?: string };
  /** What was converted on the way in (万tCO2e → tCO2e, mu → ha, 亿元 → CNY). */
  notes: string[];
}

/**
 * Load rights.csv and loans.csv of a dataset (a folder or workbook) and check every row: all problems of both
 * tables at once (file or sheet, line, column), nothing returned unless all is good. A table the manifest does
 * not list is empty (a finance run then shows the credit band and the extent change only).
 */
export function loadFinanceData(
  dirIn: string,
  unitOf: (type: RightType) => string | undefined,
  services: ReadonlySet<string>,
): FinanceData {
  const { manifest, source } = readManifest(resolve(dirIn));
  const ctx: LoadContext = {
    regions: new Set(manifest.regions.map((r) => r.id)),
    years: new Set(manifest.years),
    issues: [],
    warnings: [],
    notes: new LoadNotes(),
  };
  const { rights: rightsFile, loans: loansFile } = manifest.files;
  const rt = rightsFile ? source.table('rights', rightsFile, ctx.issues) : undefined;
  const lt = loansFile ? source.table('loans', loansFile, ctx.issues) : undefined;
  const rights = rt ? readRights(ctx, rt.file, rt.rows, unitOf, services) : [];
  const loans = lt ? readLoans(ctx, lt.file, lt.rows) : [];
  if (ctx.issues.length) throw new IssuesError('dataset', source.locate(ctx.issues));
  return {
    rights,
    loans,
    files: { ...(rightsFile ? { rights: rightsFile } : {}), ...(loansFile ? { loans: loansFile } : {}) },
    notes: ctx.notes.list(),
  };
}
