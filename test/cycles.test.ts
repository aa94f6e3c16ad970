import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

/**
 * No import cycles, beside the engine-purity test: none between files, and none between the top-level folders
 * (their layering: engine, then models, datasets, lib, reports, runs, then api, cli, bench). Type-only and dynamic
 * imports count: a cycle through a type or a lazy import still ties two modules' designs together.
 */
const FOLDERS = ['engine', 'lib', 'models', 'datasets', 'reports', 'runs', 'api', 'cli', 'bench'];

/** Cycles another part removes; that part deletes its entry here (a stale entry fails the test). None are left. */
const KNOWN: { owner: string; cycles: string[][] }[] = [];

interface Graph {
  files: Record<string, string[]>;
  fileCycles: string[][];
  skipped: string[];
}

async function importGraph(root: string, folders: string[]): Promise<Graph> {
  const m = await madge(
    folders.map((f) => join(root, f)),
    {
      baseDir: root,
      fileExtensions: ['ts', 'mjs'],
      detectiveOptions: { ts: { skipTypeImports: false, skipAsyncImports: false }, es6: { skipAsyncImports: false } },
    },
  );
  const files = m.obj();
  return { files, fileCycles: fileCycles(files), skipped: m.warnings().skipped };
}

const top = (file: string) => file.split('/')[0]!;

/**
 * Every simple cycle between files. madge's circular() is not exhaustive: its walk does not enter a file twice, so
 * a cycle among files already on a reported cycle is not reported (api/app.ts <-> api/routes/runs.ts hid behind
 * api/app.ts -> api/routes/reports.ts -> api/routes/runs.ts), and a new cycle could hide behind a known one. The
 * cycles are enumerated within each strongly connected component (Tarjan), where they are few.
 */
function fileCycles(files: Record<string, string[]>): string[][] {
  const index = new Map<string, number>(),
    low = new Map<string, number>(),
    stack: string[] = [],
    on = new Set<string>(),
    components: string[][] = [];
  const strong = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    on.add(v);
    for (const w of files[v] ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1 || (files[v] ?? []).includes(v)) components.push(c);
    }
  };
  for (const v of Object.keys(files)) if (!index.has(v)) strong(v);
  const found: string[][] = [];
  for (const comp of components) {
    const inComp = new Set(comp);
    for (const start of [...comp].sort()) {
      const walk = (path: string[]) => {
        for (const next of files[path.at(-1)!] ?? []) {
          if (!inComp.has(next)) continue;
          if (next === start) found.push(path);
          else if (next > start && !path.includes(next)) walk([...path, next]);
        }
      };
      walk([start]);
    }
  }
  return found;
}

/** Cycles between top-level folders, each hop with one import that makes it, e.g. "models/lock.ts -> lib/dual.ts". */
function folderCycles(files: Record<string, string[]>): { cycle: string[]; edges: string[] }[] {
  const edges = new Map<string, Map<string, string>>();
  for (const [from, deps] of Object.entries(files))
    for (const to of deps) {
      const a = top(from),
        b = top(to);
      if (a === b) continue;
      if (!edges.has(a)) edges.set(a, new Map());
      if (!edges.get(a)!.has(b)) edges.get(a)!.set(b, `${from} -> ${to}`);
    }
  const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])])].sort();
  const found: { cycle: string[]; edges: string[] }[] = [];
  const edge = (a: string, b: string) => edges.get(a)!.get(b)!;
  // every simple cycle once, from its smallest folder: a depth-first walk through larger folders only
  for (const start of nodes) {
    const walk = (path: string[]) => {
      for (const next of edges.get(path.at(-1)!)?.keys() ?? []) {
        if (next === start) found.push({ cycle: path, edges: [...path, start].slice(1).map((n, i) => edge(path[i]!, n)) });
        else if (next > start && !path.includes(next)) walk([...path, next]);
      }
    };
    walk([start]);
  }
  return found;
}

