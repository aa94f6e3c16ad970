import type { CompiledModel } from '../../engine/model/types.ts';
import type { Db } from './db.ts';
import type { CoefficientTable } from './schema.ts';

/**
 * Record a model and every dated entry of its coefficients (the value history with sources). A model
 * version is frozen, so a ref already stored with the same hash is left alone; a draft whose content
 * changed is replaced whole.
 */
export async function syncModel(db: Db, model: CompiledModel, now: string): Promise<void> {
  const have = await db.selectFrom('models').select('hash').where('ref', '=', model.ref).executeTakeFirst();
  if (have?.hash === model.hash) return;
  const rows: CoefficientTable[] = [];
  for (const c of model.coefficients.values()) {
    c.entries.forEach((e, seq) => {
      rows.push({
        model_ref: model.ref,
        name: c.name,
        seq,
        valid_from: e.from,
        unit: c.unit.text,
        label_en: c.label.en,
        label_zh: c.label.zh,
        dims: JSON.stringify(c.dims.map((d) => d.name)),
        value: e.scalar ? e.scalar.value.toString() : null,
        value_table: e.table ? JSON.stringify(Object.fromEntries([...e.table].map(([k, v]) => [k, cellText(v)]))) : null,
        range: e.range ? JSON.stringify(e.range) : null,
        price_year: c.currency ? e.priceYear : null,
        price_index: c.priceIndex ?? null,
        source: e.source,
      });
    });
  }
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('coefficients').where('model_ref', '=', model.ref).execute();
    await tx.deleteFrom('models').where('ref', '=', model.ref).execute();
    await tx
      .insertInto('models')
      .values({
        ref: model.ref,
        id: model.id,
        version: model.version,
        status: model.status,
        hash: model.hash,
        title_en: model.title.en,
        title_zh: model.title.zh,
        kind: model.kind,
        loaded_at: now,
      })
      .execute();
    for (let i = 0; i < rows.length; i += 200)
      await tx
        .insertInto('coefficients')
        .values(rows.slice(i, i + 200))
        .execute();
  });
}

function cellText(c: { value: { toString(): string }; low?: { toString(): string }; high?: { toString(): string } }) {
  return c.low || c.high ? { value: c.value.toString(), low: c.low?.toString(), high: c.high?.toString() } : c.value.toString();
}

export const listStoredModels = (db: Db) => db.selectFrom('models').selectAll().orderBy('ref').execute();

/** The entries of one coefficient, oldest first, with the sources. */
export async function coefficientHistory(db: Db, modelRef: string, name: string) {
  const rows = await db
    .selectFrom('coefficients')
    .selectAll()
    .where('model_ref', '=', modelRef)
    .where('name', '=', name)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    valid_from: r.valid_from,
    unit: r.unit,
    label: { en: r.label_en, zh: r.label_zh },
    dims: JSON.parse(r.dims) as string[],
    ...(r.value !== null ? { value: r.value } : {}),
    ...(r.value_table !== null ? { table: JSON.parse(r.value_table) } : {}),
    ...(r.range !== null ? { range: JSON.parse(r.range) } : {}),
    price_year: r.price_year,
    price_index: r.price_index,
    source: r.source,
  }));
}
