import type { CompiledQuery, KyselyPlugin, QueryResult } from 'kysely';
import type { Db } from '../../api/store/db.ts';

/**
 * The store's Kysely with every statement it runs handed to `hook` at the driver's connection, prepared ones too
 * (api/store/prepared.ts: they bypass Kysely's builders and plugins' query transforms). `run` executes the
 * statement; the hook may count it, hold it, or both. The store's own db is left as it is.
 */
export function hookStatements(
  db: Db,
  hook: (q: CompiledQuery, run: () => Promise<QueryResult<unknown>>) => Promise<QueryResult<unknown>>,
): Db {
  // a plugin that changes nothing: withPlugin gives the hooked db an executor of its own
  const asIs: KyselyPlugin = { transformQuery: (a) => a.node, transformResult: async (a) => a.result };
  const hooked = db.withPlugin(asIs);
  const executor = hooked.getExecutor();
  const provide = executor.provideConnection.bind(executor);
  executor.provideConnection = (consumer) =>
    provide((conn) =>
      consumer({
        executeQuery: <R>(q: CompiledQuery) => hook(q, () => conn.executeQuery(q)) as Promise<QueryResult<R>>,
        streamQuery: (q, rows) => conn.streamQuery(q, rows),
      }),
    );
  return hooked;
}
