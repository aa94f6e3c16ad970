import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { grouped, str } from '../../engine/core/decimal.ts';
import { textTable } from '../../reports/summary.ts';
import { RUN_KINDS, run as runKind } from '../../runs/registry.ts';
import { fileSources } from '../../runs/sources.ts';
import { RUN_LIMITS } from '../../runs/limits.ts';
import { writeRunFolder } from '../common.ts';
import { type Io, outLine } from '../io.ts';
import { optionWhole } from '../number-options.ts';

const whole = (name: string, min: number, max: number) => (v: string) => optionWhole(name, v, min, max);

/** The EOD appraisal and ecological asset value commands (issue 16 items 2 and 3). */
export function registerEodCommands(program: Command, io: Io): void {
  const say = outLine(io);
  program
    .command('eod <project>')
    .description(
      'EOD project appraisal: ΔGEP of the project scenario against its baseline, cash flows, NPV, IRR, payback, self-balance ratio, the five links, the NPV band (Monte Carlo)',
    )
    .option('--draws <n>', 'Monte Carlo draws of the NPV band (0: none)', whole('--draws', 0, RUN_LIMITS.draws), 1000)
    .option('--seed <s>', 'seed (0–4294967295)', whole('--seed', 0, RUN_LIMITS.seed), 1)
    .addOption(new Option('-o, --out <dir>', 'where run folders are written').default('out/runs'))
    .action(async (project: string, o) => {
      const r = await runKind('eod', { project, draws: o.draws, seed: o.seed }, fileSources());
      const dir = resolve(o.out, r.meta.id);
      writeRunFolder(dir, RUN_KINDS.eod.files(r));
      const a = r.appraisal;
      const w = (d: Parameters<typeof str>[0] | undefined) => (d === undefined ? '–' : grouped(d.div('10000'), 0));
      say(`EOD appraisal — ${r.project.label.en}${r.project.illustrative ? '  [ILLUSTRATIVE]' : ''}`);
      say(
        `${r.meta.scenario.scenario} vs ${r.meta.reference.scenario}, ${r.project.start}–${r.project.end}, discount rate ${str(a.rate)}, run ${r.meta.id}\n`,
      );
      say(
        textTable({
          head: ['item', 'value', 'unit'],
          align: ['l', 'r', 'l'],
          rows: [
            ['NPV', w(a.npv), '10⁴ CNY'],
            ['IRR', a.irr ? `${grouped(a.irr.mul(100), 2)} %` : `– ${a.irrNote}`, ''],
            ['payback', a.payback ? grouped(a.payback, 2) : '–', 'years'],
            ['discounted payback', a.discountedPayback ? grouped(a.discountedPayback, 2) : '–', 'years'],
            ['self-balance ratio', a.selfBalance ? grouped(a.selfBalance, 4) : '–', 'PV (revenues − op. costs) / PV investment'],
            ['PV ecological investment', w(a.pvInvestment), '10⁴ CNY'],
            ['PV revenues', w(a.pvRevenue), '10⁴ CNY'],
            ['PV operating costs', w(a.pvOperating), '10⁴ CNY'],
            ...(r.band
              ? [
                  [
                    'NPV P5 / P50 / P95',
                    `${w(r.band.p5)} / ${w(r.band.p50)} / ${w(r.band.p95)}`,
                    `10⁴ CNY (${r.band.draws} draws, seed ${r.band.seed})`,
                  ],
                ]
              : []),
          ],
        }) + '\n',
      );
      say(`written to ${dir} (result.json, results.csv, summary.md)`);
    });

  program
    .command('asset <spec>')
    .description(
      'ecological asset value (SEEA EA monetary asset account): PV of the service flows over the asset life by service and ecosystem type, opening and closing, the change by cause',
    )
    .option('-m, --model <id|path>', "coefficient model (default: the scenario's, or cn-gep-2022)")
    .option('-d, --dataset <path>', "dataset folder or .xlsx (default: the scenario's base, or the sample)")
    .option('-s, --scenario <file>', 'value the assets under a scenario')
    .addOption(new Option('-o, --out <dir>', 'where run folders are written').default('out/runs'))
    .action(async (spec: string, o) => {
      const r = await runKind(
        'asset',
        {
          spec,
          ...(o.model ? { model: o.model } : {}),
          ...(o.dataset ? { dataset: o.dataset } : {}),
          ...(o.scenario ? { scenario: o.scenario } : {}),
        },
        fileSources(),
      );
      const dir = resolve(o.out, r.meta.id);
      writeRunFolder(dir, RUN_KINDS.asset.files(r));
      const { spec: s, asset } = r;
      const yi = (d: Parameters<typeof str>[0]) => grouped(d.div('100000000'), 2);
      say(`Ecological asset value — ${s.label.en}${s.illustrative ? '  [ILLUSTRATIVE]' : ''}`);
      say(
        `${s.region}, life ${s.life.years} a, discount rate ${s.discount_rate.opening} → ${s.discount_rate.closing}, growth ${s.projection.growth}, run ${r.meta.id}\n`,
      );
      say(
        textTable({
          head: ['10⁸ CNY', 'value'],
          rows: [
            [`opening ${s.opening}`, yi(asset.total.opening)],
            ['ecosystem conversions (extent)', yi(asset.total.changes.conversions)],
            ['enhancement / degradation (condition)', yi(asset.total.changes.condition)],
            ['revaluation (prices)', yi(asset.total.changes.revaluation)],
            ['discount rate and other', yi(asset.total.changes.discount_other)],
            [`closing ${s.closing}`, yi(asset.total.closing)],
          ],
        }) + '\n',
      );
      say(`written to ${dir} (result.json, results.csv)`);
    });
}
