import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { type Command, Option } from 'commander';
import { IssuesError } from '../../engine/core/errors.ts';
import { runBatch } from '../../lib/batch.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { compareRows } from '../../lib/compare.ts';
import { DEFAULT_DUAL_SPEC, DEFAULT_SCORECARD, dualIndicatorRows, dualRows, runDual } from '../../lib/dual.ts';
import { runAccount, type AccountRun } from '../../lib/run.ts';
import { datasetDir, loadScenario, runScenario } from '../../lib/scenario.ts';
import { runUncertainty, uncertaintyRows } from '../../lib/uncertainty.ts';
import { shutdownWorkers } from '../../lib/workers/pool.ts';
import {
  batchRankingTable,
  batchTable,
  compareSummaryMarkdown,
  compareTable,
  changedServicesTable,
  driversTable,
  dualSummaryMarkdown,
  dualTable,
  scoreTable,
  tornadoTable,
  uncertaintySummaryMarkdown,
  uncertaintyTable,
} from '../../reports/dual-summary.ts';
import { resultRows, rowsCsv } from '../../reports/results-csv.ts';
import { markdown, textTable } from '../../reports/summary.ts';
import { datasetOpt, modelOpt, oneYear, refuse, runOptions, writeRunFolder, years } from '../common.ts';

const whole = (name: string, min: number) => (v: string) =>
  /^\d+$/.test(v) && Number(v) >= min ? Number(v) : refuse(`${name} must be a whole number ≥ ${min} (got "${v}")`);
