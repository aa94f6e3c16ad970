import { resolve } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { formatIssue, type Issue, IssuesError } from '../../engine/core/errors.ts';
import { suggest } from '../../engine/core/suggest.ts';
import { explain } from '../../engine/eval/explain.ts';
import { givenWhere, inputsMadeUnnecessary } from '../../engine/eval/given.ts';
import { neededIndicators } from '../../engine/eval/needed.ts';
import type { CompiledModel } from '../../engine/model/types.ts';
import { accountGep } from '../../engine/gep/account.ts';
import { type Dataset, DEFAULT_DATASET, loadDataset } from '../../datasets/load.ts';
import { servicesNeeds, writeTemplate } from '../../datasets/template.ts';
import { listModels, loadModel, modelVersions } from '../../models/load.ts';
import { bundledListingCache, folderHash, keepListing } from '../models-listing.ts';
import { textTable } from '../../reports/summary.ts';
import { compute, plan } from '../../runs/registry.ts';
import { runOptions } from '../../runs/account-inputs.ts';
import { streamAccount, TERMINAL_EDGE } from '../../reports/account-stream.ts';
import { fileSources } from '../../runs/sources.ts';
import { chooseMethod, methodLine, methodNote } from '../../lib/method.ts';
import type { RunMeta } from '../../lib/run.ts';
import { type MissingInput, missingInputIssue, missingInputs } from '../../lib/missing-inputs.ts';
import { scenarioChangesRead } from '../../lib/scenario-changes.ts';
import {
  accountRequest,
  coversOpt,
  datasetOpt,
  list,
  methodOptions,
  modelOpt,
  oneYear,
  scenarioOpt,
  variantOpt,
  years,
} from '../common.ts';
import { type Io, outLine } from '../io.ts';
import { optionWhole } from '../number-options.ts';

