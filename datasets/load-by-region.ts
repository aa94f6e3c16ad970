import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IssuesError } from '../engine/core/errors.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import { readCsv, type Row } from './csv.ts';
import { type CsvSpans, indexCsv, regionRows } from './csv-spans.ts';
import { GivenValues } from './given.ts';
import { type Dataset, datasetOf, loadContext, loadDataset, readOtherTables, readRegionTables, type Tables } from './load.ts';
import { LoadNotes } from './load-notes.ts';
import { COLUMNS, EXTRA_COLUMNS } from './manifest.ts';
import { readManifest } from './read-manifest.ts';
import { InputValues, type LoadContext } from './row-checks.ts';
import { displayName, FolderHash, sha256, type Table } from './source.ts';

/** Regions whose values a dataset read by region keeps at once (an account chunk is 5; reports/account-stream.ts). */
export const REGION_WINDOW = 8;
type Long = 'extent' | 'observations';
const LONG: readonly Long[] = ['extent', 'observations'];

/**
 * loadDataset for an account that asks for a few regions at a time (`gep account -d`): the same Dataset (hash, files,
 * every value the same Dec), but extent.csv and observations.csv are never held whole. They are streamed once to hash
 * them and find each region's rows (datasets/csv-spans.ts), each run of one region's rows checked by loadDataset's own
 * readers as it streams by; and a region's values are read again from its rows when the account asks for them,
 * the last REGION_WINDOW regions kept. When anything is wrong the dataset is read by loadDataset, which throws
 * the same problems, all at once, as it always did; so does a workbook, and a dataset with an extent change (its
 * margins need every region's extent). Warnings and notes are loadDataset's, in its order: the runs of rows are checked
 * as they stream, in file order, and a scattered region's second check adds none (test/datasets/load-by-region.test.ts).
 */
export async function loadDatasetByRegion(dirIn: string, model: CompiledModel): Promise<Dataset> {
  const dir = resolve(dirIn);
  const whole = () => loadDataset(dir, model);
  if (/\.xlsx$/i.test(dir) || !existsSync(join(dir, 'dataset.yaml'))) return whole();
  const { manifest } = readManifest(dir);
  if (manifest.files.extent_change) return whole();
  const ctx = loadContext(manifest);
  /** Check some rows by loadDataset's readers, their values let go: whether any was a given value. */
  const check = (c: LoadContext, rows: Pick<Tables, Long>) => {
    const g = new GivenValues();
    readRegionTables(c, model, rows, new InputValues(), g);
    return g.size > 0;
  };

  // the hash as the folder source makes it (datasets/source.ts), the long tables fed to it as they stream
  const hash = new FolderHash(readFileSync(join(dir, 'dataset.yaml')));
  const tables: Tables = {};
  const spans: Partial<Record<Long, CsvSpans>> = {};
  // each run of one region's rows is checked as it streams by; a region whose rows are not all together in a
  // table is checked again with all of them (a duplicate may lie across its runs), its warnings and notes not again
  let given = false;
  const scattered = new Set<string>();
  for (const table of Object.keys(COLUMNS) as Table[]) {
    const name = manifest.files[table];
    if (!name) continue;
    const path = join(dir, name);
    if (!existsSync(path)) return whole();
    hash.table(table, name);
    const file = displayName(path);
    if ((LONG as string[]).includes(table)) {
      const long = table as Long;
      const checked = new Set<string>();
      const onRun = (region: string, rows: Row[]) => {
        if (checked.has(region)) scattered.add(region);
        checked.add(region);
        given = check(ctx, { [long]: { file, rows } }) || given;
      };
      const s = await indexCsv(path, file, COLUMNS[table], EXTRA_COLUMNS[table] ?? [], ctx.regions, (b) => hash.update(b), onRun);
      if (!s) return whole();
      spans[long] = s;
      hash.file(name, s.sha256);
    } else {
      const b = readFileSync(path);
      hash.update(b);
      hash.file(name, sha256(b));
      tables[table] = { file, rows: readCsv(file, b, COLUMNS[table], ctx.issues, EXTRA_COLUMNS[table]) };
    }
  }
  for (const region of scattered) check({ ...ctx, warnings: [], notes: new LoadNotes() }, longRows(spans, [region]));
  const rest = readOtherTables(ctx, model, manifest, tables, new InputValues());
  if (ctx.issues.length) {
    whole(); // throws them as loadDataset finds and orders them
    throw new IssuesError('dataset', ctx.issues);
  }

  const window = new RegionWindow((region) => {
    const one: LoadContext = { ...ctx, issues: [], warnings: [], notes: new LoadNotes() };
    const values = new InputValues();
    const g = new GivenValues();
    readRegionTables(one, model, longRows(spans, [region]), values, g);
    if (one.issues.length) throw new IssuesError('dataset', one.issues);
    return { values, given: g };
  });
  return datasetOf(model, { dir, manifest, ...hash.digest() }, rest, {
    warnings: ctx.warnings,
    notes: ctx.notes.list(),
    values: (r, y) => (ctx.regions.has(r) ? window.get(r).values.get(r, y) : undefined),
    ...(given ? { given: (r: string, y: number) => (ctx.regions.has(r) ? window.get(r).given.get(r, y) : undefined) } : {}),
  });
}

/** The long tables' rows of some regions, region by region. */
function longRows(spans: Partial<Record<Long, CsvSpans>>, regions: string[]): Pick<Tables, Long> {
  const out: Pick<Tables, Long> = {};
  for (const t of LONG) {
    const s = spans[t];
    if (s) out[t] = { file: s.file, rows: regions.flatMap((r) => regionRows(s, r)) };
  }
  return out;
}

/** The values of the regions read last (least recently used out), each region read from its rows when first asked. */
export class RegionWindow<T> {
  private readonly kept = new Map<string, T>();
  /** How many times a region was read (a test's window bound). */
  reads = 0;

  constructor(
    private readonly read: (region: string) => T,
    private readonly size = REGION_WINDOW,
  ) {}

  get(region: string): T {
    let v = this.kept.get(region);
    if (v !== undefined) {
      this.kept.delete(region);
    } else {
      v = this.read(region);
      this.reads++;
      if (this.kept.size >= this.size) this.kept.delete(this.kept.keys().next().value!);
    }
    this.kept.set(region, v);
    return v;
  }
}
