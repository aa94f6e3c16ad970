import type { createRun } from '../../api/store/runs.ts';

/** A run row for store tests: a gep run of model x@1 on dataset d, with `over` laid over it. */
export const runFixture = (id: string, over: Partial<Parameters<typeof createRun>[1]> = {}): Parameters<typeof createRun>[1] => ({
  id,
  kind: 'gep',
  engine_version: 't',
  model: 'x@1',
  model_hash: 'h',
  dataset_id: 'd',
  dataset_hash: 'dh',
  scenario: 'baseline',
  scenario_hash: null,
  base_year: 2020,
  params: {},
  ...over,
});

/** The creation time store tests give their runs. */
export const FIXTURE_TIME = '2026-12-01T00:00:00.000Z';
