import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mathjsParser } from '../../engine/core/mathjs.ts';
import { PARSE_FACTORIES } from '../../engine/core/mathjs-parse-factories.ts';

// The parser made from PARSE_FACTORIES (file by file) is the parser made from mathjs's generated dependency list.
const require = createRequire(import.meta.url);
const lib = join(dirname(require.resolve('mathjs/package.json')), 'lib/cjs');

describe('mathjs formula parser from its own factories', () => {
  it('lists exactly the factories of the generated parse dependencies, each from the file factoriesAny.js names', () => {
    const { parseDependencies } = require(join(lib, 'entry/dependenciesAny/dependenciesParse.generated.js'));
    const names = new Set<string>();
    const walk = (o: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(o)) k.startsWith('create') ? names.add(k) : walk(v as Record<string, unknown>);
    };
    walk(parseDependencies);
    expect(Object.keys(PARSE_FACTORIES).sort()).toEqual([...names].sort());
    const all = require(join(lib, 'factoriesAny.js')) as Record<string, unknown>;
    for (const [name, file] of Object.entries(PARSE_FACTORIES)) expect(require(join(lib, file))[name], name).toBe(all[name]);
  });

  it('parses every formula of the shipped models as the generated dependency list does', () => {
    const { create } = require(join(lib, 'core/create.js'));
    const { parseDependencies } = require(join(lib, 'entry/dependenciesAny/dependenciesParse.generated.js'));
    const full = create({ parseDependencies }, { number: 'BigNumber', precision: 64 });
    const root = new URL('../../models/', import.meta.url).pathname;
    const texts = (readdirSync(root, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => [...readFileSync(join(root, f), 'utf8').matchAll(/^\s*(?:formula|money|physical|value): (.+)$/gm)].map((m) => m[1]!));
    expect(texts.length).toBeGreaterThan(50);
    for (const t of [...texts, '2 * -3.25e-4 ^ 0.678', 'area["forest"] + a.b.money']) {
      let a: string, b: string;
      try {
        const n = mathjsParser().parse(t);
        a = `${n.toString()} ${JSON.stringify(n)}`;
      } catch (e) {
        a = String(e);
      }
      try {
        const n = full.parse(t);
        b = `${n.toString()} ${JSON.stringify(n)}`;
      } catch (e) {
        b = String(e);
      }
      expect(a, t).toBe(b);
    }
  });
});
