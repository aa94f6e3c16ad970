// Build the published `gep` bin: cli/gep.ts and everything it imports from this repository bundled by esbuild into
// one ES module, dist/gep.mjs (packages stay in node_modules). Run at install time (`prepare`, so `npm ci` builds it)
// and before `npm start`; tests and `npm run gep` keep running on the TypeScript sources through tsx.
//
// Files that find data or workers next to their source (models/, datasets/, lib/workers/entry.mjs, api/run-worker.ts)
// use import.meta.url / import.meta.dirname: each module's own is rewritten to its source file's location, relative
// to the bundle, so that those paths resolve from dist/ exactly as they do from the sources.
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--outdir <dir>` builds elsewhere (the test builds into a temporary folder); paths are relative to it either way.
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? resolve(process.argv[at + 1]) : join(root, 'dist');
const posix = (p) => p.split(sep).join('/');

const sourceLocations = {
  name: 'source-locations',
  setup(b) {
    b.onLoad({ filter: /\.(ts|mjs)$/ }, async (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const text = await readFile(args.path, 'utf8');
      const file = posix(relative(outdir, args.path));
      const dir = posix(relative(outdir, dirname(args.path))) || '.';
      const contents = text
        .replace(/^#!.*\n/, '') // the sources' `npx tsx` line: the bundle's own is the banner's
        .replaceAll('import.meta.url', `new URL(${JSON.stringify(file)}, import.meta.url).href`)
        .replaceAll('import.meta.dirname', `__gepSourcePath(new URL(${JSON.stringify(`${dir}/`)}, import.meta.url))`);
      return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

const started = Date.now();
// what the previous build's bin kept (cli/models-listing.ts) was made by its code: a new bin lists the models anew
await rm(join(outdir, '.cache'), { recursive: true, force: true });
await build({
  // the CLI, and the worker threads' entries (piscina: lib/workers/pool.ts, api/jobs/pool.ts), so that dist/ runs
  // without tsx: from the bundle the pools load dist/workers/tasks.mjs and dist/run-worker.mjs
  entryPoints: [
    { in: join(root, 'cli/gep.ts'), out: 'gep' },
    { in: join(root, 'lib/workers/tasks.ts'), out: 'workers/tasks' },
    { in: join(root, 'api/run-worker.ts'), out: 'run-worker' },
  ],
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: '[name]-[hash]',
  // the commands are a chunk of their own, loaded after `gep --version` has had its answer
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  plugins: [sourceLocations],
  // every chunk lies in dist/ (entries in dist/ or dist/workers/): its import.meta.url locates the worker entries
  banner: {
    js: "#!/usr/bin/env node\nimport { fileURLToPath as __gepSourcePath } from 'node:url';\nconst __gepBundleUrl = import.meta.url;",
  },
  define: { __GEP_BUNDLE_URL__: '__gepBundleUrl' },
  sourcemap: 'linked',
  logLevel: 'warning',
});
console.log(`built ${relative(process.cwd(), join(outdir, 'gep.mjs'))} in ${Date.now() - started} ms`);
