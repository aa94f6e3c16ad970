import { createRequire } from 'node:module';

type MathJs = typeof import('mathjs');
let loaded: MathJs | undefined;

/**
 * mathjs, loaded the first time it is needed (a formula parsed, a regression solved), not when the CLI starts:
 * importing all of it costs about half a second, which `gep --version`, help and most commands never need.
 */
export function mathjs(): MathJs {
  loaded ??= createRequire(import.meta.url)('mathjs') as MathJs;
  return loaded;
}
