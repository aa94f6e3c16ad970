import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { IssuesError, type Issue } from '../engine/core/errors.ts';
import { applyScenario, type Overlay } from '../engine/scenario/overlay.ts';
import { Scenario } from '../engine/scenario/schema.ts';
import { schemaIssues } from '../engine/model/schema-issues.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import { loadDataset, type Dataset } from '../datasets/load.ts';
import { loadModel } from '../models/load.ts';
import { readYaml } from '../models/versioned.ts';
import { canonicalJson } from './canonical-json.ts';
import { chooseMethod } from './method.ts';
import { accountRun, type AccountRun, type RunOptions, type RunOverlay } from './run.ts';

export { Scenario };
const DATASETS_DIR = resolve(import.meta.dirname, '../datasets');

/**
 * Read a scenario from a YAML or JSON file, or take it as an object, and validate it (every problem at once,
 * each naming its field). Numbers are quoted strings, as in models.
 */
export function loadScenario(pathOrObject: string | unknown): Scenario {
  let raw: unknown = pathOrObject;
  let file = 'scenario';
  if (typeof pathOrObject === 'string') {
    file = relative(process.cwd(), resolve(pathOrObject)) || pathOrObject;
    if (!existsSync(pathOrObject)) throw new IssuesError('scenario', [{ code: 'file_missing', file, message: 'no such scenario file' }]);
    const issues: Issue[] = [];
    raw = readYaml(pathOrObject, issues, file); // YAML is a superset of JSON
    if (issues.length) throw new IssuesError('scenario', issues);
  }
  const parsed = Scenario.safeParse(raw);
  if (!parsed.success) {
    throw new IssuesError(
      'scenario',
      schemaIssues(parsed.error.issues, 'schema_invalid').map((i) => ({ ...i, file })),
    );
  }
  return parsed.data;
}

/** sha256 of the scenario as data: two files that parse to the same scenario have the same hash. */
export function scenarioHash(s: Scenario): string {
  return createHash('sha256').update(canonicalJson(s)).digest('hex');
}

export interface ScenarioRunOptions extends Omit<RunOptions, 'model' | 'dataset'> {
  /** Use this dataset folder instead of resolving the scenario's base (its manifest id must still match). */
  dataset?: string;
  /** Already loaded model and dataset (batch and compare reuse them). */
  loaded?: { model: CompiledModel; dataset: Dataset };
}

/** Load the scenario's base model and dataset, check them against it, and lay the scenario over them. */
export function prepareScenario(
  scenario: Scenario,
  opts: ScenarioRunOptions = {},
): { model: CompiledModel; dataset: Dataset; overlay: Overlay } {
  const modelId = scenario.base.model.split('@')[0]!;
  // a version kept beside the model (models/<id>/<version>.yaml) loads as itself; another is refused below
  const base = opts.loaded?.model ?? loadModel(scenario.base.model);
  const issues: Issue[] = [];
  if (base.ref !== scenario.base.model)
    issues.push({
      code: 'model_mismatch',
      path: 'base.model',
      message: `the scenario is written for ${scenario.base.model}, but ${modelId} is at version ${base.version}`,
    });
  const dataset = opts.loaded?.dataset ?? loadDataset(opts.dataset ?? datasetDir(scenario.base.dataset), base);
  if (/^[a-z0-9][a-z0-9-]*$/.test(scenario.base.dataset) && dataset.manifest.id !== scenario.base.dataset) {
    issues.push({
      code: 'dataset_mismatch',
      path: 'base.dataset',
      message: `the scenario is written for dataset "${scenario.base.dataset}", but the dataset given is "${dataset.manifest.id}"`,
    });
  }
  if (issues.length)
    throw new IssuesError(
      'scenario',
      issues.map((i) => ({ ...i, file: `scenario ${scenario.id}` })),
    );
  // a loaded model is already under the run's method (runs/account-inputs.ts); else dataset < scenario < options
  const model = opts.loaded?.model ?? chooseMethod(base, dataset, scenario, opts);
  const overlay = applyScenario(model, dataset, scenario, dataset.extentChange);
  const local = localNotes(dataset, overlay.coefficients);
  return { model, dataset, overlay: local.length ? { ...overlay, notes: [...(overlay.notes ?? []), ...local] } : overlay };
}

/** A scenario's coefficient that the dataset gives locally changes only where no local value holds: said in the run. */
function localNotes(dataset: Dataset, coefficients: ReadonlyMap<string, unknown>): string[] {
  return [...coefficients.keys()].flatMap((name) => {
    const series = dataset.localCoefficients?.get(name);
    if (!series) return [];
    const lines = [...series.values()].flat().map((r) => r.line);
    return [
      `coefficient "${name}": the dataset's own values (${[...series.values()][0]![0]!.file} line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}) hold where they apply; the scenario changes the model's value elsewhere only`,
    ];
  });
}

/** Account GEP under a scenario: an AccountRun whose meta names the scenario and records its hash. */
export function runScenario(scenario: Scenario, opts: ScenarioRunOptions = {}): AccountRun {
  const { model, dataset, overlay } = scenarioOverlay(scenario, opts);
  return accountRun(model, dataset, opts, overlay);
}

/** The model, dataset and the overlay accountRun takes (reports/account-stream.ts lays it once under every chunk). */
export function scenarioOverlay(
  scenario: Scenario,
  opts: ScenarioRunOptions = {},
): { model: CompiledModel; dataset: Dataset; overlay: RunOverlay } {
  const { model, dataset, overlay } = prepareScenario(scenario, opts);
  return {
    model,
    dataset,
    overlay: {
      scenario: scenario.id,
      scenarioHash: scenarioHash(scenario),
      data: overlay.data,
      coefficients: overlay.coefficients,
      transitions: overlay.transitions,
      notes: overlay.notes,
    },
  };
}

/** A scenario's base dataset: a folder in datasets/ by id, or a path. */
export function datasetDir(ref: string): string {
  const shipped = join(DATASETS_DIR, ref);
  return existsSync(join(shipped, 'dataset.yaml')) ? shipped : resolve(ref);
}
