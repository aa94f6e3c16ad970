import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { DEFAULT_INDICATOR_SYSTEM } from '../../models/indicator-systems.ts';
import { indexExplainLines, indexTable } from '../../reports/index-summary.ts';
import { textTable } from '../../reports/summary.ts';
import { RUN_KINDS, run as runKind } from '../../runs/registry.ts';
import { fileSources } from '../../runs/sources.ts';
import { coversOpt, datasetOpt, list, methodOptions, modelOpt, oneYear, variantOpt, writeRunFolder, years } from '../common.ts';
import { type Io, outLine } from '../io.ts';

/** gep index: an indicator system (the park-city ecological-efficiency index by default) scored on a dataset. */
export function registerIndexCommands(program: Command, io: Io): void {
  const say = outLine(io);
  program
    .command('index')
    .description(
      'score the region-years on an indicator system (default: park-city ecological-efficiency index, 生态安全 · 绿色发展 · 幸福人居): normalised, weighted (given, entropy, AHP with CR), aggregated (weighted sum, TOPSIS, coupling coordination), with ranks, changes and lights',
    )
    .option('--system <id|path>', 'indicator system (models/indicator-systems/)', DEFAULT_INDICATOR_SYSTEM)
    .addOption(modelOpt())
    .addOption(datasetOpt())
    .option('--years <list>', 'years', years)
    .option('--regions <list>', 'regions', list)
    .option('--base-year <year>', 'base year of constant prices (GEP values read at constant prices)')
    .addOption(variantOpt())
    .addOption(coversOpt())
    .option('--explain', 'print every score down to its raw value (where it came from, normalisation, weight)')
    .addOption(new Option('-o, --out <dir>', 'where run folders are written').default('out/runs'))
    .action(async (o) => {
      const input = {
        system: o.system,
        model: o.model,
        dataset: o.dataset,
        ...(o.years ? { years: o.years } : {}),
        ...(o.regions ? { regions: o.regions } : {}),
        ...(o.baseYear ? { baseYear: oneYear(o.baseYear) } : {}),
        ...methodOptions(o),
      };
      const run = await runKind('index', input, fileSources());
      const dir = resolve(o.out, run.meta.id);
      writeRunFolder(dir, RUN_KINDS.index.files(run));
      say(`${run.system.title.en} — ${run.system.title.zh}${run.meta.dataset.illustrative ? '  [ILLUSTRATIVE DATA]' : ''}`);
      say(
        `system ${run.meta.system}, dataset ${run.meta.dataset.id}, ${run.meta.normalisation.method} normalisation, ${run.meta.weighting} weights, ${run.meta.aggregation.method}, run ${run.meta.id}\n`,
      );
      say(`${textTable(indexTable(run))}\n`);
      if (o.explain) say(`${indexExplainLines(run).join('\n')}\n`);
      say(`written to ${dir} (result.json, results.csv, summary.md)`);
    });
}
