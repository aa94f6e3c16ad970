import { z } from 'zod';
import { IssuesError } from '../../../engine/core/errors.ts';
import { appraise, npvBand, npvDrawRange, npvSetup } from '../../../engine/finance/eod.ts';
import { areaConverted, type EodRun, eodJson, eodRows, projectDeltas, projectUnitFactor } from '../../../lib/eod.ts';
import { parseProject, projectHash } from '../../../lib/eod-project.ts';
import { type CompareIdentity, eodIdentity, runId } from '../../../lib/run-id.ts';
import { eodSection, eodSheet } from '../../../reports/eod-section.ts';
import { eodSummaryMarkdown } from '../../../reports/eod-summary.ts';
import { rowsCsv } from '../../../reports/results-csv.ts';
import { defineKind, jsonFile } from '../../kind.ts';
import { RUN_LIMITS } from '../../limits.ts';
import { financeData } from '../../sources.ts';
import { compareKind } from '../compare/index.ts';

/** The engine's problems with a project (a year outside the horizon, a service with no ΔGEP) name its file. */
function withFile<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof IssuesError)
      throw new IssuesError(
        e.kind,
        e.issues.map((i) => ({ file, ...i })),
      );
    throw e;
  }
}

const EodOptions = z
  .object({
    /** A project file (datasets/projects/<id>.yaml by id, or a path: the CLI), or the project inline as data (any caller). */
    project: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
    /** Monte Carlo draws of the NPV band (0: none). */
    draws: z.number().int().min(0).max(RUN_LIMITS.draws).default(1000),
    seed: z.number().int().min(0).max(RUN_LIMITS.seed).default(1),
  })
  .strict();

/**
 * eod: an EOD project appraisal. The project's ΔGEP is the scenario comparison's (the compare kind, project
 * scenario against its baseline, at the project's constant prices); the cash flows, NPV, IRR, payback,
 * self-balance ratio, five links and NPV band are engine/finance/eod.ts.
 */
export const eodKind = defineKind({
  kind: 'eod',
  options: EodOptions,
  async load(o, sources) {
    const lp = parseProject(financeData(o.project, sources, 'project'));
    const { project: p } = lp;
    const co = compareKind.options.parse({
      scenarios: [lp.scenarioRef],
      ...(lp.baselineRef ? { reference: lp.baselineRef } : {}),
      baseYear: p.price_year,
    });
    const compare = await compareKind.load(co, sources);
    const dataset = compare.scenarios[0]!.dataset;
    if (!dataset.regions.includes(p.region))
      throw new IssuesError('run', [
        {
          code: 'region_unknown',
          file: lp.file,
          path: 'region',
          message: `region "${p.region}" is not in the dataset ${dataset.manifest.id} (${dataset.regions.join(', ')})`,
        },
      ]);
    return { lp, co, compare, unitFactor: projectUnitFactor(p, lp.file) };
  },
  identity: (o, x) =>
    eodIdentity({
      // the compare kind's identity is a CompareIdentity (lib/run-id.ts compareIdentity); the kind type widens it
      compare: compareKind.identity(x.co, x.compare) as CompareIdentity,
      project: x.lp.project.id,
      project_hash: projectHash(x.lp.project),
      draws: o.draws,
      seed: o.seed,
    }),
  async compute(o, x): Promise<EodRun> {
    const p = x.lp.project;
    const compare = await compareKind.compute(x.co, x.compare);
    const run = compare.runs[0]!;
    const accountYears = run.account.years;
    const appraisal = withFile(x.lp.file, () =>
      appraise({
        project: p,
        unitFactor: x.unitFactor,
        deltas: projectDeltas(compare.lines, p.region),
        accountYears,
        areaConverted: areaConverted(x.compare.scenarios[0]!.scenario, accountYears.at(-1)!),
      }),
    );
    const band = o.draws > 0 ? npvBand(npvDrawRange(npvSetup(p, appraisal), o.seed, 0, o.draws), o.seed) : undefined;
    const id = runId(eodKind.identity(o, x));
    const meta = {
      id,
      kind: 'eod' as const,
      project: { id: p.id, hash: projectHash(p), illustrative: p.illustrative },
      compare: compare.meta.id,
      reference: compare.reference.meta,
      scenario: run.meta,
      draws: o.draws,
      seed: o.seed,
    };
    return {
      meta,
      project: p,
      appraisal,
      ...(band ? { band } : {}),
      account: run,
      reference: compare.reference,
      rows: eodRows(p, appraisal, band, run.meta.model),
    };
  },
  rows: (r) => r.rows,
  traces: () => [],
  files: (r) => ({
    'result.json': jsonFile({ run: r.meta, appraisal: eodJson(r.project, r.appraisal, r.band) }),
    'results.csv': rowsCsv(r.rows),
    'summary.md': eodSummaryMarkdown(r),
  }),
  report: (r) => ({
    account: r.account,
    part: {
      key: 'eod',
      rows: r.rows,
      json: { run: r.meta, appraisal: eodJson(r.project, r.appraisal, r.band) },
      section: (acc, l) => eodSection(r, acc.model, l),
      sheet: (l) => eodSheet(r, l),
    },
  }),
});
