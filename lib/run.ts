import { DEFAULT_DATASET, loadDataset, type Dataset } from '../datasets/load.ts';
import { str } from '../engine/core/decimal.ts';
import type { LocalCoefficientRow } from '../engine/eval/local-coefficients.ts';
import { accountGep, type GepAccount } from '../engine/gep/account.ts';
import type { AccountingData } from '../engine/eval/data.ts';
import type { CoefInfo, CompiledModel } from '../engine/model/types.ts';
import { DEFAULTS } from '../models/defaults.ts';
import { loadModel } from '../models/load.ts';
import { chooseMethod, type MethodOptions } from './method.ts';
import { type GepIdentity, gepIdentity, runId } from './run-id.ts';
import type { ResolvedMethod } from '../engine/model/variants.ts';

export const DEFAULT_MODEL = DEFAULTS.gep.model;

/** What identifies a run: the same meta means the same numbers, byte for byte. */
export interface RunMeta {
  id: string;
  engine_version: string;
  model: string;
  model_hash: string;
  /** The hash of the model's key aliases (the names a dataset may use for a key), which model_hash leaves out. */
  names_hash?: string;
  dataset: { id: string; hash: string; illustrative: boolean };
  scenario: string;
  /** sha256 of the scenario as data (canonical JSON); absent for the baseline. */
  scenario_hash?: string;
  /** What the scenario overlay could not carry through (e.g. a transition matrix left out), when anything. */
  scenario_notes?: string[];
  base_year: number;
  regions: string[];
  years: number[];
  /** Whether the run keeps the trace of every value (trace.json, the stored traces). */
  trace: boolean;
  /** The dataset's own coefficient values that replaced the model's (coefficients.csv), when any did. */
  local_coefficients?: LocalCoefficientJson[];
  /** The method variants in force and the coverage chosen, when the model declares variants or coverage was chosen. */
  method?: ResolvedMethod;
  /** The model's services the dataset's account does not cover (dataset.yaml `not_accounted`), with the reasons. */
  not_accounted?: { service: string; reason: string }[];
}

/** A local coefficient as the run block lists it: value in the coefficient's unit, as written when converted. */
export interface LocalCoefficientJson {
  coefficient: string;
  region: string;
  key: string;
  from: number;
  value: string;
  unit: string;
  price_year?: number;
  given?: string;
  source: string;
  file: string;
  line: number;
}

function localCoefficientJson(model: CompiledModel, r: LocalCoefficientRow): LocalCoefficientJson {
  const c = model.coefficients.get(r.coefficient)!;
  return {
    coefficient: r.coefficient,
    region: r.region,
    key: r.key,
    from: r.from,
    value: str(r.value),
    unit: c.unit.text,
    ...(c.currency ? { price_year: r.priceYear } : {}),
    ...(r.given ? { given: r.given } : {}),
    source: r.source,
    file: r.file,
    line: r.line,
  };
}

export interface AccountRun {
  meta: RunMeta;
  /** What identifies the run (lib/run-id.ts); meta.id is its runId. */
  identity: GepIdentity;
  model: CompiledModel;
  dataset: Dataset;
  account: GepAccount;
}

export interface RunOptions {
  model?: string;
  dataset?: string;
  baseYear?: number;
  years?: number[];
  regions?: string[];
  trace?: boolean;
  /** With `trace`, keep the constant-price evaluations' traces too (gep explain at a base year): not stored, not in the identity. */
  traceConstant?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Method variants and coverage asked for, over the dataset's and the scenario's (lib/method.ts). */
  method?: MethodOptions['method'];
  covers?: MethodOptions['covers'];
}

/** Load the model and dataset, check them, and account GEP: the main job of `gep account` and `npm start`. */
export function runAccount(opts: RunOptions = {}): AccountRun {
  const base = loadModel(opts.model ?? DEFAULT_MODEL);
  const dataset = loadDataset(opts.dataset ?? DEFAULT_DATASET, base);
  return accountRun(chooseMethod(base, dataset, undefined, opts), dataset, opts);
}

/** What a scenario lays over the baseline (lib/scenario.ts builds it). */
export interface RunOverlay {
  scenario: string;
  scenarioHash: string;
  data: AccountingData;
  coefficients: ReadonlyMap<string, CoefInfo>;
  transitions: Dataset['extentChange'];
  notes?: string[];
}

/** Account an already loaded model and dataset, optionally through a scenario overlay, and identify the run. */
export function accountRun(model: CompiledModel, dataset: Dataset, opts: RunOptions = {}, overlay?: RunOverlay): AccountRun {
  const identity = gepIdentity(model, dataset, { ...opts, ...(overlay ? { scenarioHash: overlay.scenarioHash } : {}) });
  const account = accountGep(model, overlay?.data ?? dataset, {
    baseYear: identity.base_year,
    trace: identity.trace && (opts.traceConstant || 'current'),
    transitions: overlay?.transitions ?? dataset.extentChange,
    ...(overlay?.coefficients.size ? { coefficients: overlay.coefficients } : {}),
    years: identity.years,
    regions: identity.regions,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  const meta = accountMeta(model, dataset, identity, account, overlay);
  return { meta, identity, model, dataset, account };
}

/**
 * The run block of an account: from its identity and what the account found (its regions and years, the local
 * coefficients it used). reports/account-stream.ts builds it once for an account it computed in chunks.
 */
export function accountMeta(
  model: CompiledModel,
  dataset: Dataset,
  identity: GepIdentity,
  account: Pick<GepAccount, 'regions' | 'years' | 'localCoefficients'>,
  overlay?: Pick<RunOverlay, 'scenario' | 'scenarioHash' | 'notes'>,
): RunMeta {
  return {
    id: runId(identity),
    engine_version: identity.engine_version,
    model: model.ref,
    model_hash: model.hash,
    ...(identity.names_hash ? { names_hash: identity.names_hash } : {}),
    dataset: { id: dataset.manifest.id, hash: dataset.hash, illustrative: dataset.manifest.illustrative },
    scenario: overlay?.scenario ?? 'baseline',
    ...(overlay ? { scenario_hash: overlay.scenarioHash } : {}),
    ...(overlay?.notes?.length ? { scenario_notes: overlay.notes } : {}),
    base_year: identity.base_year,
    regions: account.regions,
    years: account.years,
    trace: identity.trace,
    ...(account.localCoefficients ? { local_coefficients: account.localCoefficients.map((r) => localCoefficientJson(model, r)) } : {}),
    ...(identity.method ? { method: identity.method } : {}),
    ...(model.notAccounted ? { not_accounted: model.notAccounted } : {}),
  };
}
