import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type BatchRun, batchFolder } from '../../runs/kinds/batch/index.ts';
import { screeningNote } from '../../runs/kinds/batch/summary.ts';
import { Presets, SingleBar } from 'cli-progress';
import { type Command, Option } from 'commander';
import { IssuesError } from '../../engine/core/errors.ts';
import { BATCH_CHUNK } from '../../lib/batch.ts';
import { DEFAULT_DUAL_SPEC, DEFAULT_SCORECARD } from '../../lib/dual.ts';
import { shutdownWorkers } from '../../lib/workers/pool.ts';
import {
  batchRankingTable,
  batchTable,
  driversTable,
  dualTable,
  scoreTable,
  tornadoTable,
  mcPathLine,
  uncertaintyTable,
} from '../../reports/dual-summary.ts';
import { changedServicesTable, compareTable } from '../../reports/compare-summary.ts';
import { textTable } from '../../reports/summary.ts';
import { RUN_KINDS, run as runKind } from '../../runs/registry.ts';
import { fileSources } from '../../runs/sources.ts';
import {
  accountRequest,
  coversOpt,
  datasetOpt,
  givenOption,
  methodOptions,
  modelOpt,
  oneYear,
  variantOpt,
  writeRunFolder,
  years,
} from '../common.ts';
import { type Io, outLine } from '../io.ts';
import { optionWhole } from '../number-options.ts';
import { RUN_LIMITS } from '../../runs/limits.ts';

/** A commander parser for a whole-number option, bounded (cli/number-options.ts, runs/limits.ts). */
const whole = (name: string, min: number, max: number) => (v: string) => optionWhole(name, v, min, max);
const _json = (x: unknown) => JSON.stringify(x, null, 2) + '\n';
const outOpt = () => new Option('-o, --out <dir>', 'where run folders are written').default('out/runs');

/** A progress bar on stderr when it is a terminal and the job is large enough to need one. */
function progress(label: string, unit: string) {
  let bar: SingleBar | undefined;
  return (done: number, total: number) => {
    if (total < 20 || !process.stderr.isTTY) return;
    if (!bar) {
      bar = new SingleBar({ format: `${label} {bar} {value}/{total} ${unit} ({eta}s)`, stream: process.stderr }, Presets.shades_classic);
      bar.start(total, 0);
    }
    bar.update(done);
    if (done >= total) bar.stop();
  };
}

