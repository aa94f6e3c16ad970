import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { type Issue, IssuesError } from '../../engine/core/errors.ts';
import { schemaIssues } from '../../engine/model/schema-issues.ts';
import { ProjectionPaths } from '../../engine/carbon/projection.ts';
import { carbonTables, explainCarbon } from '../../reports/carbon.ts';
import { textTable } from '../../reports/summary.ts';
import { runCarbon, type CarbonPart } from '../../lib/carbon-run.ts';
import { type InputOf, RUN_KINDS, run as runKind } from '../../runs/registry.ts';
import { fileSources } from '../../runs/sources.ts';
import { DEFAULT_FACTORS } from '../../models/carbon-factors.ts';
import { DEFAULTS } from '../../models/defaults.ts';
import { readYaml } from '../../models/versioned.ts';
import { datasetOpt, givenOption, list, oneYear, refuse, writeRunFolder, years } from '../common.ts';
import { loadScenario } from '../../lib/scenario.ts';
import { type Io, outLine } from '../io.ts';
import { keptReports, reportFiles, reportLang } from '../report-files.ts';
import { RUN_LIMITS } from '../../runs/limits.ts';
import { decimalOption, NON_NEGATIVE, optionDecimal, optionWhole, quantityOption, REDUCTION, SHARE } from '../number-options.ts';

const GROWTH = { min: '-0.5', max: '1', says: 'an annual growth rate as a fraction, e.g. 0.055' };
const grid = (v: string) => {
  const [geography, kind = 'average', vintage = 'year'] = v.split(':');
  if (!geography || !(vintage === 'year' || /^\d{4}$/.test(vintage)))
    refuse(`--grid "${v}": write geography[:kind[:vintage|year]], e.g. sichuan:average:year or national:average:2022`);
  return { geography: geography!, kind, vintage: vintage === 'year' ? ('year' as const) : Number(vintage) };
};
const ladder = (v: string) => {
  if (v === 'national3' || v === 'city4') return v;
  const m = /^city4:([^,]+),([^,]+),([^,]+)$/.exec(v.trim());
  const share = (t: string) => optionDecimal('--ladder', t, SHARE);
  return m
    ? { green: share(m[1]!), yellow: share(m[2]!), orange: share(m[3]!) }
    : refuse(`--ladder "${v}": national3, city4, or city4:green,yellow,orange (shares, e.g. city4:1,0.9,0.5)`);
};
/** --plateau x:n: |growth| ≤ x (a fraction) for n years. */
const plateau = (v: string) => {
  const [x, n, ...rest] = v.split(':');
  if (x === undefined || n === undefined || rest.length) refuse(`--plateau "${v}": write x:n, e.g. 0.01:3`);
  return { maxGrowth: optionDecimal('--plateau', x!, REDUCTION), years: optionWhole('--plateau', n!, 1, 100) };
};

function paths(file: string) {
  if (!existsSync(file)) refuse(`--paths "${file}": no such file`);
  const issues: Issue[] = [];
  const doc = readYaml(file, issues, file);
  if (issues.length) throw new IssuesError('scenario', issues);
  const p = ProjectionPaths.safeParse(doc);
  if (!p.success)
    throw new IssuesError(
      'scenario',
      schemaIssues(p.error.issues, 'schema_invalid').map((i) => ({ ...i, file })),
    );
  return p.data;
}

