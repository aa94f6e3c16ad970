import { createHash } from 'node:crypto';
import { ENGINE_VERSION } from '../engine/version.ts';
import { canonicalJson } from './canonical-json.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import type { ResolvedMethod } from '../engine/model/variants.ts';
import { methodIdentity } from '../engine/model/with-method.ts';

/**
 * What identifies a run, kind by kind: everything that changes a number or what a run stores (traces),
 * and nothing that does not (a dataset's path or store id, the order regions were asked in, worker threads).
 * Versioned data enters by reference and content hash, so an edited copy under the same name is another run.
 * The run id is a function of this and of nothing else: the CLI's run folder and the API's stored run agree.
 */
export type RunIdentity =
  | GepIdentity
  | DualIdentity
  | CarbonIdentity
  | CarbonUncertaintyIdentity
  | UncertaintyIdentity
  | BatchIdentity
  | CompareIdentity
  | EodIdentity
  | AssetIdentity
  | IndexIdentity
  | FinanceIdentity
  | BundleIdentity;

/** The one run id: the first 16 hex digits of sha256 over the identity as canonical JSON. */
export function runId(identity: RunIdentity): string {
  return createHash('sha256').update(canonicalJson(identity)).digest('hex').slice(0, 16);
}

/** A model, factor set, spec or scorecard as identities name it. */
export interface Versioned {
  ref: string;
  hash: string;
}
/** What the identity reads of a dataset (Dataset satisfies it). */
export interface DatasetFacts {
  hash: string;
  regions: string[];
  years: number[];
  manifest: { price_year: number };
}

/** Regions in the dataset's order, each once; names the dataset lacks are kept at the end, for the checks to refuse. */
export function inDatasetOrder(asked: readonly string[], known: readonly string[]): string[] {
  const set = new Set(asked);
  return [...known.filter((r) => set.has(r)), ...[...set].filter((r) => !known.includes(r))];
}

/** Years ascending, each once. */
export const sortedYears = (years: readonly number[]): number[] => [...new Set(years)].sort((a, b) => a - b);

export interface GepIdentity {
  kind: 'gep';
  engine_version: string;
  model: string;
  model_hash: string;
  /** The hash of the model's key aliases (CompiledModel.namesHash), which model_hash leaves out. */
  names_hash?: string;
  dataset_hash: string;
  scenario_hash: string | null;
  regions: string[];
  years: number[];
  base_year: number;
  trace: boolean;
  /** The method in force (variants with defaults filled in, coverage chosen), when the model has variants or coverage was chosen. */
  method?: ResolvedMethod;
}

/** A GEP account's identity, defaults resolved against the dataset (all regions and years, its price year). */
export function gepIdentity(
  model: Versioned & Pick<CompiledModel, 'method' | 'namesHash'>,
  dataset: DatasetFacts,
  o: { regions?: string[]; years?: number[]; baseYear?: number; trace?: boolean; scenarioHash?: string },
): GepIdentity {
  return {
    kind: 'gep',
    engine_version: ENGINE_VERSION,
    model: model.ref,
    model_hash: model.hash,
    ...(model.namesHash ? { names_hash: model.namesHash } : {}),
    dataset_hash: dataset.hash,
    scenario_hash: o.scenarioHash ?? null,
    regions: inDatasetOrder(o.regions ?? dataset.regions, dataset.regions),
    years: sortedYears(o.years ?? dataset.years),
    base_year: o.baseYear ?? dataset.manifest.price_year,
    trace: o.trace ?? true,
    ...methodOf(model),
  };
}

/** The identity's `method` field: absent for a model without variants and no coverage chosen, so older ids stand. */
export function methodOf(model: Pick<CompiledModel, 'method'>): { method?: ResolvedMethod } {
  const method = methodIdentity(model);
  return method ? { method } : {};
}

export interface DualIdentity extends Omit<GepIdentity, 'kind'> {
  kind: 'dual';
  dual_spec: string;
  dual_spec_hash: string;
  scorecard: string;
  scorecard_hash: string;
}

/** The dual account of a GEP account: its identity, and what the spec and scorecard say (not only their names). */
export function dualIdentity(gep: GepIdentity, spec: Versioned, scorecard: Versioned): DualIdentity {
  return {
    ...gep,
    kind: 'dual',
    dual_spec: spec.ref,
    dual_spec_hash: spec.hash,
    scorecard: scorecard.ref,
    scorecard_hash: scorecard.hash,
  };
}

export interface CarbonIdentity {
  kind: 'carbon';
  engine_version: string;
  factors: string;
  factors_hash: string;
  dataset_hash: string;
  /** The sector names' hash, when the data's sectors were read through them (CarbonData.sectorNamesHash). */
  sector_names_hash?: string;
  scenario_hash: string | null;
  regions: string[];
  years: number[];
  price_year: number;
  grid: { geography: string; kind: string; vintage: 'year' | number };
  parts: string[];
  /** The options of the parts (targets, paths, horizons, years compared), as given (paths resolved). */
  options: { dual: object; projection: object; decompose: object; net: boolean };
  trace: boolean;
}

export function carbonIdentity(i: Omit<CarbonIdentity, 'kind' | 'engine_version'>): CarbonIdentity {
  return { kind: 'carbon', engine_version: ENGINE_VERSION, ...i };
}

