import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { RUN_LIMITS } from '../../limits.ts';
import { z } from 'zod';
import { IssuesError } from '../../../engine/core/errors.ts';
import { BATCH_CHUNK, type BatchResult, batchBaseYear, runBatch } from '../../../lib/batch.ts';
import { loadDualSpec, loadScorecard } from '../../../lib/dual.ts';
import { contentHash } from '../../../models/versioned.ts';
import type { Scorecard } from '../../../engine/dual/scorecard-schema.ts';
import type { DualSpec } from '../../../engine/dual/spec.ts';
import { type BatchIdentity, batchIdentity, methodOf, runId } from '../../../lib/run-id.ts';
import type { ResultRow } from '../../../lib/rows.ts';
import { type AccountInputs, AccountOptions, loadAccount, Year } from '../../account-inputs.ts';
import { defineKind, jsonFile } from '../../kind.ts';
import { FLOAT_DIGITS, FLOAT_RELATIVE, floatText, TRUSTED_DIGITS } from '../../../lib/float-text.ts';
import { SCREENING } from '../../../lib/batch-float.ts';
import type { BatchPath } from '../../../lib/batch-context.ts';
import { batchSummaryMarkdown } from './summary.ts';

const FLOAT_PRECISION = {
  float64: true,
  digits: FLOAT_DIGITS,
  trusted_digits: TRUSTED_DIGITS,
  relative_to_exact: FLOAT_RELATIVE,
  screening: `${SCREENING}: not an official account (the official batch is --path exact)`,
} as const;

const BatchOptions = AccountOptions.pick({ model: true, dataset: true, baseYear: true, method: true, covers: true })
  .extend({
    /** Generate this many regions × years from the dataset's first region-year (datasets/generate.ts). */
    synthetic: z
      .object({
        regions: z.number().int().min(1).max(RUN_LIMITS.regions),
        years: z.array(Year).min(1),
        seed: z.number().int().min(0).max(RUN_LIMITS.seed).optional(),
      })
      .strict()
      .optional(),
    dualSpec: z.string().min(1).optional(),
    scorecard: z.string().min(1).optional(),
    /** exact: the official batch (decimals); float: a screening batch on the float64 path (lib/batch-float.ts). */
    path: z.enum(['exact', 'float']).default('exact'),
    /** Worker threads and regions per task: how, not what, so not in the identity. */
    workers: z.number().int().min(0).max(RUN_LIMITS.workers).default(0),
    chunk: z.number().int().min(1).max(RUN_LIMITS.chunk).default(BATCH_CHUNK),
  })
  .strict();
type BatchOptions = z.infer<typeof BatchOptions>;

export interface BatchMeta {
  id: string;
  kind: 'batch';
  engine_version: string;
  model: string;
  model_hash: string;
  dataset: { id: string; hash: string };
  base_year: number;
  regions: number;
  years: number[];
  region_years: number;
  generated: boolean;
  /** exact, or float: screening figures in float64, printed to `precision.digits` significant digits. */
  path: BatchPath;
  /** A float batch's numbers: how they are printed and how far they are held to the exact path. */
  precision?: { float64: true; digits: number; trusted_digits: number; relative_to_exact: number; screening: string };
}
export type BatchRun = BatchResult & { meta: BatchMeta };

const versioned = (x: { id: string; version: string }) => ({ ref: `${x.id}@${x.version}`, hash: contentHash(x) });
const spec = (o: BatchOptions, dir: string) => ({
  ...(o.model ? { model: o.model } : {}),
  ...(o.method ? { method: o.method } : {}),
  ...(o.covers ? { covers: o.covers } : {}),
  dataset: dir,
  ...(o.synthetic ? { synthetic: o.synthetic } : {}),
  ...(o.baseYear !== undefined ? { baseYear: o.baseYear } : {}),
  ...(o.dualSpec ? { dualSpec: o.dualSpec } : {}),
  ...(o.scorecard ? { scorecard: o.scorecard } : {}),
  ...(o.path === 'float' ? { path: 'float' as const } : {}),
});

