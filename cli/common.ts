import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Command, Option } from 'commander';
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
/** --scenario: a scenario file laid over the dataset (its base model and dataset unless --model/--dataset name them). */
export const scenarioOpt = () =>
  new Option('-s, --scenario <file>', 'account under a scenario (YAML/JSON); its base model and dataset unless -m/-d are given');

export function runOptions(o: Record<string, any>): RunOptions {
  return {
    model: o.model,
    dataset: o.dataset,
    ...(o.baseYear ? { baseYear: oneYear(o.baseYear) } : {}),
    ...(o.years ? { years: o.years } : {}),
    ...(o.regions ? { regions: o.regions } : {}),
    ...methodOptions(o),
  };
}

/** "<service>=<value>", each service once (a repeated option accumulates). */
function assignment<T>(flag: string, value: (v: string) => T) {
  return (text: string, prev: Record<string, T> = {}): Record<string, T> => {
    const m = /^\s*([a-z][a-z0-9_]*)\s*=\s*(.+)$/.exec(text);
    if (!m)
      return refuse(
        `${flag} "${text}": write <service>=<${flag === '--variant' ? 'variant' : 'type,type'}>, e.g. ${flag === '--variant' ? 'oxygen_release=npp' : 'pest_control=forest,grassland'}`,
      );
    if (m[1]! in prev) return refuse(`${flag} names ${m[1]} twice`);
    return { ...prev, [m[1]!]: value(m[2]!.trim()) };
  };
}
/**
 * --variant <service>=<variant> and --covers <service>=<t1,t2> (each repeatable): the method a GEP run is
 * accounted by, over the dataset's and the scenario's choice (lib/method.ts). Add both to a command with
 * `.addOption(variantOpt()).addOption(coversOpt())` and pass `methodOptions(o)` (runOptions does).
 */
export const variantOpt = () =>
  new Option('--variant <service=variant>', 'method variant of a service (repeatable), e.g. oxygen_release=npp').argParser(
    assignment('--variant', (v) => v),
  );
export const coversOpt = () =>
  new Option(
    '--covers <service=types>',
    'ecosystem types or level-1 classes a service counts (repeatable), e.g. pest_control=forest',
  ).argParser(assignment('--covers', list));
export const methodOptions = (o: Record<string, any>): Pick<RunOptions, 'method' | 'covers'> => ({
  ...(o.variant ? { method: o.variant } : {}),
  ...(o.covers ? { covers: o.covers } : {}),
});

/** An option's value when the user gave it (not its default): a scenario names its own model and dataset. */
export const givenOption = (o: Record<string, any>, cmd: Command, name: string): string | undefined =>
  cmd.getOptionValueSource(name) === 'default' ? undefined : o[name];

/**
 * The account a command asks for (runs/account-inputs.ts AccountOptions): without a scenario the model and
 * dataset options (defaults included); with one, the scenario and only the model and dataset the user gave
 * (the scenario's base otherwise; a --model other than the scenario's is refused when it loads).
 */
export function accountRequest(o: Record<string, any>, cmd: Command) {
  const { model, dataset, ...rest } = runOptions(o);
  if (!o.scenario) return { model, dataset, ...rest };
  const m = givenOption(o, cmd, 'model');
  const d = givenOption(o, cmd, 'dataset');
  return { scenario: o.scenario as string, ...(m ? { model: m } : {}), ...(d ? { dataset: d } : {}), ...rest };
}

/**
 * Write a run folder: files are written into a temporary folder which is then renamed, so a run folder is
 * complete or absent, never half-written.
 */
export function writeRunFolder(dir: string, files: Record<string, string | Buffer>, moved: Record<string, string> = {}): void {
  const tmp = `${dir}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(tmp, { recursive: true });
    for (const [name, body] of Object.entries(files)) writeFileSync(join(tmp, name), body);
    // files already written on disk (a streamed results.csv, on the same file system) are moved in, not read
    for (const [name, path] of Object.entries(moved)) renameSync(path, join(tmp, name));
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
