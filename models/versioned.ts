import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import type { z } from 'zod';
import { canonicalJson } from '../engine/core/canonical-json.ts';
import { type Issue, IssuesError } from '../engine/core/errors.ts';
import { cachedYaml, keepYaml } from './yaml-cache.ts';

// The one loader of versioned data (GEP models, carbon factor sets, dual specs, scorecards, defaults, and the
// kinds to come): read the YAML → validate against the kind's schema (every problem, by path) → content hash →
// lock check → the kind's compile step. A kind is one declaration (VersionedKind); models/registry.ts lists them.

/** Where shipped versioned data lives: this folder, with the lock of frozen versions beside it. */
export const MODELS_DIR = dirname(fileURLToPath(import.meta.url));
const LOCK_FILE = 'published.lock.json';

/** Every versioned document names itself and its version. */
export interface Versioned {
  id: string;
  version: string;
}

export interface VersionedKind<Data extends Versioned, Loaded = Data> {
  /** What messages call an item of this kind, e.g. "model", "carbon factor set". */
  name: string;
  /** Shipped items are models/<dir>/<id>/<file> when `file` is set (a folder per item), else models/<dir>/<id>.yaml. */
  dir: string;
  file?: string;
  /** Reads an item's document from its main file (default: that YAML file alone); may push problems to `issues`. */
  read?(file: string, root: string, issues: Issue[]): unknown;
  schema: z.ZodType<Data>;
  /**
   * What the content hash covers: the document as validated (with the schema's defaults; the default), or as read.
   * Factor sets were always hashed as read; changing that would change every hash in the lock.
   */
  hashes?: 'validated' | 'read';
  /** The part of the validated document the hash covers, when not all of it (GEP models leave out key aliases). */
  hashed?(data: Data): unknown;
  /**
   * When an item must match models/published.lock.json: when it says `status: published` (wherever it is read
   * from: a copy claims the frozen version's name), when it is shipped in models/ (a user's file is hashed, not
   * locked), or never (defaults: a run records the values it used, not the file).
   */
  frozen: 'published' | 'shipped' | 'never';
  /** The step after validation (compile a model, check a scorecard's rules); default: the validated data. */
  compile?(data: Data, hash: string, file: string): Loaded;
}

export interface Item<Data, Loaded> {
  value: Loaded;
  data: Data;
  /** sha256 of the canonical JSON of the data: what run ids and the lock record. */
  hash: string;
  /** The lock key, e.g. "cn-gep-2022@1.0.0" or "dual/cn-dual-2022@1.0.0". */
  key: string;
  /** The main file, as messages name it (relative to the working directory). */
  file: string;
  shipped: boolean;
  frozen: boolean;
}

export interface LoadOptions {
  /** The folder of shipped data and of the lock (tests use a copy). */
  root?: string;
  /** Check frozen items against the lock (models/lock.ts, which records them, turns it off). */
  checkLock?: boolean;
}

/** sha256 of the canonical JSON of a value: the one content hash of versioned data. */
export function contentHash(x: unknown): string {
  return createHash('sha256').update(canonicalJson(x)).digest('hex');
}

/** The lock key of an item: "<id>@<version>", prefixed by the kind's folder in models/ when it has one. */
export function lockKey(kind: { dir: string }, x: Versioned): string {
  return `${kind.dir ? `${kind.dir}/` : ''}${x.id}@${x.version}`;
}