const json = (x: unknown) => JSON.stringify(x, null, 2) + '\n';
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
export function registerDualCommands(program: Command): void {
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
    .addOption(outOpt())
    .action((o) => {
      const opts = { ...runOptions(o), trace: false };
      const gep = o.scenario ? runScenario(loadScenario(o.scenario), opts) : runAccount(opts);
      const run = runDual({ gep, spec: o.spec, scorecard: o.scorecard });
      const dir = resolve(o.out, run.meta.id);
      writeRunFolder(dir, {
        'result.json': json({ run: run.meta, indicators: run.dual.rows, drivers: run.drivers, scores: run.scores }),
        'results.csv': rowsCsv([...resultRows(gep), ...dualRows(run)]),
        'summary.md': dualSummaryMarkdown(run),
      });
      console.log(`GEP–GDP dual account — ${gep.dataset.manifest.name.en}${gep.meta.dataset.illustrative ? '  [ILLUSTRATIVE DATA]' : ''}`);
      console.log(
        `model ${run.meta.model}, spec ${run.meta.dual_spec}, scorecard ${run.meta.scorecard}, scenario ${run.meta.scenario}, run ${run.meta.id}\n`,
      );
      console.log(textTable(dualTable(run)) + '\n');
      for (const region of gep.account.regions) {
        const t = driversTable(run, region);
        if (t) console.log(`What drove ΔGEP, ${region} (10⁸ CNY)\n${textTable(t)}\n`);
      }
      console.log(`Scorecard\n${textTable(scoreTable(run))}\n`);
      console.log(`written to ${dir} (result.json, results.csv, summary.md)`);
    });

  program
    .command('compare <scenario...>')
    .description('Δ of every indicator (physical and money) of each scenario against the baseline (or --reference)')
    .option('--reference <file>', 'a scenario to compare against instead of the baseline')
    .option('--base-year <year>', 'base year of constant prices')
    .addOption(outOpt())
    .action(async (files: string[], o) => {
      const scenarios = files.map((f) => loadScenario(f));
      const opts = { trace: false, ...(o.baseYear ? { baseYear: oneYear(o.baseYear) } : {}) };
      const base = scenarios[0]!.base;
      const reference: AccountRun = o.reference
        ? runScenario(loadScenario(o.reference), opts)
        : runAccount({ ...opts, model: base.model.split('@')[0]!, dataset: datasetDir(base.dataset) });
      const runs = [reference, ...scenarios.map((s) => runScenario(s, opts))];
      const withDual = (r: AccountRun) => [
        ...resultRows(r),
        ...(r.dataset.economy ? dualIndicatorRows(runDual({ gep: r }).dual, r.meta.scenario, r.meta.model) : []),
      ];
      const rows = compareRows(runs.map((r) => ({ scenario: r.meta.scenario, rows: withDual(r) })));
      const meta = { kind: 'compare', reference: reference.meta, scenarios: runs.slice(1).map((r) => r.meta) };
      const id = createHash('sha256').update(canonicalJson(meta)).digest('hex').slice(0, 16);
      const dir = resolve(o.out, id);
      writeRunFolder(dir, {
        'result.json': json({ run: { id, ...meta } }),
        'results.csv': rowsCsv(rows),
        'summary.md': compareSummaryMarkdown(
          rows,
          runs.slice(1).map((r) => r.meta.scenario),
          reference.meta.scenario,
        ),
      });
      console.log(`Δ against ${reference.meta.scenario} (${reference.meta.model}, dataset ${reference.meta.dataset.id})\n`);
      console.log(textTable(compareTable(rows)) + '\n');
      const last = String(reference.account.years.at(-1));
      for (const r of runs.slice(1))
        console.log(
          `${r.meta.scenario}: services that changed in ${last}, current prices\n${textTable(changedServicesTable(rows, r.meta.scenario, last))}\n`,
        );
      console.log(`written to ${dir} (result.json, results.csv with ${rows.length} Δ rows, summary.md)`);
    });

  program
    .command('uncertainty')
    .description(
      'Monte Carlo over the coefficient and input ranges (model and scenario): P5/P50/P95 and mean of every indicator, and a tornado of GEP',
    )
    .addOption(modelOpt())
    .addOption(datasetOpt())
    .requiredOption('--draws <n>', 'number of draws', whole('--draws', 1))
    .requiredOption('--seed <s>', 'seed (0–4294967295)', whole('--seed', 0))
    .option('--scenario <file>', 'scenario whose overrides and uncertainty list apply')
    .option('--region <id>', 'region (default: the first)')
    .option('--year <year>', 'year (default: the last)')
    .option('--base-year <year>', 'base year of constant prices')
    .option('--workers <n>', 'worker threads (0: this thread)', whole('--workers', 0), 0)
    .addOption(outOpt())
    .action(async (o) => {
      try {
        const started = process.hrtime.bigint();
        const run = await runUncertainty({
          draws: o.draws,
          seed: o.seed,
          workers: o.workers,
          onProgress: progress('drawing', 'draws'),
          ...(o.scenario ? { scenario: loadScenario(o.scenario) } : { model: o.model, dataset: o.dataset }),
          ...(o.region ? { region: o.region } : {}),
          ...(o.year ? { year: oneYear(o.year) } : {}),
          ...(o.baseYear ? { baseYear: oneYear(o.baseYear) } : {}),
        });
        const dir = resolve(o.out, run.meta.id);
        writeRunFolder(dir, {
          'result.json': json({
            run: run.meta,
            summaries: run.summaries.map((s, j) => ({ ...s, unit: run.measured[j]!.unit })),
            tornado: run.tornado,
          }),
          'results.csv': rowsCsv(uncertaintyRows(run)),
          'summary.md': uncertaintySummaryMarkdown(run),
        });
        const s = Number(process.hrtime.bigint() - started) / 1e9;
        console.log(
          `Uncertainty — ${run.meta.region} ${run.meta.year}, scenario ${run.meta.scenario}: ${run.meta.draws} draws, seed ${run.meta.seed}, ${run.meta.parameters.length} parameters${run.meta.dataset.illustrative ? '  [ILLUSTRATIVE DATA]' : ''}\n`,
        );
        console.log(textTable(uncertaintyTable(run)) + '\n');
        console.log(`One-at-a-time sensitivity of GEP\n${textTable(tornadoTable(run))}\n`);
        console.log(`written to ${dir} (result.json, results.csv, summary.md) in ${s.toFixed(1)} s`);
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
      whole('--regions', 1),
    )
    .option('--years <list>', "years of the generated set (default: the dataset's)", years)
    .option('--workers <n>', 'worker threads (0: this thread)', whole('--workers', 0), 0)
    .option('--chunk <n>', 'regions per task', whole('--chunk', 1), 50)
    .addOption(outOpt())
    .action(async (o) => {
      try {
        if (o.years && !o.regions)
          throw new IssuesError('run', [{ code: 'option_invalid', message: '--years applies to a generated set: give --regions too' }]);
        const started = process.hrtime.bigint();
        const spec = {
          model: o.model,
          dataset: o.dataset,
          ...(o.regions ? { synthetic: { regions: o.regions, years: o.years ?? [2020, 2021, 2022] } } : {}),
        };
        const b = await runBatch({ ...spec, workers: o.workers, chunk: o.chunk, onProgress: progress('accounting', 'regions') });
        const s = Number(process.hrtime.bigint() - started) / 1e9;
        const id = createHash('sha256')
          .update(canonicalJson({ kind: 'batch', ...spec, model: b.model }))
          .digest('hex')
          .slice(0, 16);
        const dir = resolve(o.out, id);
        const t = batchTable(b);
        const rk = batchRankingTable(b);
        const lastYear = b.years.at(-1);
        writeRunFolder(dir, {
          'result.json': json({
            run: {
              id,
              kind: 'batch',
              model: b.model,
              regions: b.regions,
              years: b.years,
              region_years: b.regionYears,
              generated: !!o.regions,
            },
            totals: b.totals,
          }),
          'results.csv': b.csv,
          'summary.md': `# Batch — ${b.regions} regions × ${b.years.length} years\n\n${o.regions ? '> Generated (synthetic) regions: for benchmarks and tests only.\n\n' : ''}| ${t.head.join(' | ')} |\n|---|${t.head
            .slice(1)
            .map(() => '---:')
            .join(
              '|',
            )}|\n${t.rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n\n## Scorecard ${b.scorecard.id}, ${lastYear}: best and worst regions\n\n${markdown(rk)}\n`,
        });
        console.log(
          `Batch — ${b.regions} regions × ${b.years.length} years = ${b.regionYears} region-years, ${o.workers > 1 ? `${o.workers} workers` : 'one thread'}, ${s.toFixed(1)} s (${(b.regionYears / s).toFixed(0)} region-years/s)\n`,
        );
        console.log(textTable(t) + '\n');
        console.log(
          `Scorecard ${b.scorecard.id}, ${lastYear}: ${b.scores.length <= 10 ? 'all regions' : 'best and worst five'}\n${textTable(rk)}\n`,
        );
        console.log(`written to ${dir} (result.json, results.csv, summary.md)`);
      } finally {
        await shutdownWorkers();
      }
    });
}
