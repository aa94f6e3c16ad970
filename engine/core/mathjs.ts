import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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
 * `gep uncertainty` on a loaded machine). The package's exports do not list these files, so they are required by
 * path from the package's folder.
 */
export function mathjsParser(): Pick<MathJs, 'parse'> {
  if (!parseOnly) {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('mathjs/package.json'));
    const { create } = require(join(dir, 'lib/cjs/core/create.js')) as Pick<MathJs, 'create'>;
    const { parseDependencies } = require(join(dir, 'lib/cjs/entry/dependenciesAny/dependenciesParse.generated.js')) as Pick<
      MathJs,
      'parseDependencies'
    >;
    parseOnly = create({ parseDependencies: parseDependencies! }, { number: 'BigNumber', precision: 64 });
  }
  return parseOnly;
}
