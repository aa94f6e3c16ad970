import type { Dec } from '../core/decimal.ts';
import type { Unit } from '../core/units.ts';
import type { Parameter, ParamEntry } from '../params/parameter.ts';
import type { Label, Model } from './schema.ts';
import type { ResolvedMethod } from './method-types.ts';

export interface DimInfo {
  name: string;
  label: Label;
  slot: number;
  /** Declared keys in model order (empty for open dimensions). */
  keys: string[];
  /**
   * The keys data may carry, in the order results list them: the declared keys, and before its types each level-1
   * class (group) that is not itself a key, for data with no finer split. keyLabels and groupOf cover them.
   */
  dataKeys: string[];
  keyLabels: Map<string, Label>;
  groupOf: Map<string, string>;
  groups: Map<string, Label>;
  /** Every name a dataset may use for a data key (ids, labels, aliases; see key-names.ts) → the key. */
  names: Map<string, string>;
  domain: 'data' | 'all';
  open: boolean;
}

export interface InputInfo {
  kind: 'input';
  name: string;
  label: Label;
  unit: Unit;
  dims: DimInfo[];
  table: 'extent' | 'observations';
  optional: boolean;
  min?: Dec;
  max?: Dec;
  /** Carries currency: read at the price basis's year (a price) or deflated (a money amount). */
  currency: 'none' | 'price' | 'money';
}

export type { Cell } from '../params/parameter.ts';
/** An entry of a GEP coefficient: a dated parameter entry, always with the year its money value is priced in. */
export interface ResolvedEntry extends ParamEntry {
  /** The entry's price_year, else its `from` (used for money coefficients only). */
  priceYear: number;
}
/** A GEP coefficient: a dated parameter (engine/params) keyed by the model's dimensions. */
export interface CoefInfo extends Parameter<ResolvedEntry> {
  kind: 'coefficient';
  label: Label;
  dims: DimInfo[];
  currency: boolean;
}

/** An input read in a formula, either iterated on all its dimensions or with its first fixed (x["forest"]). */
export interface InputRead {
  info: InputInfo;
  fixed?: string;
}

export interface OverSpec {
  dim: DimInfo;
  /** Keys or groups to keep; null keeps every key. */
  subset: Set<string> | null;
  /** Inputs with this dimension read in the body: their keys in the data make the domain. */
  domainInputs: InputRead[];
  /** Indicators with a breakdown by this dimension read in the body. */
  domainIndicators: string[];
  /** Some of them have more dimensions: the keys present depend on the keys already bound. */
  conditional: boolean;
}

export interface Conversion {
  num: Dec;
  den: Dec;
  from: string;
  to: string;
}

export interface IndicatorPlan {
  id: string;
  label: Label;
  unit: Unit;
  service?: string;
  account: 'physical' | 'money' | 'part';
  over: OverSpec[];
  formula: string;
  /** Factor from the formula's own unit to the declared one (ha·mm → m3: ×10), when not 1. */
  conversion?: Conversion;
  deps: string[];
  coefficients: string[];
  inputs: string[];
  /** No price or money symbol anywhere below it: the same under every price basis. */
  priceFree: boolean;
  body: CompiledExpr;
}

export interface CompiledExpr {
  /** null for the literal 0, which fits any unit. */
  unit: Unit | null;
  run(rt: Runtime): Dec | null;
  /** Reads only literals and scalar coefficients: the same for every region of a year (memoisable). */
  constant?: boolean;
}

/** What a compiled expression may ask of the evaluator. */
export interface Runtime {
  keys: (string | undefined)[];
  input(info: InputInfo, keys: readonly string[], fixedGroup: boolean): Dec | null;
  coefficient(info: CoefInfo, keys: readonly string[]): Dec;
  /** input(info, [key], false) of an input with one dimension ('' for none), with no array made on the common path. */
  inputAt(info: InputInfo, key: string): Dec | null;
  /** coefficient(info, [key]) of a coefficient with one dimension ('' for none), with no array made on the common path. */
  coefficientAt(info: CoefInfo, key: string): Dec;
  /** coefficient(info, [k0, k1]) of a coefficient with two dimensions, with no array or key text made on the common path. */
  coefficientAt2(info: CoefInfo, k0: string, k1: string): Dec;
  indicator(id: string, keys: readonly string[] | null): Dec;
  /** indicator(id, [key]) of an indicator broken down by one dimension, with no array made per read. */
  indicatorAt(id: string, key: string): Dec;
  domain(spec: OverSpec): readonly string[];
  capBound(capacity: Dec, limit: Dec | null, unit: string): void;
  /** Cache a constant sub-expression (exp, ln, powers of coefficients) for the year being evaluated. */
  memo(key: object, f: () => Dec): Dec;
}

/** A method variant a service declares (engine/model/variants.ts). */
export interface VariantInfo {
  id: string;
  label: Label;
  source: string;
  /** The first listed: the service as written. */
  default: boolean;
  note?: string;
}

export interface ServiceInfo {
  id: string;
  category: string;
  label: Label;
  method: Label;
  /** The variant in force, when the service declares variants. */
  variant?: VariantInfo;
  flow: 'annual' | 'year_end_stock';
  physical: string;
  money: string;
  parts: string[];
}

export interface CompiledModel {
  id: string;
  version: string;
  ref: string;
  status: 'draft' | 'published';
  kind: 'gep' | 'esv';
  title: Label;
  description: string;
  /** Content hash supplied by the loader (the model as data). */
  hash: string;
  /**
   * sha256 of the dimensions' aliases (the classification's names), which `hash` leaves out: a later alias could map
   * the same dataset text to another key, so runs name it (models/load.ts). Absent when the model has no aliases.
   */
  namesHash?: string;
  sources: { id: string; citation: string; url?: string }[];
  categories: { id: string; label: Label }[];
  dims: Map<string, DimInfo>;
  inputs: Map<string, InputInfo>;
  coefficients: Map<string, CoefInfo>;
  services: ServiceInfo[];
  /** In dependency order. */
  indicators: IndicatorPlan[];
  indicatorById: Map<string, IndicatorPlan>;
  /** The model as data, before a method is applied (withMethod compiles it again under another choice). */
  source: Model;
  /** The variants each service declares, default first. */
  variants: Map<string, VariantInfo[]>;
  /** The method in force: variants by service (defaults filled in) and coverage that differs from the model's. */
  method: ResolvedMethod;
  /** Services the dataset's account does not cover (left out of `services`: engine/model/without-services.ts). */
  notAccounted?: { service: string; reason: string }[];
}