/** The dual-accounting commands: dual, compare, uncertainty, batch. */
export function registerDualCommands(program: Command, io: Io): void {
  const say = outLine(io);
  program
    .command('dual')
    .description(
      'GEP and GDP side by side: GEP/GDP, constant-price growth, per km² and capita, realisation rate, GEEP, ΔGEP drivers and the scorecard',
    )
    .addOption(modelOpt())
    .addOption(datasetOpt())
    .option('--scenario <file>', 'account under a scenario (YAML/JSON)')
    .option('--spec <id|path>', 'dual-accounting spec (models/dual/)', DEFAULT_DUAL_SPEC)
    .option('--scorecard <id|path>', 'scorecard (models/scorecards/)', DEFAULT_SCORECARD)
    .option('--base-year <year>', 'base year of constant prices')
    .option('--years <list>', 'years', years)
    .addOption(variantOpt())
    .addOption(coversOpt())
    .addOption(outOpt())
    .action(async (o, cmd: Command) => {
      const input = {
        ...accountRequest(o, cmd),
        spec: o.spec,
        scorecard: o.scorecard,
      };
      const run = await runKind('dual', input, fileSources());
      const gep = run.gep;
      const dir = resolve(o.out, run.meta.id);
      writeRunFolder(dir, RUN_KINDS.dual.files(run));
      say(`GEP–GDP dual account — ${gep.dataset.manifest.name.en}${gep.meta.dataset.illustrative ? '  [ILLUSTRATIVE DATA]' : ''}`);
      say(
        `model ${run.meta.model}, spec ${run.meta.dual_spec}, scorecard ${run.meta.scorecard}, scenario ${run.meta.scenario}, run ${run.meta.id}\n`,
      );
      say(textTable(dualTable(run)) + '\n');
      for (const region of gep.account.regions) {
        const t = driversTable(run, region);
        if (t) say(`What drove ΔGEP, ${region} (10⁸ CNY)\n${textTable(t)}\n`);
      }
      say(`Scorecard\n${textTable(scoreTable(run))}\n`);
      say(`written to ${dir} (result.json, results.csv, summary.md)`);
    });

  program
    .command('compare <scenario...>')
    .description(
      'every indicator (physical and money) of each scenario beside the baseline (or --reference): reference, scenario, Δ and Δ %',
    )
    .option('--reference <file>', 'a scenario to compare against instead of the baseline')
    .option('--base-year <year>', 'base year of constant prices')
    .addOption(variantOpt())
    .addOption(coversOpt())
    .addOption(outOpt())
    .action(async (files: string[], o) => {
      const input = {
        scenarios: files,
        ...methodOptions(o),
        ...(o.reference ? { reference: o.reference } : {}),
        ...(o.baseYear ? { baseYear: oneYear(o.baseYear) } : {}),
      };
      const c = await runKind('compare', input, fileSources());
      const { reference, runs, lines } = c;
      const dir = resolve(o.out, c.meta.id);
      writeRunFolder(dir, RUN_KINDS.compare.files(c));
      say(`Against ${reference.meta.scenario} (${reference.meta.model}, dataset ${reference.meta.dataset.id})\n`);
      say(textTable(compareTable(lines)) + '\n');
      const last = String(reference.account.years.at(-1));
      for (const r of runs)
        say(
          `${r.meta.scenario}: services that changed in ${last}, current prices\n${textTable(changedServicesTable(lines, r.meta.scenario, last))}\n`,
        );
      say(
        `written to ${dir} (comparison.csv with ${lines.length} lines: reference, scenario, Δ, Δ %; results.csv with the runs' rows and their Δ rows; result.json, summary.md)`,
      );
    });

  program
    .command('uncertainty')
    .description(
      'Monte Carlo over the coefficient and input ranges (model and scenario): P5/P50/P95 and mean of every indicator, and a tornado of GEP',
    )
    .addOption(modelOpt())
    .addOption(datasetOpt())
    .requiredOption('--draws <n>', 'number of draws', whole('--draws', 1, RUN_LIMITS.draws))
    .requiredOption('--seed <s>', 'seed (0–4294967295)', whole('--seed', 0, RUN_LIMITS.seed))
    .option('--scenario <file>', 'scenario whose overrides and uncertainty list apply')
    .option('--region <id>', 'region (default: the first)')
    .option('--year <year>', 'year (default: the last)')
    .option('--base-year <year>', 'base year of constant prices')
    .option('--workers <n>', 'worker threads (0: this thread)', whole('--workers', 0, RUN_LIMITS.workers), 0)
    .addOption(
      new Option('--path <path>', 'where the draws are computed: float (float64, held to the exact path to 1e-9) or exact (decimals)')
        .choices(['float', 'exact'])
        .default('float'),
    )
    .addOption(variantOpt())
    .addOption(coversOpt())
    .addOption(outOpt())
    .action(async (o, cmd: Command) => {
      try {
        const started = process.hrtime.bigint();
        const input = {
          ...methodOptions(o),
          path: o.path as 'float' | 'exact',
          draws: o.draws,
          seed: o.seed,
          workers: o.workers,
          // with a scenario, its base model and dataset unless -m/-d name them (a model not the scenario's is refused)
          ...(o.scenario
            ? { scenario: o.scenario, model: givenOption(o, cmd, 'model'), dataset: givenOption(o, cmd, 'dataset') }
            : { model: o.model, dataset: o.dataset }),
          ...(o.region ? { region: o.region } : {}),
          ...(o.year ? { year: oneYear(o.year) } : {}),
          ...(o.baseYear ? { baseYear: oneYear(o.baseYear) } : {}),
        };
        const run = await runKind('uncertainty', input, fileSources(), { onProgress: progress('drawing', 'draws') });
        const dir = resolve(o.out, run.meta.id);
        writeRunFolder(dir, RUN_KINDS.uncertainty.files(run));
        const s = Number(process.hrtime.bigint() - started) / 1e9;
        say(
          `Uncertainty — ${run.meta.region} ${run.meta.year}, scenario ${run.meta.scenario}: ${run.meta.draws} draws, seed ${run.meta.seed}, ${run.meta.parameters.length} parameters${run.meta.dataset.illustrative ? '  [ILLUSTRATIVE DATA]' : ''}\n`,
        );
        say(`${mcPathLine(run.meta.path)}\n`);
        say(textTable(uncertaintyTable(run)) + '\n');
        say(`One-at-a-time sensitivity of GEP\n${textTable(tornadoTable(run))}\n`);
        say(`written to ${dir} (result.json, results.csv, summary.md) in ${s.toFixed(1)} s`);
      } finally {
        await shutdownWorkers();
      }
    });

  program
    .command('batch')
    .description(
      'account many regions × years with the dual indicators (the dataset, or a generated set with --regions), optionally on worker threads',
    )
    .addOption(modelOpt())
    .addOption(datasetOpt())
    .option(
      '--regions <n>',
      "generate this many regions from the dataset's first region-year (datasets/generate.ts)",
      whole('--regions', 1, RUN_LIMITS.regions),
    )
    .option('--years <list>', "years of the generated set (default: the dataset's)", years)
    .option('--workers <n>', 'worker threads (0: this thread)', whole('--workers', 0, RUN_LIMITS.workers), 0)
    .option(
      '--chunk <n>',
      'regions per task (memory: a task is held whole until its rows are written)',
      whole('--chunk', 1, RUN_LIMITS.chunk),
      BATCH_CHUNK,
    )
    .addOption(
      new Option(
        '--path <path>',
        'exact (the official batch, decimals) or float (a screening batch on the float64 path, held to exact within 1e-9)',
      )
        .choices(['exact', 'float'])
        .default('exact'),
    )
    .addOption(variantOpt())
    .addOption(coversOpt())
    .addOption(outOpt())
    .action(async (o) => {
      try {
        if (o.years && !o.regions)
          throw new IssuesError('run', [{ code: 'option_invalid', message: '--years applies to a generated set: give --regions too' }]);
        const started = process.hrtime.bigint();
        const input = {
          model: o.model,
          dataset: o.dataset,
          ...methodOptions(o),
          ...(o.regions ? { synthetic: { regions: o.regions, years: o.years ?? [2020, 2021, 2022] } } : {}),
          workers: o.workers,
          chunk: o.chunk,
          path: o.path as 'exact' | 'float',
        };
        // rows are streamed to disk as chunks finish (memory stays flat), next to the run folder they move into
        mkdirSync(o.out, { recursive: true });
        const spool = mkdtempSync(join(o.out, '.batch-'));
        try {
          const b = await runKind('batch', input, fileSources(), { onProgress: progress('accounting', 'regions'), spool });
          const s = Number(process.hrtime.bigint() - started) / 1e9;
          const dir = resolve(o.out, b.meta.id);
          const folder = batchFolder(b);
          writeRunFolder(dir, folder.files, folder.moved);
          reportBatch(b, s, dir, o.workers);
        } finally {
          rmSync(spool, { recursive: true, force: true });
        }
      } finally {
        await shutdownWorkers();
      }
    });

  function reportBatch(b: BatchRun, s: number, dir: string, workers: number): void {
    const t = batchTable(b);
    const rk = batchRankingTable(b);
    const lastYear = b.years.at(-1);
    say(
      `${b.path === 'float' ? 'Screening batch (float64)' : 'Batch'} — ${b.regions} regions × ${b.years.length} years = ${b.regionYears} region-years, ${workers > 1 ? `${workers} workers` : 'one thread'}, ${s.toFixed(1)} s (${(b.regionYears / s).toFixed(0)} region-years/s)\n`,
    );
    if (b.path === 'float') say(`${screeningNote()}\n`);
    say(textTable(t) + '\n');
    say(`Scorecard ${b.scorecard.id}, ${lastYear}: ${b.scores.length <= 10 ? 'all regions' : 'best and worst five'}\n${textTable(rk)}\n`);
    say(`written to ${dir} (result.json, results.csv, summary.md)`);
  }
}
