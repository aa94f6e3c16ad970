import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Option } from 'commander';
import { IssuesError } from '../engine/core/errors.ts';
import { DEFAULT_DATASET } from '../datasets/load.ts';
import { DEFAULT_MODEL, type RunOptions } from '../lib/run.ts';

/** Option parsers and helpers shared by the gep commands. */
export const refuse = (message: string): never => {
  throw new IssuesError('run', [{ code: 'option_invalid', message }]);
};
export const list = (v: string) => {
  const items = [
    ...new Set(
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  return items.length ? items : refuse(`"${v}" lists nothing`);
};
export const oneYear = (y: string) => (/^\d{4}$/.test(y.trim()) ? Number(y) : refuse(`"${y}" is not a year`));
export const years = (v: string) => list(v).map(oneYear);
export const modelOpt = () =>
  new Option('-m, --model <id|path>', 'coefficient model (a folder in models/ or a path)').default(DEFAULT_MODEL);
export const datasetOpt = () =>
  new Option('-d, --dataset <path>', 'dataset folder, or .xlsx workbook').default(DEFAULT_DATASET, `datasets/${basename(DEFAULT_DATASET)}`);

export function runOptions(o: Record<string, any>): RunOptions {
  return {
    model: o.model,
    dataset: o.dataset,
    ...(o.baseYear ? { baseYear: oneYear(o.baseYear) } : {}),
    ...(o.years ? { years: o.years } : {}),
    ...(o.regions ? { regions: o.regions } : {}),
  };
}

/**
 * Write a run folder: files are written into a temporary folder which is then renamed, so a run folder is
 * complete or absent, never half-written.
 */
export function writeRunFolder(dir: string, files: Record<string, string | Buffer>): void {
  const tmp = `${dir}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(tmp, { recursive: true });
    for (const [name, body] of Object.entries(files)) writeFileSync(join(tmp, name), body);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
