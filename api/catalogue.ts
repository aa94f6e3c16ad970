import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import YAML from 'yaml';
import { IssuesError, type Issue } from '../engine/core/errors.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import { DEFAULT_DATASET, loadDataset, type Dataset } from '../datasets/load.ts';
import { DEFAULT_MODEL } from '../lib/run.ts';
import { listModels, loadModel, modelVersions } from '../models/load.ts';
import { loadCarbonData } from '../datasets/carbon.ts';
import type { FactorSet } from '../engine/carbon/factors.ts';
import { DEFAULT_FACTORS, listFactorSets, loadFactorSet } from '../models/carbon-factors.ts';
import { datasetFiles, datasetIdOf, getDataset, insertDataset } from './store/datasets.ts';
import type { Db } from './store/db.ts';
import { syncModel } from './store/models.ts';
import { notFound } from './problem.ts';
import { processTempDir } from './temp-folders.ts';

/** An uploaded .xlsx file is a whole dataset (datasets/xlsx.ts). */
export const isWorkbook = (name: string) => /\.xlsx$/i.test(name);

export interface UploadFile {
  name: string;
  bytes: Buffer;
}

/**
 * Models and datasets as the server sees them: models are the published folders in models/ (compiled once
 * and recorded in the store with their coefficient history); datasets live in the store (files as text)
 * and are written out to `<dataDir>/datasets/<id>/` when a run needs them, so any replica can run them.
 */
