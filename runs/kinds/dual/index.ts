import { z } from 'zod';
import { IssuesError } from '../../../engine/core/errors.ts';
import { type DualRun, dualRows, loadDualSpec, loadScorecard, runDual } from '../../../lib/dual.ts';
import { contentHash } from '../../../models/versioned.ts';
import { resultRows } from '../../../lib/gep-rows.ts';
import { dualIdentity } from '../../../lib/run-id.ts';
import { dualSection, dualSheet } from '../../../reports/dual-section.ts';
import { dualSummaryMarkdown } from '../../../reports/dual-summary.ts';
import { traceJson } from '../../../reports/result-json.ts';
import { rowsCsv } from '../../../reports/results-csv.ts';
import { AccountOptions, account, accountIdentity, accountTraces, checkAccount, loadAccount } from '../../account-inputs.ts';
import { defineKind, jsonFile } from '../../kind.ts';

const versioned = (x: { id: string; version: string }) => ({ ref: `${x.id}@${x.version}`, hash: contentHash(x) });

/** dual: the GEP account beside GDP (ratios, growth, realisation rate, GEEP), the ΔGEP drivers and the scorecard. */
export const dualKind = defineKind({
  kind: 'dual',
  options: AccountOptions.extend({
    /** A dual-accounting spec (models/dual/<id>.yaml) or path; default cn-dual-2022. */
    spec: z.string().min(1).optional(),
    /** A scorecard (models/scorecards/<id>.yaml) or path; default dual-default. */
    scorecard: z.string().min(1).optional(),
    trace: z.boolean().default(false),
  }).strict(),
  async load(o, sources) {
    const inputs = await loadAccount(o, sources);
    const issues = checkAccount(o, inputs.dataset);
    if (!inputs.dataset.economy)
      issues.push({
        code: 'economy_missing',
        path: 'dataset',
        message: `dual accounting needs GDP and population: dataset ${inputs.dataset.manifest.id} lists no economy.csv (files.economy)`,
      });
    if (issues.length) throw new IssuesError('run', issues);
    return { ...inputs, spec: loadDualSpec(o.spec), scorecard: loadScorecard(o.scorecard) };
  },
  identity: (o, x) => dualIdentity(accountIdentity(o, x, o.trace), versioned(x.spec), versioned(x.scorecard)),
  compute: async (o, x, hooks): Promise<DualRun> =>
    runDual({
      gep: account(o, x, o.trace, hooks),
      ...(o.spec ? { spec: o.spec } : {}),
      ...(o.scorecard ? { scorecard: o.scorecard } : {}),
    }),
  rows: (run) => [...resultRows(run.gep), ...dualRows(run)],
  traces: (run) => accountTraces(run.gep),
  files: (run) => ({
    'result.json': jsonFile({ run: run.meta, indicators: run.dual.rows, drivers: run.drivers, scores: run.scores }),
    'results.csv': rowsCsv([...resultRows(run.gep), ...dualRows(run)]),
    'summary.md': dualSummaryMarkdown(run),
    ...(run.meta.trace ? { 'trace.json': traceJson(run.gep) } : {}),
  }),
  report: (run) => ({
    account: run.gep,
    part: {
      key: 'dual',
      rows: dualRows(run),
      json: { run: run.meta, rows: dualRows(run) },
      section: (_, l) => dualSection(run, l),
      sheet: (l) => dualSheet(run, l),
    },
    finance: { dual: run },
  }),
});
