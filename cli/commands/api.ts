import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { IssuesError, type IssueCode } from '../../engine/core/errors.ts';
import { refuse } from '../common.ts';
import { errLine, type Io, outLine } from '../io.ts';

// The server's modules (fastify, kysely, exceljs, echarts) load only when one of these commands runs,
// so that `gep account` and the other commands start as fast as before.
const store = () => import('../../api/store/db.ts');
const now = () => new Date().toISOString();
/** What a store command names is not there (or not in a state to use): a refusal of the command, by its code. */
const refused = (code: IssueCode, message: string): never => {
  throw new IssuesError('command', [{ code, message }]);
};
type Store = Awaited<ReturnType<Awaited<ReturnType<typeof store>>['openStore']>>;
const withStore = async <T>(f: (s: Store) => Promise<T>): Promise<T> => {
  const s = await (await store()).openStore();
  try {
    return await f(s);
  } finally {
    await s.close();
  }
};

/** The server commands: serve, report, keys. They use the store in GEP_DATA_DIR (./data) or DATABASE_URL. */
export function registerApiCommands(program: Command, io: Io): void {
  const say = outLine(io);
  const warn = errLine(io);
  program
    .command('serve')
    .description('start the HTTP API (OpenAPI at /docs); store: data/gep.sqlite, or PostgreSQL when DATABASE_URL is set')
    .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
    .option('-p, --port <port>', 'port', process.env.PORT ?? '3000')
    .option('--quiet', 'no request log')
    .option('--no-worker', 'only serve: runs are computed by `gep worker` processes on the same store')
    .action(async (o) => {
      const port = /^\d+$/.test(o.port) ? Number(o.port) : refuse(`"${o.port}" is not a port`);
      const { serve } = await import('../../api/server.ts');
      const { webRoutes } = await import('../../web/plugin.ts');
      const say = (line: string) => warn(line);
      const { address, store: s } = await serve({
        host: o.host,
        port,
        logRequests: !o.quiet,
        signals: ['SIGINT', 'SIGTERM'],
        say,
        plugins: [webRoutes], // the browser workbench at /
        ...(o.worker ? {} : { config: { worker: false } }),
      });
      const where = s.kind === 'sqlite' ? resolve((await store()).dataDir(), 'gep.sqlite') : 'PostgreSQL';
      say(`gep serve: listening on ${address} (store: ${where}; API docs at /docs)`);
    });

  program
    .command('worker')
    .description(
      'compute runs from the store without the HTTP API (DATABASE_URL, or data/gep.sqlite): start workers on more machines against one PostgreSQL to add capacity; SIGTERM finishes the runs in progress, then stops',
    )
    .option('-c, --concurrency <n>', 'runs (or chunks of a Monte Carlo) computed at once, each in a worker thread', '1')
    .action(async (o) => {
      const concurrency = /^[1-9]\d{0,2}$/.test(o.concurrency)
        ? Number(o.concurrency)
        : refuse(`--concurrency must be 1 to 999, not "${o.concurrency}"`);
      const { startWorker } = await import('../../api/jobs/standalone.ts');
      const w = await startWorker({
        concurrency,
        log: { error: (x: { err?: Error }, msg) => warn(`gep worker: ${msg}: ${x.err?.message ?? ''}`) },
      });
      warn(
        `gep worker: ${concurrency} at a time (store: ${w.store.kind === 'sqlite' ? resolve((await store()).dataDir(), 'gep.sqlite') : 'PostgreSQL'})`,
      );
      const signal = await new Promise<NodeJS.Signals>((r) => {
        process.once('SIGTERM', r);
        process.once('SIGINT', r);
      });
      warn(`gep worker: ${signal}: finishing the runs in progress, then stopping`);
      await w.stop();
    });

  program
    .command('report <run>')
    .description('write the report of a stored run (posted with POST /runs) as html, xlsx, csv or json')
    .option('-f, --format <format>', 'html | xlsx | csv | json', 'html')
    .option('-l, --lang <lang>', 'zh | en', 'en')
    .option('-o, --out <file>', 'output file (default out/reports/gep-<run>-<lang>.<format>; "-" for stdout)')
    .action(async (id: string, o) => {
      if (!['html', 'xlsx', 'csv', 'json'].includes(o.format)) refuse(`--format must be html, xlsx, csv or json, not "${o.format}"`);
      if (!['zh', 'en'].includes(o.lang)) refuse(`--lang must be zh or en, not "${o.lang}"`);
      if (o.lang === 'zh' && o.format === 'html') {
        const w = (await import('../cjk-font.ts')).cjkFontWarning();
        if (w) warn(w);
      }
      await withStore(async (s) => {
        const { getRun, allResults } = await import('../../api/store/runs.ts');
        const row = await getRun(s.db, id);
        if (!row) refused('not_found', `no run "${id}" in the store (list them with GET /runs, make one with POST /runs)`);
        if (row!.status !== 'done') refused('run_not_done', `run ${id} is ${row!.status}`);
        let body: string | Buffer;
        if (o.format === 'csv') body = (await import('../../reports/results-csv.ts')).rowsCsv(await allResults(s.db, id));
        else {
          const { RunService } = await import('../../api/runs.ts');
          const { Catalogue } = await import('../../api/catalogue.ts');
          const { reportParts } = await import('../../api/routes/reports.ts');
          const runs = new RunService(s.db, new Catalogue(s.db, (await store()).dataDir()), 1, now);
          body = await (await import('../../reports/render.ts')).renderReport(
            o.format,
            await reportParts(runs, s.db, id, JSON.parse(row!.params)),
            o.lang,
          );
        }
        if (o.out === '-') {
          if (typeof body === 'string') io.out(body);
          else if (io.outBytes) io.outBytes(body);
          else refuse(`a ${o.format} report is binary: write it to a file with -o <file>`);
          return;
        }
        const file = resolve(o.out ?? `out/reports/gep-${id}-${o.lang}.${o.format}`);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, body);
        say(`wrote ${file}`);
      });
    });

  const keys = program.command('keys').description('API keys for writes (stored hashed; a key is shown once, when created)');
  keys
    .command('create <name>')
    .description('create a key and print it (once)')
    .action(async (name: string) => {
      await withStore(async (s) => {
        const { id, key } = await (await import('../../api/store/keys.ts')).createKey(s.db, name, now());
        say(key);
        warn(`key ${id} ("${name}") created; it is shown this once — keep it (only its sha256 is stored)`);
      });
    });
  keys
    .command('list')
    .description('list keys (id, name, prefix, created, revoked)')
    .action(async () => {
      await withStore(async (s) => {
        for (const k of await (await import('../../api/store/keys.ts')).listKeys(s.db))
          say(`${k.id}  ${k.prefix}…  ${k.name}  created ${k.created_at}${k.revoked_at ? `  REVOKED ${k.revoked_at}` : ''}`);
      });
    });
  keys
    .command('revoke <id>')
    .description('revoke a key by its id')
    .action(async (id: string) => {
      await withStore(async (s) => {
        if (!(await (await import('../../api/store/keys.ts')).revokeKey(s.db, id, now())))
          refused('not_found', `no active key "${id}" (list them with gep keys list)`);
        say(`key ${id} revoked`);
      });
    });
}