/** A cycle written from its smallest member, so that the same cycle always reads the same. */
const canonical = (cycle: string[]) => {
  const i = cycle.indexOf([...cycle].sort()[0]!);
  return [...cycle.slice(i), ...cycle.slice(0, i)].join(' -> ');
};

function cycles(g: Graph, known: string[][] = []): { unexpected: string[]; stale: string[] } {
  const allowed = new Set(known.map(canonical));
  const all = [
    ...g.fileCycles.map((c) => ({ name: canonical(c), how: '' })),
    ...folderCycles(g.files).map((c) => ({ name: canonical(c.cycle), how: c.edges.join('; ') })),
  ];
  const seen = new Set(all.map((c) => c.name));
  return {
    unexpected: all.filter((c) => !allowed.has(c.name)).map((c) => (c.how ? `${c.name} (${c.how})` : c.name)),
    stale: [...allowed].filter((c) => !seen.has(c)),
  };
}

describe('import cycles', () => {
  it('there are none between files or top-level folders of the source (beyond the known ones being removed)', async () => {
    const g = await importGraph(new URL('..', import.meta.url).pathname, FOLDERS);
    expect(Object.keys(g.files).length).toBeGreaterThan(100);
    expect(
      g.skipped.filter((s) => s.startsWith('.')),
      'imports madge could not resolve (a cycle could hide behind them)',
    ).toEqual([]);
    const { unexpected, stale } = cycles(
      g,
      KNOWN.flatMap((k) => k.cycles),
    );
    expect(unexpected, `import cycles:\n${unexpected.join('\n')}`).toEqual([]);
    expect(stale, 'known cycles that are gone: delete them from KNOWN in test/cycles.test.ts').toEqual([]);
  });

  it('finds a cycle between files (through a type import and a dynamic import) and one between folders', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gep-cycles-'));
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    };
    write('a/types.ts', "import type { B } from './b.ts';\nexport type A = { b?: B };\n");
    write('a/b.ts', "import type { A } from './types.ts';\nexport type B = { a?: A };\n");
    write('a/lazy.ts', "export const load = () => import('./user.ts');\n");
    write('a/user.ts', "import { load } from './lazy.ts';\nexport const x = load;\n");
    write('a/top.ts', "import { y } from '../b/mid.ts';\nexport const z = y;\n");
    write('b/mid.ts', "import { w } from '../a/leaf.ts';\nexport const y = w;\n");
    write('a/leaf.ts', 'export const w = 1;\n');
    // every cycle, not only the first walk's: x -> z -> x shares its files with x -> y -> z -> x
    write('a/x.ts', "import { y } from './y.ts';\nimport { z } from './z.ts';\nexport const x = [y, z];\n");
    write('a/y.ts', "import { z } from './z.ts';\nexport const y = z;\n");
    write('a/z.ts', "import type { x } from './x.ts';\nexport const z: typeof x | 1 = 1;\n");
    const g = await importGraph(root, ['a', 'b']);
    expect(cycles(g).unexpected).toEqual([
      'a/b.ts -> a/types.ts',
      'a/lazy.ts -> a/user.ts',
      'a/x.ts -> a/y.ts -> a/z.ts',
      'a/x.ts -> a/z.ts',
      'a -> b (a/top.ts -> b/mid.ts; b/mid.ts -> a/leaf.ts)',
    ]);
    // a known cycle is let through, and one that is no longer there is reported as stale
    expect(
      cycles(g, [
        ['a', 'b'],
        ['a/b.ts', 'a/types.ts'],
        ['a/lazy.ts', 'a/user.ts'],
        ['a/x.ts', 'a/y.ts', 'a/z.ts'],
        ['a/x.ts', 'a/z.ts'],
        ['x', 'y'],
      ]),
    ).toEqual({
      unexpected: [],
      stale: ['x -> y'],
    });
  });
});
