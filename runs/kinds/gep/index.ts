import { z } from 'zod';
import { resultRows } from '../../../lib/gep-rows.ts';
import type { AccountRun } from '../../../lib/run.ts';
import { resultJson, traceJson } from '../../../reports/result-json.ts';
import { rowsCsv } from '../../../reports/results-csv.ts';
import { summaryMarkdown } from '../../../reports/summary.ts';
import { AccountOptions, account, accountIdentity, accountTraces, loadCheckedAccount } from '../../account-inputs.ts';
import { defineKind } from '../../kind.ts';

/** gep: the GEP account of a dataset (optionally under a scenario), at current and base-year prices, with ΔGEP split. */
export const gepKind = defineKind({
  kind: 'gep',
  options: AccountOptions.extend({ trace: z.boolean().default(true) }).strict(),
  load: loadCheckedAccount,
  identity: (o, x) => accountIdentity(o, x, o.trace),
  compute: async (o, x, hooks): Promise<AccountRun> => account(o, x, o.trace, hooks),
  rows: resultRows,
  traces: accountTraces,
  files: (run) => ({
    'result.json': resultJson(run),
    'results.csv': rowsCsv(resultRows(run)),
    'summary.md': summaryMarkdown(run),
    ...(run.meta.trace ? { 'trace.json': traceJson(run) } : {}),
  }),
  report: (run) => ({ account: run }),
});