/** The carbon commands: gep carbon inventory | dualcontrol | project | decompose | footprint | all. */
export function registerCarbonCommands(program: Command, io: Io): void {
  const say = outLine(io);
  const carbon = program
    .command('carbon')
    .description('carbon accounts: inventory, dual control, peak projection, LMDI decomposition, entity footprints');
  const common = (c: Command) =>
    c
      .option(
        '-f, --factors <sets>',
        `carbon factor set: an id (its current version), id@version, or a path; several joined by commas combine, the first that has a fuel, grid series or process gives it (default ${DEFAULT_FACTORS}, or the scenario's)`,
      )
      .option('-d, --dataset <path>', `dataset folder or .xlsx workbook (default datasets/${DEFAULTS.gep.dataset}, or the scenario's base)`)
      .option('-s, --scenario <file>', 'a scenario file whose carbon block chooses the factor set, grid factor and projection paths')
      .option(
        '--grid <geo:kind:vintage>',
        'grid factor: geography (sichuan, southwest, national …), kind (average, excl_market_nonfossil, fossil_only), vintage (a year, or "year" for the inventory year\'s own)',
        grid,
      )
      .option('--years <list>', 'inventory years, e.g. 2015,2020,2022', years)
      .option('--regions <list>', 'regions', list)
      .option('--net', 'also report a labelled net figure (gross − sinks)')
      .option('-o, --out <dir>', 'where run folders are written', 'out/runs');

  const action =
    (parts: CarbonPart[], extra: (o: Record<string, any>) => Partial<InputOf<'carbon'>> = () => ({})) =>
    async (o: Record<string, any>) => {
      const started = process.hrtime.bigint();
      const input: InputOf<'carbon'> = {
        parts,
        trace: true,
        ...(o.factors ? { factors: o.factors } : {}),
        ...(o.dataset ? { dataset: o.dataset } : {}),
        ...(o.scenario ? { scenario: o.scenario } : {}),
        ...(o.grid ? { grid: o.grid } : {}),
        ...(o.years ? { years: o.years } : {}),
        ...(o.regions ? { regions: o.regions } : {}),
        ...(o.net ? { net: true } : {}),
        ...extra(o),
      };
      const run = await runKind('carbon', input, fileSources());
      const dir = resolve(o.out, run.meta.id);
      const lang = reportLang(o.report);
      const reports = lang ? await reportFiles(run, o, lang) : {};
      writeRunFolder(dir, { ...keptReports(dir), ...RUN_KINDS.carbon.files(run), ...reports });
      const m = run.meta;
      say(`Carbon accounts — ${run.data.manifest.name.en}${m.dataset.illustrative ? '  [ILLUSTRATIVE DATA]' : ''}`);
      say(
        `factor set ${m.model}, dataset ${m.dataset.id} (${m.dataset.hash.slice(0, 12)}), run ${m.id}; grid ${m.grid.geography}/${m.grid.kind}/${m.grid.vintage}, GWP ${m.gwp}`,
      );
      if (run.inventory.some((e) => e.inventory.factors.gridBackcast))
        say('* years before the first grid-factor vintage use the first vintage');
      for (const t of carbonTables(run)) {
        if (!parts.includes('inventory') && t.title.startsWith('Inventory')) continue;
        say(
          `\n${t.title}\n${textTable({ ...t.table, align: t.table.head.map((_, n) => (n === 0 || (t.title.startsWith('Entity') && n === 1) ? 'l' : 'r')) })}`,
        );
      }
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      say(`\nwritten to ${dir} (carbon.json, results.csv, summary.md, trace.json) in ${ms.toFixed(0)} ms`);
      for (const name of Object.keys(reports)) say(`report: ${join(dir, name)}`);
    };

  common(
    carbon
      .command('inventory')
      .description('emissions by scope, sector, fuel and gas; GPC BASIC/BASIC+; energy in tce; intensities; sinks apart'),
  ).action(action(['inventory']));
  common(
    carbon
      .command('dualcontrol')
      .description('dual control of energy and CO2: intensity and totals against five-year targets, deductions, traffic lights'),
  )
    .option('--base-year <year>', 'base year of the five-year period', String(DEFAULTS.carbon.dual_control.base_year))
    .option(
      '--energy-target <fraction>',
      'five-year energy-intensity reduction',
      decimalOption('--energy-target', REDUCTION),
      DEFAULTS.carbon.dual_control.energy_intensity,
    )
    .option(
      '--co2-target <fraction>',
      'five-year CO2-intensity reduction',
      decimalOption('--co2-target', REDUCTION),
      DEFAULTS.carbon.dual_control.co2_intensity,
    )
    .option(
      '--energy-cap <tce>',
      'cap on assessed energy in the last year of the period, in tce or with its unit ("10213.48 万tce")',
      quantityOption('--energy-cap', 'tce', NON_NEGATIVE),
    )
    .option(
      '--co2-cap <tCO2>',
      'cap on CO2 in the last year of the period, in tCO2 or with its unit ("2.5 10^6 tCO2", "250 万吨二氧化碳")',
      quantityOption('--co2-cap', 'tCO2', NON_NEGATIVE),
    )
    .option(
      '--ladder <kind>',
      'traffic-light ladder: national3 (red rose / yellow behind / green on track), city4 (share of the requirement met ≥1 green, ≥0.9 yellow, >0.5 orange, else red) or city4:1,0.9,0.5 with your thresholds',
      ladder,
      DEFAULTS.carbon.dual_control.ladder,
    )
    .addOption(
      new Option('--basis <basis>', 'energy basis: calorific (当量值) or equivalent (等价值, needs a coal_rate row per year)').choices([
        'calorific',
        'equivalent',
      ]),
    )
    .option(
      '--gdp-growth <fraction>',
      'annual real GDP growth of the period, for the caps cap_t = I_base × (1 − r_t) × GDP_t (economy.csv GDP of a year wins)',
      decimalOption('--gdp-growth', GROWTH),
    )
    .action(
      action(['inventory', 'dualcontrol'], (o) => ({
        dual: {
          ...(o.basis ? { basis: o.basis } : {}),
          ...(o.gdpGrowth ? { gdpGrowth: o.gdpGrowth } : {}),
          baseYear: oneYear(o.baseYear),
          energyIntensity: o.energyTarget,
          co2Intensity: o.co2Target,
          ladder: o.ladder,
          ...(o.energyCap ? { energyTotalCap: o.energyCap } : {}),
          ...(o.co2Cap ? { co2TotalCap: o.co2Cap } : {}),
        },
      })),
    );
  common(
    carbon
      .command('project')
      .description('Kaya scenario paths (baseline, low-carbon, zero-carbon), STIRPAT ridge fit, peak year and value, rebound, plateau'),
  )
    .option('--base-year <year>', 'projection base year (default: the last inventory year)')
    .option('--to <year>', 'horizon', String(DEFAULTS.carbon.projection.to_year))
    .option(
      '--paths <file.yaml>',
      'scenario paths (a YAML list of {id, label, rates: [{from, population, gdp_per_capita, energy_intensity, fossil_share, grid_factor, non_energy}]})',
    )
    .option('--target-year <year>', 'peak target year', String(DEFAULTS.carbon.projection.target_year))
    .option('--plateau <x:n>', 'plateau rule: |growth| ≤ x for n years, e.g. 0.01:3', plateau)
    .option('--ridge-k <k>', 'ridge penalty of the STIRPAT fit', String(DEFAULTS.carbon.projection.ridge_k))
    .action(
      action(['inventory', 'project'], (o) => ({
        projection: {
          ...(o.baseYear ? { baseYear: oneYear(o.baseYear) } : {}),
          toYear: oneYear(o.to),
          targetYear: oneYear(o.targetYear),
          ridgeK: Number(optionDecimal('--ridge-k', o.ridgeK, NON_NEGATIVE)), // a statistic's penalty: the fit uses floats
          ...(o.paths ? { paths: paths(o.paths) } : {}),
          ...(o.plateau ? { plateau: o.plateau } : {}),
        },
      })),
    );
  common(
    carbon
      .command('decompose')
      .description('additive LMDI of the change in energy CO2 between two years: population, affluence, intensity, mix, emission factor'),
  )
    .option('--from <year>', 'first year (default: the first inventory year)')
    .option('--to <year>', 'second year (default: the last inventory year)')
    .action(
      action(['inventory', 'decompose'], (o) => ({
        decompose: { ...(o.from ? { from: oneYear(o.from) } : {}), ...(o.to ? { to: oneYear(o.to) } : {}) },
      })),
    );
  common(
    carbon
      .command('footprint')
      .description(
        'footprints of parks, enterprises and communities: scope 1/2, intensities, clean share, targets, zero-carbon park criteria, roll-up',
      ),
  ).action(action(['footprint']));
  carbon
    .command('uncertainty')
    .description(
      "Monte Carlo over the carbon factors of one region-year (the set's ranges and the scenario's factor ranges): P5/P50/P95 and a tornado of gross emissions",
    )
    .option(
      '-f, --factors <sets>',
      `carbon factor set: id, id@version or path; a,b combines (default ${DEFAULT_FACTORS}, or the scenario's)`,
    )
    .option('-d, --dataset <path>', `dataset folder or .xlsx workbook (default datasets/${DEFAULTS.gep.dataset}, or the scenario's base)`)
    .option('-s, --scenario <file>', 'a scenario whose factor overrides and factor ranges apply (uncertainty: [{factor, low, high, unit}])')
    .option('--grid <geo:kind:vintage>', 'grid factor choice', grid)
    .requiredOption('--draws <n>', 'number of draws')
    .requiredOption('--seed <s>', 'seed (0–4294967295)')
    .option('--region <id>', 'region (default: the first)')
    .option('--year <year>', 'year (default: the last carbon year)')
    .option('-o, --out <dir>', 'where run folders are written', 'out/runs')
    .action(async (o) => {
      const input: InputOf<'carbon_uncertainty'> = {
        draws: optionWhole('--draws', o.draws, 1, RUN_LIMITS.draws),
        seed: optionWhole('--seed', o.seed, 0, 4294967295),
        ...(o.factors ? { factors: o.factors } : {}),
        ...(o.dataset ? { dataset: o.dataset } : {}),
        ...(o.scenario ? { scenario: o.scenario } : {}),
        ...(o.grid ? { grid: o.grid } : {}),
        ...(o.region ? { region: o.region } : {}),
        ...(o.year ? { year: oneYear(o.year) } : {}),
      };
      const run = await runKind('carbon_uncertainty', input, fileSources());
      const dir = resolve(o.out, run.meta.id);
      writeRunFolder(dir, RUN_KINDS.carbon_uncertainty.files(run));
      const m = run.meta;
      say(
        `Carbon uncertainty — ${m.region} ${m.year}, scenario ${m.scenario}: ${m.draws} draws, seed ${m.seed}, ${m.parameters.length} factor ranges${m.dataset.illustrative ? '  [ILLUSTRATIVE DATA]' : ''}\n`,
      );
      const t = (d: { toFixed(n: number): string }) => d.toFixed(0);
      say(
        textTable({
          head: ['figure', 'unit', 'deterministic', 'mean', 'P5', 'P50', 'P95'],
          rows: run.summaries.map((x, j) => [x.id, run.measured[j]!.unit, t(x.deterministic), t(x.mean), t(x.p5), t(x.p50), t(x.p95)]),
        }),
      );
      if (run.tornado.length)
        say(
          `\nOne-at-a-time sensitivity of gross emissions, tCO2e\n${textTable({
            head: ['factor', 'low', 'high', 'gross at low', 'gross at high', 'swing'],
            rows: run.tornado.map((b) => [b.param, b.low.toString(), b.high.toString(), t(b.outputLow), t(b.outputHigh), t(b.swing)]),
          })}`,
        );
      say(`\nwritten to ${dir} (result.json, results.csv)`);
    });
  carbon
    .command('explain <indicator>')
    .description('print how inventory figures were computed: formula, activity, factors with source, status and valid-from year')
    .addOption(new Option('-f, --factors <sets>', 'carbon factor set: id, id@version or path; a,b combines').default(DEFAULT_FACTORS))
    .addOption(datasetOpt())
    .option('--grid <geo:kind:vintage>', 'grid factor choice', grid)
    .requiredOption('-r, --region <region>')
    .requiredOption('-y, --year <year>')
    .option('--item <id>', 'only lines of this fuel, process or item')
    .option('--sector <id>', 'only lines of this sector')
    .option('--limit <n>', 'how many nodes to print', '20')
    .option('--base-year <year>', 'dual.…: base year of the five-year period', String(DEFAULTS.carbon.dual_control.base_year))
    .option('--gdp-growth <fraction>', 'dual.…: annual real GDP growth for the caps', decimalOption('--gdp-growth', GROWTH))
    .addOption(new Option('--basis <basis>', 'dual.…: energy basis').choices(['calorific', 'equivalent']))
    .option(
      '-s, --scenario <file>',
      'explain under a scenario: its factor set, grid factor and factor overrides (its base dataset unless -d is given)',
    )
    .action((indicator: string, o, cmd: Command) => {
      const year = oneYear(o.year);
      // dual-control lines read every year from the base year on; inventory lines only the year asked
      const dual = indicator.startsWith('dual.');
      // with a scenario, its factor set and base dataset apply unless -f/-d name others
      const factors = o.scenario ? givenOption(o, cmd, 'factors') : o.factors;
      const dataset = o.scenario ? givenOption(o, cmd, 'dataset') : o.dataset;
      const run = runCarbon({
        parts: dual ? ['inventory', 'dualcontrol'] : ['inventory'],
        ...(factors ? { factors } : {}),
        ...(dataset ? { dataset } : {}),
        ...(o.scenario ? { scenario: loadScenario(o.scenario) } : {}),
        regions: [o.region],
        ...(dual ? {} : { years: [year] }),
        trace: true,
        ...(o.grid ? { grid: o.grid } : {}),
        ...(dual
          ? {
              dual: {
                baseYear: oneYear(o.baseYear),
                ...(o.gdpGrowth ? { gdpGrowth: o.gdpGrowth } : {}),
                ...(o.basis ? { basis: o.basis } : {}),
              },
            }
          : {}),
      });
      say(
        explainCarbon(run, {
          region: o.region,
          year,
          indicator,
          item: o.item,
          sector: o.sector,
          limit: optionWhole('--limit', o.limit, 1, 100_000),
        }),
      );
    });
  common(carbon.command('all').description('every carbon part with default settings, in one run folder'))
    .option('--report <lang>', 'also write the GEP, dual and carbon report (report-<lang>.html and .xlsx, zh or en) into the run folder')
    .action(action(['inventory', 'dualcontrol', 'project', 'decompose', 'footprint']));
}
