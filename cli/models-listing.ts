import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

declare const __GEP_BUNDLE_URL__: string | undefined;

/**
 * What `gep models` printed, kept beside the compiled bin (dist/.cache/models-listing.json) under the SHA-256 of
 * every file in models/. Listing the models validates, hashes and compiles each shipped version (2.4 s of a 2.5 s
 * command); the text depends on nothing but those files and the code, and a build removes the cache
 * (scripts/build-cli.mjs), so the same files give the same text without compiling them again (0.1 s). A file edited,
 * added or removed changes the key, and the models are loaded (and checked against published.lock.json) again.
 * Run from the TypeScript sources there is no cache: every listing loads the models.
 */
export interface ModelsListingCache {
  /** The folder whose files key the listing (models/). */
  modelsDir: string;
  /** Where the listing is kept. */
  file: string;
}

const MODELS = join(import.meta.dirname, '..', 'models');

/** The bundled bin's cache (undefined from the sources). */
export function bundledListingCache(): ModelsListingCache | undefined {
  if (typeof __GEP_BUNDLE_URL__ !== 'string') return undefined;
  return { modelsDir: MODELS, file: join(dirname(fileURLToPath(__GEP_BUNDLE_URL__)), '.cache', 'models-listing.json') };
}

/** SHA-256 over every file under `dir`: its path relative to `dir` and its bytes, in path order. */
export function folderHash(dir: string): string {
  const h = createHash('sha256');
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(join(dir, f)).isFile()).sort();
  for (const f of files) {
    const bytes = readFileSync(join(dir, f));
    h.update(`${f}\0${bytes.length}\0`).update(bytes);
  }
  return h.digest('hex');
}

/**
 * What a kept listing says of itself: the digest of its key and its text together. A listing edited by hand (or
 * written by anything but keepListing) is not printed: the models are listed the slow way and kept again.
 */
const digestOf = (models: string, text: string) => createHash('sha256').update(`${models}\n`).update(text).digest('hex');

/** The listing kept for the models folder as it is now, or undefined (none, another folder state, unreadable). */
export function cachedListing(c: ModelsListingCache | undefined): string | undefined {
  if (!c) return undefined;
  try {
    const kept = JSON.parse(readFileSync(c.file, 'utf8')) as { models: string; text: string; digest: string };
    if (typeof kept.text !== 'string' || kept.digest !== digestOf(kept.models, kept.text)) return undefined;
    return kept.models === folderHash(c.modelsDir) ? kept.text : undefined;
  } catch {
    return undefined;
  }
}

/** Keep a listing made from the models folder whose folderHash was `models` (taken before they were loaded). */
export function keepListing(c: ModelsListingCache | undefined, models: string, text: string): void {
  if (!c) return;
  try {
    mkdirSync(dirname(c.file), { recursive: true });
    const tmp = `${c.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ models, text, digest: digestOf(models, text) }));
    renameSync(tmp, c.file); // whole or not at all, for a second `gep models` running at the same time
  } catch {
    // a read-only installation lists its models the slow way
  }
}
