import { Migrator, sql, type Kysely, type Migration } from 'kysely';

/**
 * Migrations live in code (not read from a folder) so that they ship with the module. One dialect
 * difference: the audit log's auto-increment id (SQLite `integer primary key autoincrement`, PostgreSQL
 * `serial`).
 */
function migrations(kind: 'sqlite' | 'postgres'): Record<string, Migration> {
  return {
    '2026-11-25-001-initial': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('models')
          .addColumn('ref', 'text', (c) => c.primaryKey())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('version', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('title_en', 'text', (c) => c.notNull())
          .addColumn('title_zh', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('loaded_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('coefficients')
          .addColumn('model_ref', 'text', (c) => c.notNull().references('models.ref').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('valid_from', 'integer', (c) => c.notNull())
          .addColumn('unit', 'text', (c) => c.notNull())
          .addColumn('label_en', 'text', (c) => c.notNull())
          .addColumn('label_zh', 'text', (c) => c.notNull())
          .addColumn('dims', 'text', (c) => c.notNull())
          .addColumn('value', 'text')
          .addColumn('value_table', 'text')
          .addColumn('range', 'text')
          .addColumn('price_year', 'integer')
          .addColumn('price_index', 'text')
          .addColumn('source', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('coefficients_pk', ['model_ref', 'name', 'seq'])
          .execute();
        await db.schema
          .createTable('datasets')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('model_ref', 'text', (c) => c.notNull())
          .addColumn('manifest', 'text', (c) => c.notNull())
          .addColumn('illustrative', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('datasets_name').on('datasets').columns(['name', 'created_at']).execute();
        await db.schema
          .createTable('dataset_files')
          .addColumn('dataset_id', 'text', (c) => c.notNull().references('datasets.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('content', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('dataset_files_pk', ['dataset_id', 'name'])
          .execute();
        await db.schema
          .createTable('scenarios')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('runs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('engine_version', 'text', (c) => c.notNull())
          .addColumn('model', 'text', (c) => c.notNull())
          .addColumn('model_hash', 'text', (c) => c.notNull())
          .addColumn('dataset_id', 'text', (c) => c.notNull())
          .addColumn('dataset_hash', 'text', (c) => c.notNull())
          .addColumn('scenario', 'text', (c) => c.notNull())
          .addColumn('scenario_hash', 'text')
          .addColumn('base_year', 'integer')
          .addColumn('params', 'text', (c) => c.notNull())
          .addColumn('meta', 'text')
          .addColumn('error', 'text')
          .addColumn('row_count', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('started_at', 'text')
          .addColumn('finished_at', 'text')
          .addColumn('duration_ms', 'integer')
          .execute();
        await db.schema.createIndex('runs_status').on('runs').column('status').execute();
        await db.schema
          .createTable('results')
          .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('indicator', 'text', (c) => c.notNull())
          .addColumn('level', 'text', (c) => c.notNull())
          .addColumn('category', 'text', (c) => c.notNull())
          .addColumn('region', 'text', (c) => c.notNull())
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('scenario', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('physical_value', 'text', (c) => c.notNull())
          .addColumn('physical_unit', 'text', (c) => c.notNull())
          .addColumn('money_value', 'text', (c) => c.notNull())
          .addColumn('currency', 'text', (c) => c.notNull())
          .addColumn('price_year', 'text', (c) => c.notNull())
          .addColumn('price_basis', 'text', (c) => c.notNull())
          .addColumn('method', 'text', (c) => c.notNull())
          .addColumn('model', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('results_pk', ['run_id', 'seq'])
          .execute();
        await db.schema.createIndex('results_filter').on('results').columns(['run_id', 'indicator', 'region', 'year']).execute();
        await db.schema
          .createTable('traces')
          .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
          .addColumn('region', 'text', (c) => c.notNull())
          .addColumn('year', 'integer', (c) => c.notNull())
          .addColumn('indicator', 'text', (c) => c.notNull())
          .addColumn('node', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('traces_pk', ['run_id', 'region', 'year', 'indicator'])
          .execute();
        await db.schema
          .createTable('api_keys')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull().unique())
          .addColumn('prefix', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('revoked_at', 'text')
          .execute();
        await db.schema
          .createTable('audit_log')
          .addColumn('id', kind === 'sqlite' ? 'integer' : 'serial', (c) =>
            kind === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
          )
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('key_id', 'text')
          .addColumn('method', 'text', (c) => c.notNull())
          .addColumn('path', 'text', (c) => c.notNull())
          .addColumn('status', 'integer', (c) => c.notNull())
          .addColumn('subject', 'text')
          .execute();
      },
      async down(db: Kysely<any>) {
        for (const t of [
          'audit_log',
          'api_keys',
          'traces',
          'results',
          'runs',
          'scenarios',
          'dataset_files',
          'datasets',
          'coefficients',
          'models',
        ]) {
          await db.schema.dropTable(t).ifExists().execute();
        }
      },
    },
    // Result rows say whether a GEP value was computed or given by the dataset (issue 10, given quantities).
    '2026-12-01-001-result-origin': {
      async up(db: Kysely<any>) {
        await db.schema
          .alterTable('results')
          .addColumn('origin', 'text', (c) => c.notNull().defaultTo(''))
          .execute();
      },
    },
  };
}

/** Bring the store's schema up to date (or, in tests of an upgrade, only up to the migration `upTo`). */
export async function migrate(db: Kysely<any>, kind: 'sqlite' | 'postgres', upTo?: string): Promise<void> {
  // Kysely looks for its migration tables in every schema unless told which one: a database that holds another
  // schema's store (other tests, another deployment) then skips creating them here and fails with
  // 'relation "kysely_migration_lock" does not exist'. They live in the store's own schema (the search_path's first).
  const migrationTableSchema =
    kind === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations(kind) },
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error, results } = await (upTo ? migrator.migrateTo(upTo) : migrator.migrateToLatest());
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`store migration ${failed?.migrationName ?? ''} failed: ${(error as Error)?.message ?? error}`);
}

/** Used by tests: the number of rows in every table, to show that a refused write left the store unchanged. */
export async function tableCounts(db: Kysely<any>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of [
    'models',
    'coefficients',
    'datasets',
    'dataset_files',
    'scenarios',
    'runs',
    'results',
    'traces',
    'api_keys',
    'audit_log',
  ]) {
    const r = await db.selectFrom(t).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}
