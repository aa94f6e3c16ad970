import { z } from 'zod';
import { loadIndicators } from '../../../datasets/indicators.ts';
import { readManifest } from '../../../datasets/read-manifest.ts';
import { IssuesError } from '../../../engine/core/errors.ts';
import { type IndexRun, computeIndex } from '../../../lib/index-run.ts';
import { systemNeeds } from '../../../lib/index-values.ts';
import { indexRows, indexTraces } from '../../../lib/index-rows.ts';
import type { RunIdentity } from '../../../lib/run-id.ts';
import { indexIdentity, inDatasetOrder, runId, sortedYears } from '../../../lib/run-id.ts';
import { loadIndicatorSystem } from '../../../models/indicator-systems.ts';
import { indexSection, indexSheet } from '../../../reports/index-section.ts';
import { indexSummaryMarkdown } from '../../../reports/index-summary.ts';
import { rowsCsv } from '../../../reports/results-csv.ts';
import { AccountOptions } from '../../account-inputs.ts';
import { defineKind, jsonFile } from '../../kind.ts';
import { carbonKind } from '../carbon/index.ts';
import { dualKind } from '../dual/index.ts';
import { gepKind } from '../gep/index.ts';

const IndexOptions = AccountOptions.omit({ scenario: true })
  .extend({
    /** An indicator system (models/indicator-systems/<id>.yaml) or path; default park-city-efficiency. */
    system: z.string().min(1).optional(),
  })
  .strict();
type IndexOptions = z.infer<typeof IndexOptions>;

/** The part of the options the GEP or dual account takes (no traces: the index explains its own values). */
const accountPart = (o: IndexOptions) => {
  const { system: _s, ...rest } = o;
  return { ...rest, trace: false };
};

/**
 * index: an indicator system (生态效能 index and the like) scored on a dataset's region-years — raw values from
 * indicators.csv and from the GEP, dual and carbon runs the system names, normalised, weighted (given, entropy, AHP)
 * and aggregated (weighted sum or TOPSIS, optionally coupling coordination), with rank, change and lights.
 */