/** A Monte Carlo over the carbon inventory of one region-year (lib/carbon-uncertainty.ts). */
export interface CarbonUncertaintyIdentity {
  kind: 'carbon_uncertainty';
  engine_version: string;
  factors: string;
  factors_hash: string;
  dataset_hash: string;
  /** As CarbonIdentity's. */
  sector_names_hash?: string;
  /** The scenario's factor overrides and ranges are in it. */
  scenario_hash: string | null;
  region: string;
  year: number;
  grid: { geography: string; kind: string; vintage: 'year' | number };
  /** Where the draws are computed: the carbon inventory is drawn on the exact path (one inventory per draw is cheap). */
  path: 'exact';
  draws: number;
  seed: number;
}

export function carbonUncertaintyIdentity(i: Omit<CarbonUncertaintyIdentity, 'kind' | 'engine_version'>): CarbonUncertaintyIdentity {
  return { kind: 'carbon_uncertainty', engine_version: ENGINE_VERSION, ...i };
}

export interface UncertaintyIdentity {
  kind: 'uncertainty';
  engine_version: string;
  model: string;
  model_hash: string;
  names_hash?: string;
  dataset_hash: string;
  scenario_hash: string | null;
  region: string;
  year: number;
  base_year: number;
  /** The dual spec of the dual indicators measured, when they are. */
  dual_spec: Versioned | null;
  method?: ResolvedMethod;
  /** Where the draws are computed (lib/uncertainty.ts McPath): float64 or exact decimals. */
  path: 'float' | 'exact';
  draws: number;
  seed: number;
}

export function uncertaintyIdentity(i: Omit<UncertaintyIdentity, 'kind' | 'engine_version'>): UncertaintyIdentity {
  return { kind: 'uncertainty', engine_version: ENGINE_VERSION, ...i };
}

export interface BatchIdentity {
  kind: 'batch';
  engine_version: string;
  model: string;
  model_hash: string;
  names_hash?: string;
  /** The dataset, or the template of the generated set. */
  dataset_hash: string;
  /** A generated set: its size, years and seed as given (no seed is not the same as any one seed). */
  synthetic: { regions: number; years: number[]; seed: number | null } | null;
  base_year: number;
  dual_spec: Versioned;
  scorecard: Versioned;
  method?: ResolvedMethod;
  /** A screening batch on the float64 path; absent for the exact (official) batch, whose ids are unchanged by it. */
  path?: 'float';
}

export function batchIdentity(i: Omit<BatchIdentity, 'kind' | 'engine_version'>): BatchIdentity {
  return { kind: 'batch', engine_version: ENGINE_VERSION, ...i };
}

export interface CompareIdentity {
  kind: 'compare';
  engine_version: string;
  reference: GepIdentity;
  scenarios: GepIdentity[];
  /** The dual spec whose indicators are compared too, when the dataset has an economy. */
  dual_spec: Versioned | null;
}

export function compareIdentity(i: Omit<CompareIdentity, 'kind' | 'engine_version'>): CompareIdentity {
  return { kind: 'compare', engine_version: ENGINE_VERSION, ...i };
}

/** An EOD project appraisal (runs/kinds/eod): the scenario comparison it reads, the project as data, the draws. */
export interface EodIdentity {
  kind: 'eod';
  engine_version: string;
  compare: CompareIdentity;
  project: string;
  project_hash: string;
  draws: number;
  seed: number;
}

export function eodIdentity(i: Omit<EodIdentity, 'kind' | 'engine_version'>): EodIdentity {
  return { kind: 'eod', engine_version: ENGINE_VERSION, ...i };
}

/** An ecological asset value (runs/kinds/asset): the GEP account it reads and the valuation spec as data. */
export interface AssetIdentity {
  kind: 'asset';
  engine_version: string;
  gep: GepIdentity;
  spec: string;
  spec_hash: string;
  opening: number;
  closing: number;
}

export function assetIdentity(i: Omit<AssetIdentity, 'kind' | 'engine_version'>): AssetIdentity {
  return { kind: 'asset', engine_version: ENGINE_VERSION, ...i };
}

/** An index over an indicator system (runs/kinds/index): the system, the dataset, and the runs its values come from. */
export interface IndexIdentity {
  kind: 'index';
  engine_version: string;
  system: string;
  system_hash: string;
  /** The dataset's hash (its indicators.csv among the files), regions and years scored. */
  dataset_hash: string;
  regions: string[];
  years: number[];
  /** The GEP or dual account and the carbon run read, when the system reads them. */
  parts: RunIdentity[];
}

export function indexIdentity(i: Omit<IndexIdentity, 'kind' | 'engine_version'>): IndexIdentity {
  return { kind: 'index', engine_version: ENGINE_VERSION, ...i };
}

/** Green finance on a GEP account (lib/finance.ts): the account's identity, the rights price set, the lender's ratio. */
export interface FinanceIdentity extends Omit<GepIdentity, 'kind'> {
  kind: 'finance';
  rights_prices: string;
  rights_prices_hash: string;
  /** The lender's loan-to-GEP ratio and the Monte Carlo behind the GEP band, when asked; null: no credit band. */
  credit: { ratio: string; draws: number; seed: number } | null;
}

export function financeIdentity(gep: GepIdentity, prices: Versioned, credit: FinanceIdentity['credit']): FinanceIdentity {
  return { ...gep, kind: 'finance', rights_prices: prices.ref, rights_prices_hash: prices.hash, credit };
}

/** A stored run made of several kinds (the API's GEP account with its carbon run or its Monte Carlo), in order. */
export interface BundleIdentity {
  kind: 'bundle';
  parts: RunIdentity[];
}
