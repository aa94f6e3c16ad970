import type { Db } from './db.ts';

/** Store a scenario (the body as posted, canonical JSON); one already stored under this id is kept. */
export async function insertScenario(
  db: Db,
  s: { id: string; hash: string; name: string; body: unknown },
  now: string,
): Promise<{ created: boolean }> {
  const r = await db
    .insertInto('scenarios')
    .values({ id: s.id, hash: s.hash, name: s.name, body: JSON.stringify(s.body), created_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return { created: Number(r.numInsertedOrUpdatedRows ?? 0) > 0 };
}

/** A scenario by its store id, or the latest stored under that scenario id. */
export async function getScenario(db: Db, idOrName: string) {
  const row =
    (await db.selectFrom('scenarios').selectAll().where('id', '=', idOrName).executeTakeFirst()) ??
    (await db
      .selectFrom('scenarios')
      .selectAll()
      .where('name', '=', idOrName)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst());
  return row
    ? { id: row.id, name: row.name, hash: row.hash, created_at: row.created_at, scenario: JSON.parse(row.body) as unknown }
    : undefined;
}

/** Stored scenarios, newest first (the workbench's list). */
export async function listScenarios(db: Db, limit: number) {
  const rows = await db.selectFrom('scenarios').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    hash: row.hash,
    created_at: row.created_at,
    scenario: JSON.parse(row.body) as unknown,
  }));
}
