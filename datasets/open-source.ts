import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { IssuesError } from '../engine/core/errors.ts';
import { type DatasetSource, displayName, folderSource } from './source.ts';
import { openWorkbook } from './xlsx.ts';

/** A dataset path as a source: an .xlsx file is a workbook, anything else a folder. */
export function openSource(pathIn: string): DatasetSource {
  const path = resolve(pathIn);
  if (/\.xlsx$/i.test(path)) return openWorkbook(path);
  if (existsSync(path) && statSync(path).isFile())
    throw new IssuesError('dataset', [
      {
        code: 'manifest_missing',
        file: displayName(path),
        message: 'a dataset is a folder holding dataset.yaml and its CSV files, or an .xlsx workbook',
      },
    ]);
  return folderSource(path);
}
