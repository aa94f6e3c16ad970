import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';

declare const __GEP_BUNDLE_URL__: string | undefined;

/**
 * The shipped models' YAML files as the values they parse to, kept as JSON beside the compiled bin
 * (dist/.cache/yaml/<SHA-256 of the text>.json). Parsing model.yaml and coefficients.yaml with a cold YAML parser
 * costs 0.27–0.34 s of CPU in every `gep` command that loads a model; JSON.parse of the same values a few ms.
 * Kept by the text's hash, so an edited file is parsed again; kept only for a document without errors whose value
 * JSON gives back exactly (jsonExact); a build removes the cache (scripts/build-cli.mjs). From the TypeScript
 * sources there is no cache unless a test sets one (useYamlCache).
 *
 * A kept file is `<sha256 of the text's hash and the JSON>\n<JSON>`: it is read only when that digest holds, so a
 * file edited by hand, cut short or copied under another text's name is parsed again (a kept JSON that merely
 * parsed served an edited coefficient as the model's, or refused a published model as "changed"). A kept file is
 * tens of kB: its digest costs about 0.02 ms (measured on coefficients.yaml's).
 */
let dir: string | undefined =
  typeof __GEP_BUNDLE_URL__ === 'string' ? join(dirname(fileURLToPath(__GEP_BUNDLE_URL__)), '.cache', 'yaml') : undefined;

/** Where parsed YAML is kept (undefined: nowhere). For tests; the bundled bin sets it itself. */
export function useYamlCache(at: string | undefined): void {
  dir = at;
}

const keyOf = (text: string) => (dir ? createHash('sha256').update(text).digest('hex') : undefined);
const fileOf = (key: string) => join(dir!, `${key}.json`);
/** What a kept file's first line says: the digest of its key and its JSON together. */
const digestOf = (key: string, json: string) => createHash('sha256').update(`${key}\n`).update(json).digest('hex');

/** The value kept for this text, or undefined. */
export function cachedYaml(text: string): { value: unknown } | undefined {
  const key = keyOf(text);
  if (!key) return undefined;
  try {
    const kept = readFileSync(fileOf(key), 'utf8');
    const nl = kept.indexOf('\n');
    const json = kept.slice(nl + 1);
    if (nl !== 64 || kept.slice(0, nl) !== digestOf(key, json)) return undefined;
    return { value: JSON.parse(json) };
  } catch {
    return undefined;
  }
}

/** Keep the value a text parsed to, when JSON gives it back exactly (a folder that cannot be written keeps nothing). */
export function keepYaml(text: string, value: unknown): void {
  const key = keyOf(text);
  if (!key || !jsonExact(value)) return;
  const file = fileOf(key);
  // a temporary name of its own per process, thread and call: the API's run workers are threads of one process
  const tmp = `${file}.${process.pid}.${threadId}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const json = JSON.stringify(value);
    writeFileSync(tmp, `${digestOf(key, json)}\n${json}`);
    renameSync(tmp, file); // whole or not at all, for a reader at the same time
  } catch {
    // read-only installation: parse every time (and leave no temporary file behind)
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was written
    }
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
