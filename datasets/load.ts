import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Dec } from '../engine/core/decimal.ts';
import type { Issue } from '../engine/core/errors.ts';
import { IssuesError } from '../engine/core/errors.ts';
import type { AccountingData } from '../engine/eval/data.ts';
import { groupLocalCoefficients } from '../engine/eval/local-coefficients.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import { DEFAULTS } from '../models/defaults.ts';
import { readCoefficients } from './coefficients.ts';
import { readCsv, type Row } from './csv.ts';
import { type Economy, parseEconomy } from './economy.ts';
import { type ExtentChangeRow, readExtent, readExtentChange } from './extent.ts';
import { checkPrecedence, GivenValues, precedenceOf } from './given.ts';
import { COLUMNS, EXTRA_COLUMNS, type Manifest } from './manifest.ts';
import { readObservations } from './observations.ts';
import { readPriceIndex } from './price-index.ts';
import { displayName, readManifest } from './read-manifest.ts';
import { LoadNotes } from './load-notes.ts';
import { InputValues, type LoadContext } from './row-checks.ts';

export type { ExtentChangeRow } from './extent.ts';

export interface Dataset extends AccountingData {
  dir: string;
  manifest: Manifest;
  /** sha256 over the manifest and every data file, byte for byte, in a fixed order. */
  hash: string;
  files: { name: string; sha256: string }[];
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
type Tables = Partial<Record<Table, { file: string; rows: Row[] }>>;

/**
 * Load a dataset folder and check it against a model. Every problem in every file is collected (file,
 * line, column and the rule broken) and thrown together; nothing is returned unless all of it is good.
 */
export function loadDataset(dirIn: string, model: CompiledModel): Dataset {
  const dir = resolve(dirIn);
  const { manifest, bytes } = readManifest(dir);
  const ctx: LoadContext = {
    regions: new Set(manifest.regions.map((r) => r.id)),
    years: new Set(manifest.years),
    issues: [],
    warnings: [],
    notes: new LoadNotes(),
  };
  const { tables, hash, files } = readTables(dir, manifest, bytes, ctx.issues);

  const values = new InputValues();
  const extent = [...model.inputs.values()].find((i) => i.table === 'extent');
  if (tables.extent && extent) readExtent(ctx, tables.extent.file, tables.extent.rows, extent, values);
  const given = new GivenValues();
  if (tables.observations) readObservations(ctx, tables.observations.file, tables.observations.rows, model, values, given);
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

  if (ctx.issues.length) throw new IssuesError('dataset', ctx.issues);
  return {
    dir,
    manifest,
    hash,
    files,
    extentChange,
    warnings: ctx.warnings,
    notes: ctx.notes.list(),
    ...(economy ? { economy } : {}),
    ...(local.length ? { localCoefficients: groupLocalCoefficients(local) } : {}),
    regions: manifest.regions.map((r) => r.id),
    years: [...manifest.years].sort((a, b) => a - b),
    deflator: manifest.deflator,
    values: (r, y) => values.get(r, y),
    priceIndex: (s, y) => priceIndex.get(`${s}\0${y}`),
    ...(given.size ? { given: (r: string, y: number) => given.get(r, y) } : {}),
    givenPrecedence: precedenceOf(model, manifest.given?.precedence),
  };
}

/**
 * Read every table the manifest lists and hash the manifest and the files, byte for byte, in the fixed order of
 * COLUMNS (the dataset hash; datasets/carbon.ts computes the same one). A listed file that is missing is an issue.
 */
function readTables(dir: string, manifest: Manifest, manifestBytes: Buffer, issues: Issue[]) {
  const hash = createHash('sha256').update('dataset.yaml\0').update(manifestBytes);
  const files: Dataset['files'] = [{ name: 'dataset.yaml', sha256: sha(manifestBytes) }];
  const tables: Tables = {};
  for (const table of Object.keys(COLUMNS) as Table[]) {
    const name = manifest.files[table];
    if (!name) continue;
    const path = join(dir, name);
    const file = displayName(path);
    if (!existsSync(path)) {
      issues.push({ code: 'file_missing', file, message: `the manifest lists ${name} for ${table}, but it does not exist` });
      continue;
    }
    const bytes = readFileSync(path);
    hash.update(`${table}\0${name}\0`).update(bytes);
    files.push({ name, sha256: sha(bytes) });
    tables[table] = { file, rows: readCsv(file, bytes, COLUMNS[table], issues, EXTRA_COLUMNS[table]) };
  }
  return { tables, hash: hash.digest('hex'), files };
}

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}
