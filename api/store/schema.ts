import type { Generated } from 'kysely';

/**
 * The store's tables. Decimals are TEXT (exact strings, never REAL/NUMERIC); JSON documents are TEXT too,
 * so that SQLite and PostgreSQL hold the same bytes. Times are ISO-8601 UTC strings.
 */
export interface ModelTable {
  ref: string; // id@version
  id: string;
  version: string;
  status: string;
  hash: string;
  title_en: string;
  title_zh: string;
  kind: string;
  loaded_at: string;
}
export interface CoefficientTable {
  model_ref: string;
  name: string;
  seq: number; // entry order (by valid-from year)
  valid_from: number;
  unit: string;
  label_en: string;
  label_zh: string;
  dims: string; // JSON array
  value: string | null; // scalar (exact text)
  value_table: string | null; // JSON of a table entry
  range: string | null; // JSON
  price_year: number | null;
  price_index: string | null;
  source: string;
}
export interface DatasetTable {
  id: string;
  name: string; // manifest id
  hash: string;
  model_ref: string; // the model it was validated against
  manifest: string; // JSON of the manifest
  illustrative: number; // 0/1 on both backends
  created_at: string;
}
export interface DatasetFileTable {
  dataset_id: string;
  name: string;
  sha256: string;
  content: string; // UTF-8 text (the loader refuses anything else)
}
export interface ScenarioTable {
  id: string;
  hash: string;
  name: string;
  body: string; // JSON: the scenario as posted (overrides included)
  created_at: string;
}
export interface RunTable {
  id: string;
  kind: string; // gep | carbon | dual
  status: string; // queued | running | done | failed | interrupted
  engine_version: string;
  model: string;
  model_hash: string;
  dataset_id: string;
  dataset_hash: string;
  scenario: string;
  scenario_hash: string | null;
  base_year: number | null;
  params: string; // JSON: what was asked (model, dataset, regions, years, base_year, trace)
  meta: string | null; // JSON: the run's RunMeta once done
  error: string | null; // JSON problem when failed
  row_count: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  /** The group of jobs working on the run now (api/jobs/), null when none. */
  job_group: string | null;
}
/** A job: the run itself (assemble) or a chunk of its Monte Carlo draws, claimed under a lease. */
export interface JobTable {
  id: string;
  run_id: string;
  job_group: string;
  role: 'chunk' | 'assemble';
  draw_from: number | null;
  draw_to: number | null;
  state: string; // waiting | queued | running | done | failed
  rerun: number; // 0/1: the run was done; its rows stay until the new ones replace them
  lease_owner: string | null;
  lease_until: string | null; // ISO-8601 UTC
  heartbeat_at: string | null;
  attempts: number;
  max_attempts: number;
  output: string | null; // JSON: a chunk's draws, rows of strings
  error: string | null; // JSON problem
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}
export interface ResultTable {
  run_id: string;
  seq: number;
  indicator: string;
  level: string;
  category: string;
  region: string;
  year: number;
  scenario: string;
  key: string;
  physical_value: string;
  physical_unit: string;
  money_value: string;
  currency: string;
  price_year: string;
  price_basis: string;
  method: string;
  model: string;
  /** computed or given (GEP values); empty for other rows. */
  origin: Generated<string>;
}
export interface TraceTable {
  run_id: string;
  region: string;
  year: number;
  indicator: string;
  node: string; // JSON TraceNode
}
export interface ApiKeyTable {
  id: string;
  name: string;
  hash: string; // sha256 of the key: the key itself is shown once and never stored
  prefix: string; // first characters, to recognise a key in lists
  created_at: string;
  revoked_at: string | null;
}
export interface AuditTable {
  id: Generated<number>;
  at: string;
  key_id: string | null;
  method: string;
  path: string;
  status: number;
  subject: string | null; // what was written (run id, dataset id, …)
}

export interface Database {
  models: ModelTable;
  coefficients: CoefficientTable;
  datasets: DatasetTable;
  dataset_files: DatasetFileTable;
  scenarios: ScenarioTable;
  runs: RunTable;
  results: ResultTable;
  traces: TraceTable;
  api_keys: ApiKeyTable;
  audit_log: AuditTable;
  jobs: JobTable;
}
