import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { grouped } from '../../engine/core/decimal.ts';
import { DEFAULT_RIGHTS_PRICES } from '../../models/rights-prices.ts';
import { renderReport, reportDoc } from '../../reports/render.ts';
import { RUN_KINDS, run as runKind } from '../../runs/registry.ts';
import { RUN_LIMITS } from '../../runs/limits.ts';
import { fileSources } from '../../runs/sources.ts';
import { accountRequest, coversOpt, datasetOpt, list, modelOpt, variantOpt, writeRunFolder, years } from '../common.ts';
import { type Io, outLine } from '../io.ts';
import { optionDecimal, optionWhole } from '../number-options.ts';
import { cjkFontWarning } from '../cjk-font.ts';

const RATIO = { min: '0', above: true, max: '1', says: 'a loan-to-GEP ratio above 0 and at most 1, e.g. 0.25' };

/** gep finance: rights valued, credit band, financed emissions, ΔtCO2e, extent change; a run folder with its HTML and XLSX report. */
export function registerFinanceCommands(program: Command, io: Io): void {
  const say = outLine(io);
  program
    .command('finance')
    .description(
      "green finance beside the GEP account: rights ledger valued (rights.csv, a dated price set; forest rights by the income approach), rights beside the GEP service of the same flow (never added), GEP-linked credit at the lender's ratio, PCAF financed emissions of loans.csv, projects' ΔtCO2e, the TNFD extent-and-change table",
    )
    .addOption(modelOpt())
    .addOption(datasetOpt())
    .option('--scenario <file>', 'account under a scenario (YAML/JSON)')
    .option('--prices <id|path>', 'rights price set (models/finance/rights-prices/)', DEFAULT_RIGHTS_PRICES)
    .option('--credit-ratio <r>', "the lender's loan-to-GEP ratio (never built in), e.g. 0.25", (v) =>
      optionDecimal('--credit-ratio', v, RATIO),
    )
    .option('--draws <n>', 'Monte Carlo draws behind the GEP band of the credit line (0: the point value)', (v) =>
      optionWhole('--draws', v, 0, RUN_LIMITS.draws),
    )
    .option('--seed <s>', 'seed of those draws', (v) => optionWhole('--seed', v, 0, RUN_LIMITS.seed))
    .option('--base-year <year>', 'base year of constant prices')
    .option('--years <list>', 'years', years)
    .option('--regions <list>', 'regions', list)
    .addOption(variantOpt())
    .addOption(coversOpt())
    .addOption(new Option('-l, --lang <lang>', 'language of report.html and report.xlsx').choices(['zh', 'en']).default('en'))
    .addOption(new Option('-o, --out <dir>', 'where run folders are written').default('out/runs'))
    .action(async (o, cmd: Command) => {
      const input = {
        ...accountRequest(o, cmd),
        prices: o.prices,
        ...(o.creditRatio ? { credit: { ratio: o.creditRatio, draws: o.draws ?? 0, seed: o.seed ?? 1 } } : {}),
      };
      const run = await runKind('finance', input, fileSources());
      const doc = reportDoc([RUN_KINDS.finance.report!(run)]);
      const dir = resolve(o.out, run.meta.id);
      if (o.lang === 'zh') {
        const w = cjkFontWarning();
        if (w) io.err(`${w}\n`);
      }
      writeRunFolder(dir, {
        ...RUN_KINDS.finance.files(run),
        'report.html': await renderReport('html', doc, o.lang),
        'report.xlsx': await renderReport('xlsx', doc, o.lang),
      });
      say(`Green finance — ${run.gep.dataset.manifest.name.en}${run.meta.dataset.illustrative ? '  [ILLUSTRATIVE DATA]' : ''}`);
      say(`model ${run.meta.model}, prices ${run.meta.rights_prices}, run ${run.meta.id} (GEP run ${run.meta.gep_run})`);
      for (const t of run.byType)
        say(
          `  rights ${t.region} ${t.year} ${t.key}: ${grouped(t.value.central, 0)} CNY (${grouped(t.value.low, 0)} – ${grouped(t.value.high, 0)})`,
        );
      for (const c of run.credit)
        say(
          `  credit ${c.region} ${c.year} on ${c.basis}: ${grouped(c.band.central, 0)} CNY (${grouped(c.band.low, 0)} – ${grouped(c.band.high, 0)})`,
        );
      for (const b of run.book)
        say(`  financed emissions ${b.region} ${b.year}: ${grouped(b.total, 2)} tCO2e, data quality ${grouped(b.quality, 2)}`);
      for (const n of run.meta.finance_notes) say(`  note on the data: ${n}`);
      say(`rights are never added to GEP; written to ${dir} (result.json, results.csv, summary.md, report.html, report.xlsx)`);
    });
}