export const indexKind = defineKind({
  kind: 'index',
  options: IndexOptions,
  async load(o, sources) {
    const sys = loadIndicatorSystem(o.system);
    const needs = systemNeeds(sys.system);
    const dir = await sources.datasetDir(o.dataset);
    const { manifest, source } = readManifest(dir);
    const table = loadIndicators(dir);
    if (needs.table && !table)
      throw new IssuesError('run', [
        {
          code: 'file_missing',
          path: 'dataset',
          message: `indicator system ${sys.ref} reads indicators.csv, but dataset ${manifest.id} lists no indicators file (files.indicators)`,
        },
      ]);
    const regions = inDatasetOrder(
      o.regions ?? manifest.regions.map((r) => r.id),
      manifest.regions.map((r) => r.id),
    );
    const years = sortedYears(o.years ?? manifest.years);
    const unknown = [...regions.filter((r) => !manifest.regions.some((m) => m.id === r))];
    if (unknown.length)
      throw new IssuesError(
        'run',
        unknown.map((r) => ({ code: 'region_unknown', path: 'regions', message: `region "${r}" is not in the dataset ${manifest.id}` })),
      );
    let account: AccountPart | undefined;
    if (needs.runs.has('dual')) {
      const options = dualKind.options.parse(accountPart(o));
      account = { kind: 'dual', options, loaded: await dualKind.load(options, sources) };
    } else if (needs.runs.has('gep')) {
      const options = gepKind.options.parse(accountPart(o));
      account = { kind: 'gep', options, loaded: await gepKind.load(options, sources) };
    }
    let carbon: CarbonPart | undefined;
    if (needs.runs.has('carbon')) {
      const options = carbonKind.options.parse({
        ...(o.dataset ? { dataset: o.dataset } : {}),
        regions,
        years,
        parts: ['inventory'],
        trace: false,
      });
      carbon = { options, loaded: await carbonKind.load(options, sources) };
    }
    return {
      ...sys,
      table,
      dataset: { id: manifest.id, hash: source.hash(manifest).hash, illustrative: manifest.illustrative },
      regions,
      years,
      ...(account ? { account } : {}),
      ...(carbon ? { carbon } : {}),
    };
  },
  identity: (_o, x) =>
    indexIdentity({
      system: x.ref,
      system_hash: x.hash,
      dataset_hash: x.dataset.hash,
      regions: x.regions,
      years: x.years,
      parts: partIdentities(x),
    }),
  async compute(_o, x): Promise<IndexRun> {
    const parts = partIdentities(x);
    const identity = indexIdentity({
      system: x.ref,
      system_hash: x.hash,
      dataset_hash: x.dataset.hash,
      regions: x.regions,
      years: x.years,
      parts,
    });
    const runs: Parameters<typeof computeIndex>[2] = {};
    let gep: IndexRun['gep'];
    if (x.account?.kind === 'dual') {
      const run = await dualKind.compute(x.account.options, x.account.loaded);
      runs.dual = dualKind.rows(run);
      runs.gep = runs.dual;
      gep = run.gep;
    } else if (x.account?.kind === 'gep') {
      const run = await gepKind.compute(x.account.options, x.account.loaded);
      runs.gep = gepKind.rows(run);
      gep = run;
    }
    if (x.carbon) runs.carbon = carbonKind.rows(await carbonKind.compute(x.carbon.options, x.carbon.loaded));
    const objects = x.regions.flatMap((region) => x.years.map((year) => ({ region, year })));
    const index = computeIndex(x.system, objects, runs, x.table);
    return {
      meta: {
        id: runId(identity),
        kind: 'index',
        system: x.ref,
        system_hash: x.hash,
        dataset: x.dataset,
        regions: x.regions,
        years: x.years,
        weighting: x.system.weighting.method,
        normalisation: x.system.normalisation,
        aggregation: x.system.aggregation,
        parts: parts.map((p) => ({ kind: p.kind, id: runId(p) })),
      },
      system: x.system,
      index,
      ...(gep ? { gep } : {}),
    };
  },
  rows: indexRows,
  traces: indexTraces,
  files: (run) => ({
    'result.json': jsonFile({ run: run.meta, weights: run.index.weights, scores: run.index.scores }),
    'results.csv': rowsCsv(indexRows(run)),
    'summary.md': indexSummaryMarkdown(run),
  }),
  report: (run) => ({
    ...(run.gep ? { account: run.gep } : {}),
    part: {
      key: 'index',
      rows: indexRows(run),
      json: { run: run.meta, rows: indexRows(run) },
      section: (account, l) => indexSection(run, l, account.dataset.manifest.regions),
      sheet: (l) => indexSheet(run, l),
    },
  }),
});

type DualOptions = z.infer<typeof dualKind.options>;
type GepOptions = z.infer<typeof gepKind.options>;
type CarbonOptions = z.infer<typeof carbonKind.options>;
type AccountPart =
  | { kind: 'dual'; options: DualOptions; loaded: Awaited<ReturnType<typeof dualKind.load>> }
  | { kind: 'gep'; options: GepOptions; loaded: Awaited<ReturnType<typeof gepKind.load>> };
type CarbonPart = { options: CarbonOptions; loaded: Awaited<ReturnType<typeof carbonKind.load>> };

/** The identities of the runs the values come from: the GEP or dual account, the carbon run. */
function partIdentities(x: { account?: AccountPart; carbon?: CarbonPart }): RunIdentity[] {
  const out: RunIdentity[] = [];
  if (x.account?.kind === 'dual') out.push(dualKind.identity(x.account.options, x.account.loaded));
  if (x.account?.kind === 'gep') out.push(gepKind.identity(x.account.options, x.account.loaded));
  if (x.carbon) out.push(carbonKind.identity(x.carbon.options, x.carbon.loaded));
  return out;
}
