import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

declare const __GEP_BUNDLE_URL__: string | undefined;

/**
 * The shipped models' YAML files as the values they parse to, kept as JSON beside the compiled bin
 * (dist/.cache/yaml/<SHA-256 of the text>.json). Parsing model.yaml and coefficients.yaml with a cold YAML parser
 * costs 0.27–0.34 s of CPU in every `gep` command that loads a model; JSON.parse of the same values a few ms.
 * Kept by the text's hash, so an edited file is parsed again; kept only for a document without errors whose value
 * JSON gives back exactly (jsonExact); a build removes the cache (scripts/build-cli.mjs). From the TypeScript
 * sources there is no cache unless a test sets one (useYamlCache).
 */
let dir: string | undefined =
  typeof __GEP_BUNDLE_URL__ === 'string' ? join(dirname(fileURLToPath(__GEP_BUNDLE_URL__)), '.cache', 'yaml') : undefined;

/** Where parsed YAML is kept (undefined: nowhere). For tests; the bundled bin sets it itself. */
export function useYamlCache(at: string | undefined): void {
  dir = at;
}

const fileOf = (text: string) => (dir ? join(dir, `${createHash('sha256').update(text).digest('hex')}.json`) : undefined);

/** The value kept for this text, or undefined. */
export function cachedYaml(text: string): { value: unknown } | undefined {
  const file = fileOf(text);
  if (!file) return undefined;
  try {
    return { value: JSON.parse(readFileSync(file, 'utf8')) };
  } catch {
    return undefined;
  }
}

/** Keep the value a text parsed to, when JSON gives it back exactly (a folder that cannot be written keeps nothing). */
export function keepYaml(text: string, value: unknown): void {
  const file = fileOf(text);
  if (!file || !jsonExact(value)) return;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(value));
    renameSync(tmp, file);
  } catch {
    // read-only installation: parse every time
  }
}

/** Whether JSON.parse(JSON.stringify(v)) is v: plain objects and arrays of strings, booleans, null, finite numbers (not −0). */
export function jsonExact(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!(i in v) || !jsonExact(v[i])) return false;
    return true;
  }
  if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
  return Object.values(v).every(jsonExact);
}
