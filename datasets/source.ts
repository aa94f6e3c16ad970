import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import YAML from 'yaml';
import { type Issue, IssuesError } from '../engine/core/errors.ts';
import { readCsv, type Row } from './csv.ts';
import { COLUMNS, EXTRA_COLUMNS, type Manifest } from './manifest.ts';

// Where a dataset's manifest and tables come from: a folder of CSV files with dataset.yaml, or one .xlsx
// workbook with a sheet per table (datasets/xlsx.ts). Both give the loaders the same things: the manifest as
// data, and per table the name it is shown by in messages and its rows. openSource (datasets/open-source.ts)
// tells them apart.

export type Table = keyof typeof COLUMNS;
export interface TableRows {
  /** The table as messages name it: the file, or the workbook and its sheet. */
  file: string;
  rows: Row[];
}
export interface DatasetHash {
  /** sha256 over the manifest and every table it lists, in the fixed order of COLUMNS. */
  hash: string;
  /** What the hash is over, one entry per file (a folder) or per sheet read (a workbook). */
  files: { name: string; sha256: string }[];
}

export interface DatasetSource {
  /** The folder or the workbook, resolved. */
  readonly path: string;
  readonly kind: 'folder' | 'workbook';
  /** The manifest as messages name it. */
  readonly manifestFile: string;
  /** The manifest as data, before its schema is checked; a manifest that does not parse is thrown, every problem at once. */
  manifestData(): unknown;
  /** The table the manifest lists under `name`, or undefined with the problem pushed to `issues`. */
  table(table: Table, name: string, issues: Issue[]): TableRows | undefined;
  hash(manifest: Manifest): DatasetHash;
  /** Problems as the user should see them: a workbook's name their sheet, row and column as a cell (observations!D12). */
  locate(issues: Issue[]): Issue[];
  /** What was converted on the way in and is worth saying (a workbook's formulas and dates, its sheets not read). */
  notes(): Issue[];
}

/** Alias expansions a manifest may make (the yaml package's default, stated): an alias bomb is refused, not expanded. */
const MAX_ALIASES = 100;

/** A file name as the user should see it in a message: relative to the working directory. */
export const displayName = (f: string): string => relative(process.cwd(), f) || f;

/** A dataset folder as a source (datasets/open-source.ts decides which a path is). */
export function folderSource(dir: string): DatasetSource {
  const bytes = new Map<string, Buffer | undefined>();
  const read = (name: string) => {
    if (!bytes.has(name)) bytes.set(name, existsSync(join(dir, name)) ? readFileSync(join(dir, name)) : undefined);
    return bytes.get(name);
  };
  const manifestFile = displayName(join(dir, 'dataset.yaml'));
  return {
    path: dir,
    kind: 'folder',
    manifestFile,
    manifestData: () => parseManifestYaml(read('dataset.yaml'), manifestFile),
    table(table, name, issues) {
      const file = displayName(join(dir, name));
      const b = read(name);
      if (!b) {
        issues.push({ code: 'file_missing', file, message: `the manifest lists ${name} for ${table}, but it does not exist` });
        return undefined;
      }
      return { file, rows: readCsv(file, b, COLUMNS[table], issues, EXTRA_COLUMNS[table]) };
    },
    hash(manifest) {
      // the manifest and the files byte for byte; a listed file that is missing is left out (and refused by the loader)
      const hash = new FolderHash(read('dataset.yaml') ?? Buffer.alloc(0));
      for (const table of Object.keys(COLUMNS) as Table[]) {
        const name = manifest.files[table];
        const b = name ? read(name) : undefined;
        if (!name || !b) continue;
        hash.table(table, name);
        hash.update(b);
        hash.file(name, sha256(b));
      }
      return hash.digest();
    },
    locate: (issues) => issues,
    notes: () => [],
  };
}

/** dataset.yaml's text as data: missing, not UTF-8, YAML syntax and alias bombs are thrown, naming the file. */
function parseManifestYaml(bytes: Buffer | undefined, file: string): unknown {
  if (!bytes)
    throw new IssuesError('dataset', [{ code: 'manifest_missing', file, message: 'every dataset folder has a dataset.yaml manifest' }]);
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
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    // yaml refuses a document whose aliases expand beyond the limit (a "billion laughs" bomb) with a ReferenceError
    throw new IssuesError('dataset', [
      { code: 'yaml_aliases', file, message: `${(e as Error).message} (at most ${MAX_ALIASES} alias expansions)` },
    ]);
  }
}

export const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/**
 * A dataset folder's hash: the manifest, then each listed table's type, name and bytes, in the order of COLUMNS. One
 * definition for the folder source (whole files) and the by-region reader (datasets/load-by-region.ts: the long
 * tables' bytes as they stream), so that the two can never give a folder two hashes.
 */
export class FolderHash {
  readonly #hash = createHash('sha256');
  readonly #files: DatasetHash['files'] = [];
  constructor(manifest: Buffer) {
    this.#hash.update('dataset.yaml\0').update(manifest);
    this.#files.push({ name: 'dataset.yaml', sha256: sha256(manifest) });
  }
  /** A listed table begins: its bytes follow through update(), whole or in chunks, then file() with their digest. */
  table(table: Table, name: string): void {
    this.#hash.update(`${table}\0${name}\0`);
  }
  update(b: Buffer): void {
    this.#hash.update(b);
  }
  file(name: string, sha: string): void {
    this.#files.push({ name, sha256: sha });
  }
  digest(): DatasetHash {
    return { hash: this.#hash.digest('hex'), files: this.#files };
  }
}
