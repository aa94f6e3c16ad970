import { IssuesError } from '../engine/core/errors.ts';
import { evaluateIndex, type IndexResult, type RegionYear } from '../engine/index/evaluate.ts';
import type { IndicatorSystem } from '../engine/index/schema.ts';
import type { IndicatorTable } from '../datasets/indicators.ts';
import { type IndexRunRows, indexValues } from './index-values.ts';
import type { AccountRun } from './run.ts';

/** What an index run records of itself (result.json's `run`, the run block). */
export interface IndexMeta {
  id: string;
  kind: 'index';
  system: string;
  system_hash: string;
  dataset: { id: string; hash: string; illustrative: boolean };
  regions: string[];
  years: number[];
  weighting: IndicatorSystem['weighting']['method'];
  normalisation: IndicatorSystem['normalisation'];
  aggregation: IndicatorSystem['aggregation'];
  /** The runs the values were read from (kind and id). */
  parts: { kind: string; id: string }[];
}

export interface IndexRun {
  meta: IndexMeta;
  system: IndicatorSystem;
  index: IndexResult;
  /** The GEP account the values were read from (the report is built on it), when the system reads one. */
  gep?: AccountRun;
}

/** Read every raw value (all problems at once), then score: the index of the region-years over the system. */
export function computeIndex(
  system: IndicatorSystem,
  objects: RegionYear[],
  runs: IndexRunRows,
  table: IndicatorTable | undefined,
): IndexResult {
  const { values, issues } = indexValues(system, objects, runs, table);
  if (issues.length) throw new IssuesError('run', issues);
  return evaluateIndex(system, objects, (o, i) => values.get(`${o.region}\0${o.year}\0${i}`));
}
