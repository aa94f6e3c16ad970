import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PARSE_FACTORIES } from './mathjs-parse-factories.ts';

type MathJs = typeof import('mathjs');
let loaded: MathJs | undefined;
let parseOnly: Pick<MathJs, 'parse'> | undefined;

/**
 * mathjs, loaded the first time it is needed (a formula parsed, a regression solved), not when the CLI starts:
 * importing all of it costs about half a second, which `gep --version`, help and most commands never need.
 */
export function mathjs(): MathJs {
  loaded ??= createRequire(import.meta.url)('mathjs') as MathJs;
  return loaded;
}

/**
 * mathjs's formula parser alone, in BigNumber mode (so that constants keep their exact digits): the same parse
 * function as the whole library's (lib/cjs/expression/parse.js, same configuration), made from its own
 * dependencies, without creating the hundreds of typed functions `create(all)` makes (about 2 s of a 3 s
 * `gep uncertainty` on a loaded machine). The dependencies are required file by file (mathjs-parse-factories.ts:
 * 0.52 → 0.33 s of CPU); the package's exports do not list these files, so they are required by path.
 */
export function mathjsParser(): Pick<MathJs, 'parse'> {
  if (!parseOnly) {
    const require = createRequire(import.meta.url);
    const lib = join(dirname(require.resolve('mathjs/package.json')), 'lib/cjs');
    const { create } = require(join(lib, 'core/create.js')) as Pick<MathJs, 'create'>;
    const factories = Object.fromEntries(
      Object.entries(PARSE_FACTORIES).map(([name, file]) => [name, (require(join(lib, file)) as Record<string, unknown>)[name]]),
    ) as Parameters<MathJs['create']>[0];
    parseOnly = create(factories, { number: 'BigNumber', precision: 64 });
  }
  return parseOnly;
}
