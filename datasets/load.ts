import { resolve } from 'node:path';
import type { Dec } from '../engine/core/decimal.ts';
import type { Issue } from '../engine/core/errors.ts';
import { IssuesError } from '../engine/core/errors.ts';
import type { AccountingData } from '../engine/eval/data.ts';
import { groupLocalCoefficients, type LocalCoefficientRow } from '../engine/eval/local-coefficients.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import { DEFAULTS } from '../models/defaults.ts';
import { readCoefficients } from './coefficients.ts';
import { readIndicators } from './indicators.ts';
import type { Row } from './csv.ts';
import { type Economy, parseEconomy } from './economy.ts';
import { type ExtentChangeRow, readExtent, readExtentChange } from './extent.ts';
import { checkPrecedence, GivenValues, precedenceOf } from './given.ts';
import { COLUMNS, type Manifest } from './manifest.ts';
import { readObservations } from './observations.ts';
import { readPriceIndex } from './price-index.ts';
import { readManifest } from './read-manifest.ts';
import { LoadNotes } from './load-notes.ts';
import { InputValues, type LoadContext } from './row-checks.ts';
import type { DatasetSource, DatasetHash } from './source.ts';

export type { ExtentChangeRow } from './extent.ts';

export interface Dataset extends AccountingData {
  /** The folder, or the .xlsx workbook, it was read from. */
  dir: string;
  manifest: Manifest;
  /** sha256 over the manifest and every table, in a fixed order: a folder's files byte for byte, a workbook's cells. */
  hash: string;
  files: DatasetHash['files'];
  extentChange: ExtentChangeRow[];
  /** Problems that do not stop the dataset being used (rows for variables this model does not use). */
  warnings: Issue[];
  /** What the loader converted, one sentence per change and file: units scaled (万t → t), names mapped to keys. */
  notes: string[];
  /** GDP, population and value added (economy.csv), when the manifest lists it. */
  economy?: Economy;
}

/** The default dataset: a folder in datasets/ named by models/defaults.yaml. */
export const DEFAULT_DATASET = resolve(import.meta.dirname, DEFAULTS.gep.dataset);

type Table = keyof typeof COLUMNS;
/** The tables the manifest lists, read as rows, with the name each file is shown by in messages. */
export type Tables = Partial<Record<Table, { file: string; rows: Row[] }>>;

/**
 * Load a dataset (a folder, or an .xlsx workbook) and check it against a model. Every problem in every table
 * is collected (file or sheet, line or cell, column and the rule broken) and thrown together; nothing is returned
 * unless all of it is good.
 */
export function loadDataset(dirIn: string, model: CompiledModel): Dataset {
  const dir = resolve(dirIn);
  const { manifest, source } = readManifest(dir);
  const ctx = loadContext(manifest);
  const tables = readTables(source, manifest, ctx.issues);
  const { hash, files } = source.hash(manifest);

  const values = new InputValues();
  const given = new GivenValues();
  readRegionTables(ctx, model, tables, values, given);
  const rest = readOtherTables(ctx, model, manifest, tables, values);
  if (ctx.issues.length) throw new IssuesError('dataset', source.locate(ctx.issues));
  return datasetOf(model, { dir, manifest, hash, files }, rest, {
    warnings: [...source.locate(ctx.warnings), ...source.notes()],
    notes: ctx.notes.list(),
    values: (r, y) => values.get(r, y),
    ...(given.size ? { given: (r: string, y: number) => given.get(r, y) } : {}),
  });
}

/** What every table step shares: the manifest's regions and years, and nothing found yet. */
export function loadContext(manifest: Manifest): LoadContext {
  return {
    regions: new Set(manifest.regions.map((r) => r.id)),
    years: new Set(manifest.years),
    issues: [],
    warnings: [],
    notes: new LoadNotes(),
  };
}

