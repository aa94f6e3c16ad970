import type { Db } from './db.ts';
import { statement } from './prepared.ts';

export interface NewDataset {
  id: string;
  name: string;
  hash: string;
  modelRef: string;
  manifest: unknown;
  illustrative: boolean;
  files: { name: string; sha256: string; content: string }[];
}

/** Insert a dataset and its files in one transaction: all of it or nothing. A dataset already stored (same id) is kept. */
export async function insertDataset(db: Db, d: NewDataset, now: string): Promise<{ created: boolean }> {
  return db.transaction().execute(async (tx) => {
    const have = await tx.selectFrom('datasets').select('id').where('id', '=', d.id).executeTakeFirst();
    if (have) return { created: false };
    await tx
      .insertInto('datasets')
      .values({
        id: d.id,
        name: d.name,
        hash: d.hash,
        model_ref: d.modelRef,
        manifest: JSON.stringify(d.manifest),
        illustrative: d.illustrative ? 1 : 0,
        created_at: now,
      })
      .execute();
    await tx
      .insertInto('dataset_files')
      .values(d.files.map((f) => ({ dataset_id: d.id, ...f })))
      .execute();
    return { created: true };
  });
}

// prepared: every POST /runs names its dataset (by default the sample, by name), and the name is resolved each time
const datasetIdQuery = statement('dataset_id', (db, $) =>
  db
    .selectFrom('datasets')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', $(0)), eb('name', '=', $(0))]))
    .orderBy((eb) => eb.case().when('id', '=', $(0)).then(0).else(1).end())
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(1),
);
/** The id of a dataset named by id, or by its manifest id (the latest stored under that name): getDataset's choice. */
export const datasetIdOf = async (db: Db, idOrName: string): Promise<string | undefined> => (await datasetIdQuery(db, idOrName))[0]?.id;

/** A dataset by id, or by its manifest id (the latest stored under that name). */
export async function getDataset(db: Db, idOrName: string) {
  const id = await datasetIdOf(db, idOrName); // the one choice of id or name (datasetIdQuery)
  const row = id === undefined ? undefined : await db.selectFrom('datasets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const files = await db.selectFrom('dataset_files').select(['name', 'sha256']).where('dataset_id', '=', row.id).orderBy('name').execute();
  return {
    id: row.id,
    name: row.name,
    hash: row.hash,
    model: row.model_ref,
    illustrative: row.illustrative === 1,
    created_at: row.created_at,
    manifest: JSON.parse(row.manifest) as Record<string, unknown>,
    files,
  };
}

export const datasetFiles = (db: Db, id: string) =>
  db.selectFrom('dataset_files').select(['name', 'content']).where('dataset_id', '=', id).orderBy('name').execute();

/** The stored datasets, newest first (the workbench's list). */
export async function listDatasets(db: Db, limit = 200) {
  const rows = await db.selectFrom('datasets').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    hash: r.hash,
    model: r.model_ref,
    illustrative: r.illustrative === 1,
    created_at: r.created_at,
    manifest: JSON.parse(r.manifest) as Record<string, unknown>,
  }));
}