export class Catalogue {
  #models = new Map<string, CompiledModel>();
  #datasets = new Map<string, Dataset>();
  #factors = new Map<string, FactorSet>();
  #stored = new Map<string, NonNullable<Awaited<ReturnType<typeof getDataset>>>>();
  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
  ) {}

  /** Record the shipped models and the embedded sample dataset (idempotent). */
  async seed(now: string): Promise<void> {
    for (const id of listModels())
      for (const ref of [id, ...modelVersions(id).map((v) => `${id}@${v}`)]) await syncModel(this.db, this.model(ref), now);
    const dir = DEFAULT_DATASET;
    const manifest = readFileSync(join(dir, 'dataset.yaml'));
    const names = ['dataset.yaml', ...Object.values((YAML.parse(manifest.toString('utf8')) as { files: Record<string, string> }).files)];
    await this.ingest(
      names.map((name) => ({ name, bytes: readFileSync(join(dir, name)) })),
      DEFAULT_MODEL,
      now,
    );
  }

  model(idOrRef: string): CompiledModel {
    // a compiled model by what it was asked as: each post names one, and models are shipped files that do not change
    // while the server runs (modelVersions reads a folder: a post read it several times)
    const known = this.#models.get(`ref:${idOrRef}`);
    if (known) return known;
    const [id, version] = idOrRef.split('@') as [string, string | undefined];
    // a version kept beside the model (models/<id>/<version>.yaml) is a model of its own
    const key = version && modelVersions(id).includes(version) ? idOrRef : id;
    let m = this.#models.get(key);
    if (!m) {
      if (!listModels().includes(id)) throw notFound(`model "${id}"`, 'model');
      m = loadModel(key);
      this.#models.set(key, m);
    }
    if (idOrRef.includes('@') && idOrRef !== m.ref) throw notFound(`model version "${idOrRef}" (this server has ${m.ref})`, 'model');
    this.#models.set(`ref:${idOrRef}`, m);
    return m;
  }

  /** A carbon factor set by id (models/<id>, e.g. cn-carbon-factors), compiled once. */
  factors(idOrRef: string = DEFAULT_FACTORS): FactorSet {
    const id = idOrRef.split('@')[0]!;
    let f = this.#factors.get(id);
    if (!f) {
      if (!listFactorSets().includes(id)) throw notFound(`carbon factor set "${id}"`, 'factors');
      f = loadFactorSet(id);
      this.#factors.set(id, f);
    }
    if (idOrRef.includes('@') && idOrRef !== f.ref) throw notFound(`factor set version "${idOrRef}" (this server has ${f.ref})`, 'factors');
    return f;
  }

  /**
   * Validate uploaded files as a dataset (the same loader as the CLI: every problem at once, file, line,
   * column) and store it in one transaction. Nothing is stored unless all of it is valid.
   */
  async ingest(files: UploadFile[], modelId: string, now: string): Promise<{ id: string; created: boolean; dataset: Dataset }> {
    const model = this.model(modelId);
    const tmp = join(processTempDir(this.dataDir), `upload-${randomBytes(8).toString('hex')}`);
    mkdirSync(tmp, { recursive: true });
    // a workbook is uploaded alone and is the dataset; otherwise the folder of files is
    const book = files.length === 1 && isWorkbook(files[0]!.name) ? join(tmp, files[0]!.name) : undefined;
    try {
      for (const f of files) writeFileSync(join(tmp, f.name), f.bytes);
      let dataset: Dataset;
      try {
        dataset = loadDataset(book ?? tmp, model);
      } catch (e) {
        // the loader names files by their path; the client knows them by their own names
        if (e instanceof IssuesError)
          throw new IssuesError(
            'dataset',
            e.issues.map((i): Issue => (i.file ? { ...i, file: basename(i.file) } : i)),
          );
        throw e;
      }
      // carbon activity, when the manifest lists it, is checked against the default factor set too
      if (dataset.manifest.files.carbon_activity) {
        try {
          loadCarbonData(book ?? tmp, this.factors());
        } catch (e) {
          if (e instanceof IssuesError)
            throw new IssuesError(
              'dataset',
              e.issues.map((i): Issue => (i.file ? { ...i, file: basename(i.file) } : i)),
            );
          throw e;
        }
      }
      const used = new Set([...dataset.files.map((f) => f.name), ...(book ? [files[0]!.name] : [])]);
      const extra = files.filter((f) => !used.has(f.name)).map((f) => f.name);
      if (extra.length)
        throw new IssuesError(
          'dataset',
          extra.map((name) => ({ code: 'file_unused', file: name, message: `${name} is not listed under files: in dataset.yaml` })),
        );
      const id = `${dataset.manifest.id}-${dataset.hash.slice(0, 12)}`;
      const { created } = await insertDataset(
        this.db,
        {
          id,
          name: dataset.manifest.id,
          hash: dataset.hash,
          modelRef: model.ref,
          manifest: dataset.manifest,
          illustrative: dataset.manifest.illustrative,
          files: files.map((f) => ({
            name: f.name,
            sha256: createHash('sha256').update(f.bytes).digest('hex'),
            // the store holds text: a workbook as base64
            content: f.bytes.toString(isWorkbook(f.name) ? 'base64' : 'utf8'),
          })),
        },
        now,
      );
      return { id, created, dataset };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  /** A stored dataset's folder, or its workbook (written out from the store once, so that loaders can read it). */
  async datasetDir(idOrName: string): Promise<{ id: string; dir: string; hash: string }> {
    // a stored dataset never changes under its id (the id ends with its content hash): read once, kept; a name
    // (the manifest id) is resolved to an id each time (one prepared statement), since a newer upload under the
    // name takes it
    let row = this.#stored.get(idOrName);
    if (!row) {
      const id = await datasetIdOf(this.db, idOrName);
      row = id === undefined ? undefined : (this.#stored.get(id) ?? (await getDataset(this.db, id)));
    }
    if (!row) throw notFound(`dataset "${idOrName}"`, 'dataset');
    this.#stored.set(row.id, row);
    const dir = join(this.dataDir, 'datasets', row.id);
    const book = row.files.find((f) => isWorkbook(f.name));
    if (!existsSync(join(dir, book ? book.name : 'dataset.yaml'))) {
      const tmp = join(processTempDir(this.dataDir), `dataset-${randomBytes(4).toString('hex')}`);
      mkdirSync(tmp, { recursive: true });
      for (const f of await datasetFiles(this.db, row.id))
        writeFileSync(join(tmp, f.name), isWorkbook(f.name) ? Buffer.from(f.content, 'base64') : f.content);
      mkdirSync(join(this.dataDir, 'datasets'), { recursive: true });
      // The folder appears whole (a rename) or not at all. Another process on this machine (a second server, a
      // worker) may have written it first: then theirs is used, and never removed while they read it.
      try {
        renameSync(tmp, dir);
      } catch {
        if (existsSync(join(dir, book ? book.name : 'dataset.yaml'))) rmSync(tmp, { recursive: true, force: true });
        else {
          rmSync(dir, { recursive: true, force: true }); // a partial folder of an older version
          renameSync(tmp, dir);
        }
      }
    }
    return { id: row.id, dir: book ? join(dir, book.name) : dir, hash: row.hash };
  }

  /** A stored dataset, loaded for a model (cached). */
  async dataset(idOrName: string, model: CompiledModel): Promise<{ id: string; dataset: Dataset }> {
    const { id, dir, hash } = await this.datasetDir(idOrName);
    const key = `${id}\0${model.ref}`;
    let ds = this.#datasets.get(key);
    if (!ds) {
      ds = loadDataset(dir, model);
      // the store's own files changed under it: a fault of the server (500), not of the request
      if (ds.hash !== hash) throw new Error(`dataset ${id} on disk does not match the store (hash ${ds.hash})`);
      this.#datasets.set(key, ds);
    }
    return { id, dataset: ds };
  }
}