/**
 * extent.csv and observations.csv, the tables that grow with regions × years: each row checked and its value put.
 * Every check is within one region (a duplicate, a class beside its types), so reading the rows a few regions at a
 * time finds the same problems (datasets/load-by-region.ts).
 */
export function readRegionTables(
  ctx: LoadContext,
  model: CompiledModel,
  tables: Pick<Tables, 'extent' | 'observations'>,
  values: InputValues,
  given: GivenValues,
): void {
  const extent = extentInput(model);
  if (tables.extent && extent) readExtent(ctx, tables.extent.file, tables.extent.rows, extent, values);
  if (tables.observations) readObservations(ctx, tables.observations.file, tables.observations.rows, model, values, given);
}

const extentInput = (model: CompiledModel) => [...model.inputs.values()].find((i) => i.table === 'extent');

/** What the other tables give: small ones, read whole (the extent change needs every region's extent). */
export interface OtherTables {
  priceIndex: Map<string, Dec>;
  extentChange: ExtentChangeRow[];
  economy?: Economy;
  local: LocalCoefficientRow[];
}

/** The tables after extent and observations, read and checked in loadDataset's order. */
export function readOtherTables(
  ctx: LoadContext,
  model: CompiledModel,
  manifest: Manifest,
  tables: Tables,
  values: InputValues,
): OtherTables {
  const extent = extentInput(model);
  checkPrecedence(model, manifest.given?.precedence, 'dataset.yaml', ctx.issues);
  const priceIndex = tables.price_index
    ? readPriceIndex(ctx, tables.price_index.file, tables.price_index.rows, manifest.deflator)
    : new Map<string, Dec>();
  const extentChange =
    tables.extent_change && extent ? readExtentChange(ctx, tables.extent_change.file, tables.extent_change.rows, extent, values) : [];
  const economy = tables.economy ? parseEconomy(tables.economy.file, tables.economy.rows, ctx.regions, ctx.issues, ctx.notes) : undefined;
  const local = tables.coefficients
    ? readCoefficients(ctx, tables.coefficients.file, tables.coefficients.rows, model, manifest.files.coefficients!)
    : [];
  // indicators.csv is read by the index run (datasets/indicators.ts); checked here too so that validate lists its problems
  if (tables.indicators) readIndicators(ctx, tables.indicators.file, tables.indicators.rows, manifest.files.indicators!);
  return { priceIndex, extentChange, ...(economy ? { economy } : {}), local };
}

/** The Dataset of checked tables; its values and given values are read through `read` (all kept, or a few regions). */
export function datasetOf(
  model: CompiledModel,
  at: Pick<Dataset, 'dir' | 'manifest' | 'hash' | 'files'>,
  rest: OtherTables,
  read: Pick<Dataset, 'warnings' | 'notes' | 'values' | 'given'>,
): Dataset {
  const { manifest } = at;
  const { priceIndex, economy, local } = rest;
  return {
    ...at,
    extentChange: rest.extentChange,
    warnings: read.warnings,
    notes: read.notes,
    ...(economy ? { economy } : {}),
    ...(local.length ? { localCoefficients: groupLocalCoefficients(local) } : {}),
    regions: manifest.regions.map((r) => r.id),
    years: [...manifest.years].sort((a, b) => a - b),
    deflator: manifest.deflator,
    values: read.values,
    priceIndex: (s, y) => priceIndex.get(`${s}\0${y}`),
    ...(read.given ? { given: read.given } : {}),
    givenPrecedence: precedenceOf(model, manifest.given?.precedence),
  };
}

/** Every table the manifest lists, read as rows; a listed table that is missing is an issue. */
function readTables(source: DatasetSource, manifest: Manifest, issues: Issue[]): Tables {
  const tables: Tables = {};
  for (const table of Object.keys(COLUMNS) as Table[]) {
    const name = manifest.files[table];
    const read = name ? source.table(table, name, issues) : undefined;
    if (read) tables[table] = read;
  }
  return tables;
}