interface BatchInputs extends AccountInputs {
  dual: DualSpec;
  card: Scorecard;
}

function identityOf(o: BatchOptions, x: BatchInputs): BatchIdentity {
  return batchIdentity({
    model: x.model.ref,
    model_hash: x.model.hash,
    ...(x.model.namesHash ? { names_hash: x.model.namesHash } : {}),
    dataset_hash: x.dataset.hash,
    synthetic: o.synthetic ? { regions: o.synthetic.regions, years: o.synthetic.years, seed: o.synthetic.seed ?? null } : null,
    base_year: batchBaseYear(o, x.dataset),
    dual_spec: versioned(x.dual),
    scorecard: versioned(x.card),
    ...methodOf(x.model),
    ...(o.path === 'float' ? { path: 'float' as const } : {}),
  });
}

/** batch: many regions × years (a dataset, or a set generated from it) with the dual indicators, on worker threads. */
export const batchKind = defineKind({
  kind: 'batch',
  options: BatchOptions,
  async load(o, sources): Promise<BatchInputs> {
    const inputs = await loadAccount(o, sources);
    if (!o.synthetic && !inputs.dataset.economy)
      throw new IssuesError('run', [
        {
          code: 'economy_missing',
          path: 'dataset',
          message: `${inputs.dataset.manifest.id} has no economy.csv: batch dual accounting needs GDP and population`,
        },
      ]);
    return { ...inputs, dual: loadDualSpec(o.dualSpec), card: loadScorecard(o.scorecard) };
  },
  identity: identityOf,
  async compute(o, x, hooks): Promise<BatchRun> {
    const b = await runBatch({
      ...spec(o, x.dir),
      workers: o.workers,
      chunk: o.chunk,
      ...(hooks?.onProgress ? { onProgress: hooks.onProgress } : {}),
      ...(hooks?.spool ? { csvFile: join(hooks.spool, 'results.csv') } : {}),
    });
    const identity = identityOf(o, x);
    const meta: BatchMeta = {
      id: runId(identity),
      kind: 'batch',
      engine_version: identity.engine_version,
      model: b.model,
      model_hash: x.model.hash,
      dataset: { id: x.dataset.manifest.id, hash: x.dataset.hash },
      base_year: identity.base_year,
      regions: b.regions,
      years: b.years,
      region_years: b.regionYears,
      generated: !!o.synthetic,
      path: o.path,
      ...(o.path === 'float' ? { precision: FLOAT_PRECISION } : {}),
    };
    return { ...b, meta };
  },
  // a batch keeps its rows as CSV text, or streamed to a file (national scale: millions of rows); read back when asked
  rows: (b) => parse(batchCsv(b), { columns: true }) as ResultRow[],
  traces: () => [],
  files: (b) => ({ ...batchFolder(b).files, 'results.csv': batchCsv(b) }),
});

/** The rows of a batch as CSV text (read from its stream file when it was streamed). */
export function batchCsv(b: BatchRun): string {
  return b.csv ?? readFileSync(b.csvFile!, 'utf8');
}

/**
 * A batch's run folder without reading a streamed results.csv into memory: the files to write, and the files
 * already on disk to move in (name → path).
 */
export function batchFolder(b: BatchRun): { files: Record<string, string>; moved: Record<string, string> } {
  const files: Record<string, string> = {
    'result.json': jsonFile({ run: b.meta, totals: b.path === 'float' ? floatTotals(b.totals) : b.totals }),
    'summary.md': batchSummaryMarkdown(b, b.meta.generated),
  };
  if (b.csv !== undefined) return { files: { ...files, 'results.csv': b.csv }, moved: {} };
  return { files, moved: { 'results.csv': b.csvFile! } };
}

/** A float batch's Σ by year (exact sums of its float figures) printed like its figures, to their precision. */
function floatTotals(t: BatchResult['totals']): Record<string, { gep: string; gdp: string }> {
  return Object.fromEntries(Object.entries(t).map(([y, v]) => [y, { gep: floatText(v.gep.toNumber()), gdp: floatText(v.gdp.toNumber()) }]));
}
