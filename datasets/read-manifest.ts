import { IssuesError } from '../engine/core/errors.ts';
import { schemaIssues } from '../engine/model/schema-issues.ts';
import { Manifest } from './manifest.ts';
import { openSource } from './open-source.ts';
import { type DatasetSource, displayName } from './source.ts';

export { displayName };

/**
 * Read and check a dataset's manifest (shared by the GEP, economy and carbon loaders): a folder's dataset.yaml
 * or a workbook's dataset sheet. Missing, not UTF-8, syntax and schema problems are thrown, all of them, naming
 * the file (or sheet and cell) and the field.
 */
export function readManifest(at: string | DatasetSource): { manifest: Manifest; file: string; source: DatasetSource } {
  const source = typeof at === 'string' ? openSource(at) : at;
  const file = source.manifestFile;
  const m = Manifest.safeParse(source.manifestData());
  if (!m.success)
    throw new IssuesError('dataset', source.locate(schemaIssues(m.error.issues, 'schema_invalid').map((i) => ({ ...i, file }))));
  return { manifest: m.data, file, source };
}
