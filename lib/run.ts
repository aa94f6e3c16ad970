import { createHash } from 'node:crypto';
import { DEFAULT_DATASET, loadDataset, type Dataset } from '../datasets/load.ts';
import { accountGep, type GepAccount } from '../engine/gep/account.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import { ENGINE_VERSION } from '../engine/version.ts';
import { loadModel } from '../models/load.ts';
import { canonicalJson } from './canonical-json.ts';

export const DEFAULT_MODEL = 'cn-gep-2022';

/** What identifies a run: the same meta means the same numbers, byte for byte. */
export interface RunMeta {
  id: string;
  engine_version: string;
  model: string;
  model_hash: string;
  dataset: { id: string; hash: string; illustrative: boolean };
  scenario: string;
  base_year: number;
  regions: string[];
  years: number[];
}

export interface AccountRun {
  meta: RunMeta;
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
  onProgress?: (done: number, total: number) => void;
  /** Model and dataset already loaded (the API server keeps them), instead of loading them by name. */
  loaded?: { model: CompiledModel; dataset: Dataset };
}

/** Load the model and dataset, check them, and account GEP: the main job of `gep account` and `npm start`. */
export function runAccount(opts: RunOptions = {}): AccountRun {
  const model = opts.loaded?.model ?? loadModel(opts.model ?? DEFAULT_MODEL);
  const dataset = opts.loaded?.dataset ?? loadDataset(opts.dataset ?? DEFAULT_DATASET, model);
  const baseYear = opts.baseYear ?? dataset.manifest.price_year;
  const account = accountGep(model, dataset, {
    baseYear,
    trace: opts.trace ?? true,
    transitions: dataset.extentChange,
    ...(opts.years ? { years: opts.years } : {}),
    ...(opts.regions ? { regions: opts.regions } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  const core = {
    engine_version: ENGINE_VERSION,
    model: model.ref,
    model_hash: model.hash,
    dataset: { id: dataset.manifest.id, hash: dataset.hash, illustrative: dataset.manifest.illustrative },
    scenario: 'baseline',
    base_year: baseYear,
    regions: account.regions,
    years: account.years,
  };
  const id = createHash('sha256').update(canonicalJson(core)).digest('hex').slice(0, 16);
  return { meta: { id, ...core }, model, dataset, account };
}