export function readLock(root = MODELS_DIR): Record<string, string> {
  const file = join(root, LOCK_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
}

export const unlockedMessage = (key: string, draftable: boolean) =>
  `${key} is published but not in models/${LOCK_FILE}: record it with "npx tsx models/lock.ts" (it must be in models/)${draftable ? ', or mark it draft' : ''}`;
export const changedMessage = (key: string, hash: string, recorded: string) =>
  `${key} is published and frozen, but its content changed (hash ${hash.slice(0, 12)}…, recorded ${recorded.slice(0, 12)}…): publish the change as a new version`;

/** A frozen item must have the content the lock recorded: the one lock check of every kind. */
export function checkLocked(key: string, hash: string, file: string, lock = readLock(), draftable = false): void {
  const recorded = lock[key];
  if (recorded === hash) return;
  throw new IssuesError('model', [
    recorded === undefined
      ? { code: 'published_model_unlocked', file, message: unlockedMessage(key, draftable) }
      : { code: 'published_model_changed', file, message: changedMessage(key, hash, recorded) },
  ]);
}

/** Ids of the items of a kind shipped in models/, sorted. */
export function listShipped(kind: VersionedKind<Versioned, unknown>, root = MODELS_DIR): string[] {
  const dir = join(root, kind.dir);
  if (!existsSync(dir)) return [];
  const entries = readdirSync(dir, { withFileTypes: true });
  const ids = kind.file
    ? entries.filter((e) => e.isDirectory() && existsSync(join(dir, e.name, kind.file!))).map((e) => e.name)
    : entries.filter((e) => e.isFile() && e.name.endsWith('.yaml')).map((e) => e.name.slice(0, -'.yaml'.length));
  return ids.sort();
}

/** Load an item by id (shipped in models/) or by path (a folder or its main file, or a file), through every step. */
export function loadItem<Data extends Versioned, Loaded>(
  kind: VersionedKind<Data, Loaded>,
  idOrPath: string,
  opts: LoadOptions = {},
): Item<Data, Loaded> {
  const root = opts.root ?? MODELS_DIR;
  const { path, shipped } = locate(kind, idOrPath, root);
  const file = displayName(path);
  if (!existsSync(path)) {
    const ids = listShipped(kind, root);
    throw new IssuesError('model', [
      {
        code: 'not_found',
        file,
        message: `no ${kind.name} "${idOrPath}": none is shipped by that id (${ids.join(', ') || 'none'}), and there is no such file`,
      },
    ]);
  }
  const issues: Issue[] = [];
  const read = kind.read ? kind.read(path, root, issues) : readYaml(path, issues);
  if (issues.length) throw new IssuesError('model', issues);
  const { data, hash } = validate(kind, read, file);
  const key = lockKey(kind, data);
  const frozen = kind.frozen === 'shipped' ? shipped : kind.frozen === 'published' && (data as { status?: unknown }).status === 'published';
  if (frozen && opts.checkLock !== false) checkLocked(key, hash, file, readLock(root), kind.frozen === 'published');
  const value = kind.compile ? kind.compile(data, hash, file) : (data as unknown as Loaded);
  return { value, data, hash, key, file, shipped, frozen };
}

/** Validate, hash and compile a document held in memory (a model built by a test, an upload): no lock check. */
export function loadData<Data extends Versioned, Loaded>(kind: VersionedKind<Data, Loaded>, doc: unknown, file: string): Loaded {
  const { data, hash } = validate(kind, doc, file);
  return kind.compile ? kind.compile(data, hash, file) : (data as unknown as Loaded);
}

function validate<Data extends Versioned>(kind: VersionedKind<Data, unknown>, doc: unknown, file: string): { data: Data; hash: string } {
  const parsed = kind.schema.safeParse(doc);
  if (!parsed.success)
    throw new IssuesError(
      'model',
      parsed.error.issues.map((i) => ({ code: 'schema_invalid', file, path: i.path.map(String).join('.'), message: i.message })),
    );
  return { data: parsed.data, hash: contentHash(kind.hashes === 'read' ? doc : kind.hashed ? kind.hashed(parsed.data) : parsed.data) };
}

/** Alias expansions a YAML file may make (the yaml package's default, stated): an alias bomb is refused, not expanded. */
export const MAX_YAML_ALIASES = 100;

/**
 * A YAML (or JSON) file given by the user, or why it cannot be read pushed to `issues` (then undefined): not a
 * file (a folder), its syntax errors with line and column, an alias bomb. Every user YAML file is read here.
 */
export function readYaml(path: string, issues: Issue[], file = displayName(path)): unknown {
  if (!existsSync(path) || !statSync(path).isFile()) {
    issues.push({ code: 'file_missing', file, message: existsSync(path) ? 'is a folder, not a file' : 'no such file' });
    return undefined;
  }
  const text = readFileSync(path, 'utf8');
  // a shipped model file parsed before by the bundled bin is read from its JSON (models/yaml-cache.ts)
  const shipped = resolve(path).startsWith(MODELS_DIR + sep);
  const kept = shipped ? cachedYaml(text) : undefined;
  if (kept) return kept.value;
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  for (const e of doc.errors) issues.push({ code: 'yaml_syntax', file, message: e.message });
  try {
    const value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    if (shipped && !doc.errors.length) keepYaml(text, value);
    return value;
  } catch (e) {
    // yaml refuses a document whose aliases expand beyond the limit (a "billion laughs" bomb) with a ReferenceError
    issues.push({ code: 'yaml_aliases', file, message: `${(e as Error).message} (at most ${MAX_YAML_ALIASES} alias expansions)` });
    return undefined;
  }
}

export function displayName(file: string): string {
  return relative(process.cwd(), file) || file;
}

const SHIPPED_ID = /^[a-z0-9][a-z0-9._-]*$/;

function locate(kind: VersionedKind<Versioned, unknown>, idOrPath: string, root: string): { path: string; shipped: boolean } {
  const home = resolve(root, kind.dir);
  const byId = kind.file ? join(home, idOrPath, kind.file) : join(home, `${idOrPath}.yaml`);
  let path = SHIPPED_ID.test(idOrPath) && existsSync(byId) ? byId : resolve(idOrPath);
  // a folder kind takes the folder or its main file
  if (kind.file && !(basename(path) === kind.file && existsSync(path) && statSync(path).isFile())) path = join(path, kind.file);
  // shipped: at its place in models/, whether named by id or by path
  return { path, shipped: dirname(kind.file ? dirname(path) : path) === home };
}
