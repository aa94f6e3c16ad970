import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import YAML from 'yaml';
import { IssuesError } from '../engine/core/errors.ts';
import { schemaIssues } from '../engine/model/schema-issues.ts';
import { Manifest } from './manifest.ts';

/** Alias expansions a manifest may make (the yaml package's default, stated): an alias bomb is refused, not expanded. */
const MAX_ALIASES = 100;

/** A file name as the user should see it in a message: relative to the working directory. */
export const displayName = (f: string): string => relative(process.cwd(), f) || f;

/**
 * Read and check a dataset folder's dataset.yaml (shared by the GEP, economy and carbon loaders): missing,
 * not UTF-8, YAML syntax and schema problems are thrown, all of them, naming the file and the field.
 */
export function readManifest(dir: string): { manifest: Manifest; bytes: Buffer; file: string } {
  const path = join(dir, 'dataset.yaml');
  const file = displayName(path);
  if (!existsSync(path))
    throw new IssuesError('dataset', [{ code: 'manifest_missing', file, message: 'every dataset folder has a dataset.yaml manifest' }]);
  const bytes = readFileSync(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new IssuesError('dataset', [{ code: 'not_utf8', file, message: 'the manifest is not UTF-8 text' }]);
  }
  const doc = YAML.parseDocument(text);
  if (doc.errors.length)
    throw new IssuesError(
      'dataset',
      doc.errors.map((e) => ({ code: 'yaml_syntax', file, message: e.message })),
    );
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    // yaml refuses a document whose aliases expand beyond the limit (a "billion laughs" bomb) with a ReferenceError
    throw new IssuesError('dataset', [
      { code: 'yaml_aliases', file, message: `${(e as Error).message} (at most ${MAX_ALIASES} alias expansions)` },
    ]);
  }
  const m = Manifest.safeParse(raw);
  if (!m.success)
    throw new IssuesError(
      'dataset',
      schemaIssues(m.error.issues, 'schema_invalid').map((i) => ({ ...i, file })),
    );
  return { manifest: m.data, bytes, file };
}