/** A dry-run issue about an input already reported missing for that region and year (the evaluator's message names both). */
function reportedAbove(i: Issue, missing: MissingInput[]): boolean {
  const m = i.code === 'data_missing' && /input "([^"]+)".* (?:is missing|has no rows) for region "([^"]+)" in (\d{4})/.exec(i.message);
  return !!m && missing.some((x) => x.input === m[1] && x.region === m[2] && x.years.includes(Number(m[3])));
}

const scenarioNote = (m: RunMeta) => (m.scenario_hash ? `scenario ${m.scenario} (${m.scenario_hash.slice(0, 12)}), ` : '');

/** The GEP account commands: account, explain, validate, template, models. */
export function registerGepCommands(program: Command, io: Io): void {
  const say = outLine(io);
  program
    .command('account')
    .description('account GEP (physical and money, current and constant prices) and write a report folder')
    .addOption(modelOpt())
    .addOption(datasetOpt())
    .option('--base-year <year>', "base year of constant prices (default: the dataset's price_year)")
    .option('--years <list>', 'years to account, e.g. 2020,2022', years)
    .option('--regions <list>', 'regions to account', list)
    .addOption(scenarioOpt())
    .option('-o, --out <dir>', 'where run folders are written', 'out/runs')
    .option('--no-trace', 'skip traces (faster; `gep explain` recomputes them anyway)')
    .addOption(variantOpt())
    .addOption(coversOpt())
    .action(async (o, cmd: Command) => {
      const started = process.hrtime.bigint();
      let bar: SingleBar | undefined;
      // the dataset read by region: the chunks below ask for a few regions at a time
      const planned = await plan('gep', { ...accountRequest(o, cmd), trace: o.trace }, fileSources({ byRegion: true }));
      const dir = resolve(o.out, planned.id);
      // computed a chunk of regions at a time and written as chunks finish: memory flat in the number of regions
      const run = streamAccount(
        planned.loaded,
        {
          ...runOptions(planned.options),
          trace: planned.options.trace,
          onProgress: (done, total) => {
            if (total < 50 || !process.stderr.isTTY) return;
            bar ??= new SingleBar(
              { format: 'accounting {bar} {value}/{total} region-years', stream: process.stderr },
              Presets.shades_classic,
            );
            if (done === 1) bar.start(total, 0);
            bar.update(done);
            if (done === total) bar.stop();
          },
        },
        dir,
      );
      if (run.meta.id !== planned.id) throw new Error(`gep account: computed run ${run.meta.id} is not the one named, ${planned.id}`);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const { dataset, meta, model } = run;
      say(`${model.title.en} — ${dataset.manifest.name.en}${dataset.manifest.illustrative ? '  [ILLUSTRATIVE DATA]' : ''}`);
      say(`model ${meta.model}, dataset ${meta.dataset.id} (${meta.dataset.hash.slice(0, 12)}), ${scenarioNote(meta)}run ${meta.id}\n`);
      if (methodLine(model)) say(`method: ${methodLine(model)}\n`);
      const gep = model.kind === 'esv' ? 'ESV' : 'GEP';
      // a large account prints its first and last regions; the files hold every one
      const rest = run.regions.length - run.printed.length;
      const hidden = `${rest} more regions not shown (${run.regions[TERMINAL_EDGE]} … ${run.regions.at(-1 - TERMINAL_EDGE)}): summary.md has every region's tables, results.csv every value`;
      say(`${gep}, 10⁸ CNY (亿元)`);
      say(textTable({ head: run.totals.head, rows: run.totals.rows }) + (rest ? `\n… ${hidden}` : '') + '\n');
      for (const { lines } of run.printed) for (const line of lines) say(line);
      if (rest) say(`… ${hidden}\n`);
      say(`diagnostics: ${run.capped} caps bound, ${run.fallbacks} fallback coefficients`);
      say(`written to ${dir} (result.json, results.csv, summary.md${o.trace ? ', trace.json' : ''}) in ${ms.toFixed(0)} ms`);
    });

  program
    .command('explain <indicator>')
    .description('print how one value was computed: formula, inputs, coefficients with their sources, recursively')
    .addOption(modelOpt())
    .addOption(datasetOpt())
    .requiredOption('-r, --region <region>')
    .requiredOption('-y, --year <year>')
    .option('--base-year <year>', "explain the value at this year's constant prices instead of current prices")
    .option('--depth <n>', 'how deep to follow indicators', '8')
    .addOption(scenarioOpt())
    .addOption(variantOpt())
    .addOption(coversOpt())
    .action(async (indicator: string, o, cmd: Command) => {
      const year = oneYear(o.year);
      const maxDepth = optionWhole('--depth', o.depth, 0, 1000);
      const planned = await plan(
        'gep',
        // without --base-year the base year is left to the dataset (only current prices are explained): a year the
        // dataset lacks is then one problem, not also a base-year one
        { ...accountRequest(o, cmd), years: [year], regions: [o.region], trace: true },
        fileSources(),
      );
      const run = await compute(planned, { traceConstant: Boolean(o.baseYear) });
      const ry = run.account.regionYears[0]!;
      const res = o.baseYear ? ry.constant : ry.current;
      // Physical indicators at constant prices are copied from the current-price run, with their diagnostics.
      const diagnostics = o.baseYear
        ? [...ry.current.diagnostics.filter((d) => run.model.indicatorById.get(d.indicator)?.priceFree), ...ry.constant.diagnostics]
        : ry.current.diagnostics;
      const id = run.model.indicatorById.has(indicator) ? indicator : `${indicator}.money`;
      if (!run.model.indicatorById.has(id)) {
        throw new IssuesError('run', [
          {
            code: 'indicator_unknown',
            message: `unknown indicator "${indicator}"${suggest(indicator, [...run.model.services.map((s) => s.id), ...run.model.indicatorById.keys()])}; services: ${run.model.services.map((s) => s.id).join(', ')} (add .physical, .money or a part)`,
          },
        ]);
      }
      const { scenario } = planned.loaded;
      say(
        `${run.meta.model} · ${o.region} · ${year} · ${o.baseYear ? `constant ${o.baseYear} prices` : 'current prices'}${scenario ? ` · scenario ${scenario.id}` : ''}\n`,
      );
      say(explain(res.traces!, id, { maxDepth, diagnostics, method: (i) => methodNote(run.model, i) }).join('\n'));
      if (scenario) {
        const changes = scenarioChangesRead(scenario, run.model, res.traces!, { id, region: o.region, year, maxDepth });
        say(
          changes.length
            ? `\nscenario ${scenario.id} changes what this reads:\n${changes.map((l) => `  ${l}`).join('\n')}`
            : `\nscenario ${scenario.id} changes nothing this reads in ${o.region} ${year}`,
        );
      }
    });

  program
    .command('validate [dataset]')
    .description(
      'check a dataset (folder or .xlsx workbook) against a model and list every problem (file or sheet, line or cell, column, rule)',
    )
    .addOption(modelOpt())
    .addOption(variantOpt())
    .addOption(coversOpt())
    .action((dir: string | undefined, o) => {
      const base = loadModel(o.model);
      const ds = loadDataset(dir ?? DEFAULT_DATASET, base);
      const model = chooseMethod(base, ds, undefined, methodOptions(o)); // the inputs of the variants chosen
      // Every input a service needs and the data lacks, across services and region-years at once (from the model's
      // declared inputs; a given value needs none of its own); then a dry run finds the rest: a missing key, a
      // coefficient missing for a type, a price.
      const missing = missingInputs(model, ds, { given: (r, y) => notRequired(model, ds, r, y) });
      const issues = missing.map((m) => missingInputIssue(model, m, ds.manifest.files));
      let dry: ReturnType<typeof accountGep> | undefined;
      try {
        dry = accountGep(model, ds, { baseYear: ds.manifest.price_year, transitions: ds.extentChange });
      } catch (e) {
        if (!(e instanceof IssuesError)) throw e;
        issues.push(...e.issues.filter((i) => !reportedAbove(i, missing)));
      }
      if (issues.length) throw new IssuesError('dataset', issues);
      const unused = new Set(ds.warnings.filter((w) => w.code === 'variable_unused').map((w) => w.message.split('"')[1]));
      if (unused.size)
        say(
          `note: ${ds.warnings.length} rows for variables ${model.ref} does not use (${[...unused].slice(0, 6).join(', ')}${unused.size > 6 ? ', …' : ''})`,
        );
      for (const n of ds.notes) say(`converted: ${n}`);
      for (const w of ds.warnings) if (w.code !== 'variable_unused') say(`note:${formatIssue(w).slice(3)}`);
      for (const line of givenLines(model, ds)) say(line);
      for (const d of dry?.diagnostics ?? [])
        if ((d.code === 'given_over_computed' || d.code === 'given_unused') && d.priceYear === undefined)
          say(`note: ${d.region} ${d.year} ${d.indicator}: ${d.message}`);
      for (const u of inputsMadeUnnecessary(model, ds))
        say(
          u.by.length
            ? `note: ${u.input} is not needed: only ${u.by.join(', ')} read${u.by.length > 1 ? '' : 's'} it, and the dataset gives ${u.by.length > 1 ? 'them' : 'it'} (${u.regionYears.join(', ')})`
            : `note: ${u.input} is not needed: only ${u.feeding.join(', ')} read${u.feeding.length > 1 ? '' : 's'} it, which only given values read or which a given money value leaves optional (${u.regionYears.join(', ')})`,
        );
      for (const n of model.notAccounted ?? []) say(`note: ${n.service} is not accounted (dataset.yaml not_accounted): ${n.reason}`);
      const nValues = ds.regions.length * ds.years.length;
      say(
        `OK: ${ds.manifest.id} is valid for ${model.ref} — ${ds.regions.length} region(s) × ${ds.years.length} year(s) = ${nValues} region-years, sha256 ${ds.hash}`,
      );
    });

  program
    .command('template [dir]')
    .description(
      'write a blank dataset for a new region, named after it: manifest, and CSVs with a row per input and key the services read (grouped by service, units filled in), and INPUTS.md listing them',
    )
    .addOption(modelOpt())
    .option('--region <id>', 'region id (lower-case, digits, _ and -): the dataset id, and the folder when [dir] is left out', 'my_region')
    .option('--name <name>', "the region's name (edit its zh/en labels in dataset.yaml)")
    .requiredOption('--years <list>', 'years, e.g. 2020,2022', years)
    .option('--xlsx', 'write one .xlsx workbook, <dir>.xlsx, with a sheet per table (implied by a name ending in .xlsx)')
    .action(async (dir: string | undefined, o) => {
      const model = loadModel(o.model);
      const opts = { region: o.region, ...(o.name ? { name: o.name } : {}), years: o.years };
      const where = dir ?? o.region;
      const target = o.xlsx && !/\.xlsx$/i.test(where) ? `${where}.xlsx` : where;
      const book = /\.xlsx$/i.test(target);
      // exceljs loaded only when a workbook is written (importing it costs every other command about 0.4 s)
      const files = book
        ? await (await import('../../datasets/xlsx-write.ts')).writeTemplateWorkbook(target, model, opts)
        : writeTemplate(target, model, opts);
      say(`wrote ${files.join(', ')} to ${target}; ${model.ref}, region ${o.region} — what each service reads:`);
      // a workbook has a sheet per table, named like the CSV file without .csv
      const inSheet = (file: string) => (book ? `sheet ${file.replace(/\.csv$/, '')}` : file);
      for (const { service, inputs } of servicesNeeds(model))
        say(
          `  ${service.id.padEnd(26)} ${inputs.length ? inputs.map((i) => `${i.info.name} [${i.info.unit.text}${i.info.dims.length ? ` by ${i.info.dims.map((d) => d.name).join(' × ')}` : ''}] ${inSheet(i.file)}`).join('; ') : 'coefficients only'}`,
        );
      say(`fill in the values${book ? '' : ' (INPUTS.md lists them by service)'}, then run: gep validate ${target}`);
    });

  program
    .command('models')
    .description('list the coefficient models and their services')
    .action(() => {
      // the bundled bin keeps the listing by the models' files (cli/models-listing.ts; cli/gep.ts prints it)
      const cache = bundledListingCache();
      const models = cache ? folderHash(cache.modelsDir) : '';
      const lines: string[] = [];
      for (const ref of listModels().flatMap((id) => [id, ...modelVersions(id).map((v) => `${id}@${v}`)])) {
        const m = loadModel(ref);
        lines.push(`${m.ref}  [${m.status}]  ${m.title.en} / ${m.title.zh}`);
        for (const s of m.services) {
          lines.push(`  ${s.category.padEnd(13)} ${s.id.padEnd(26)} ${m.indicatorById.get(s.physical)!.unit.text.padEnd(6)} ${s.label.zh}`);
          const vs = m.variants.get(s.id);
          if (vs) lines.push(`  ${''.padEnd(13)}   variants: ${vs.map((v) => `${v.id}${v.default ? ' (default)' : ''}`).join(', ')}`);
        }
      }
      for (const line of lines) say(line);
      keepListing(cache, models, lines.map((l) => `${l}\n`).join(''));
    });
}

/** Indicators a region-year does not require: given, or read only by given values (engine/eval/needed.ts). */
function notRequired(model: CompiledModel, ds: Dataset, region: string, year: number): Set<string> {
  const given = ds.given?.(region, year);
  const need = neededIndicators(model, given, ds.givenPrecedence);
  return new Set([...(given?.keys() ?? []), ...[...need].filter(([, n]) => n !== 'required').map(([id]) => id)]);
}

/** `gep validate`: one line per given value and region-year, as written, with its row (a breakdown on one line). */
function givenLines(model: CompiledModel, ds: Dataset): string[] {
  const out: string[] = [];
  for (const region of ds.regions)
    for (const year of ds.years)
      for (const [id, byKey] of ds.given?.(region, year) ?? []) {
        const rows = [...byKey];
        const total = byKey.get('');
        if (total) out.push(`given: ${region} ${year} ${id} = ${total.row.value} ${total.row.unit} (${givenWhere(total.row)})`);
        else {
          const over = model.indicatorById.get(id)?.over ?? [];
          const dims = over.length ? ` by ${over.map((o) => o.dim.name).join(' × ')}:` : '';
          const keys = rows.map(([k, g]) => `${k} ${g.row.value} ${g.row.unit} (line ${g.row.line ?? '?'})`).join(', ');
          out.push(`given: ${region} ${year} ${id}${dims} ${keys}; ${rows[0]![1].row.file}`);
        }
      }
  return out;
}
