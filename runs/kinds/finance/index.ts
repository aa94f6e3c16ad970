import { z } from 'zod';
import { decimalText } from '../../../engine/model/schema.ts';
import { computeFinance, creditIdentity, type FinanceRun, loadFinanceInputs } from '../../../lib/finance.ts';
import { financeResultRows } from '../../../lib/finance-rows.ts';
import { resultRows } from '../../../lib/gep-rows.ts';
import { financeIdentity, runId } from '../../../lib/run-id.ts';
import { financeSection, financeSheet, financeSummaryMarkdown } from '../../../reports/finance-section.ts';
import { rowsCsv } from '../../../reports/results-csv.ts';
import { RUN_LIMITS } from '../../limits.ts';
import { AccountOptions, account, accountIdentity, loadCheckedAccount } from '../../account-inputs.ts';
import { defineKind, jsonFile } from '../../kind.ts';

const FinanceOptions = AccountOptions.extend({
  /** A rights price set (models/finance/rights-prices/<id>.yaml) or path; default models/defaults.yaml finance.rights_prices. */
  prices: z.string().min(1).optional(),
  /**
   * GEP-linked credit: the lender's loan-to-GEP ratio (never built in) applied to GEP and to its marketable part;
   * with draws > 0 the band is the Monte Carlo's P5 / P50 / P95 of the last year, else the point value.
   */
  credit: z
    .object({
      ratio: decimalText({ fractions: false, positive: true }),
      draws: z.number().int().min(0).max(RUN_LIMITS.draws).default(0),
      seed: z.number().int().min(0).max(RUN_LIMITS.seed).default(1),
    })
    .strict()
    .optional(),
}).strict();
type FinanceOptions = z.infer<typeof FinanceOptions>;

const identityOf = (o: FinanceOptions, x: Awaited<ReturnType<typeof load>>) =>
  financeIdentity(
    accountIdentity(o, x, false),
    { ref: `${x.finance.prices.id}@${x.finance.prices.version}`, hash: x.finance.pricesHash },
    creditIdentity(o.credit),
  );

async function load(o: FinanceOptions, sources: Parameters<typeof loadCheckedAccount>[1]) {
  const inputs = await loadCheckedAccount(o, sources);
  return { ...inputs, finance: loadFinanceInputs(inputs.dir, inputs.model, o.prices) };
}

/**
 * finance: what a bank's green-finance desk and a district's finance bureau read beside the GEP account: the
 * rights ledger valued at a dated, sourced price set (forest rights by the income approach), each right beside
 * the GEP service of the same flow (never summed), GEP-linked credit at the lender's ratio, financed emissions
 * of a lending book (PCAF), projects' ΔtCO2e, and the TNFD-style extent-and-change table.
 */
export const financeKind = defineKind({
  kind: 'finance',
  options: FinanceOptions,
  load,
  identity: identityOf,
  compute: async (o, x, hooks): Promise<FinanceRun> => {
    const identity = identityOf(o, x);
    const gep = account(o, x, false, hooks);
    return computeFinance(gep, x.finance, identity, runId(identity), { dir: x.dir, ...(o.credit ? { credit: o.credit } : {}) });
  },
  rows: (run) => [...resultRows(run.gep), ...financeResultRows(run)],
  traces: () => [],
  files: (run) => ({
    'result.json': jsonFile({ run: run.meta, rows: financeResultRows(run) }),
    'results.csv': rowsCsv([...resultRows(run.gep), ...financeResultRows(run)]),
    'summary.md': financeSummaryMarkdown(run),
  }),
  report: (run) => ({
    account: run.gep,
    part: {
      key: 'finance',
      rows: financeResultRows(run),
      json: { run: run.meta, rows: financeResultRows(run) },
      section: (_, l) => financeSection(run, l),
      sheet: (l) => financeSheet(run, l),
    },
    finance: { rights: run },
  }),
});
