import { z } from 'zod';
import { loadCarbonData } from '../../../datasets/carbon.ts';
import { ProjectionPaths } from '../../../engine/carbon/projection.ts';
import { decimalText } from '../../../engine/model/schema.ts';
import type { Scenario } from '../../../engine/scenario/schema.ts';
import { carbonRows } from '../../../lib/carbon-rows.ts';
import { type CarbonRun, carbonRunIdentity, runCarbon } from '../../../lib/carbon-run.ts';
import { carbonJson, carbonSummaryMarkdown, carbonTraceJson } from '../../../reports/carbon.ts';
import { carbonSection, carbonSheet } from '../../../reports/carbon-section.ts';
import { rowsCsv } from '../../../reports/results-csv.ts';
import { Year } from '../../account-inputs.ts';
import { defineKind } from '../../kind.ts';

// targets, ladder shares and the plateau's growth: plain bounded decimals, no fractions (the CLI's reader checks their ranges)
const Share = decimalText({ fractions: false });
const CarbonOptions = z
  .object({
    /** A carbon factor set id or path; default cn-carbon-factors, or the scenario's. */
    factors: z.string().min(1).optional(),
    dataset: z.string().min(1).optional(),
    /** A scenario whose carbon block chooses the factor set, the grid factor and the paths; its base the dataset. */
    scenario: z.string().min(1).optional(),
    regions: z.array(z.string().min(1)).min(1).optional(),
    years: z.array(Year).min(1).optional(),
    grid: z
      .object({ geography: z.string().min(1), kind: z.string().min(1), vintage: z.union([z.literal('year'), Year]) })
      .strict()
      .optional(),
    parts: z
      .array(z.enum(['inventory', 'dualcontrol', 'project', 'decompose', 'footprint']))
      .min(1)
      .default(['inventory', 'dualcontrol', 'project', 'decompose', 'footprint']),
    priceYear: Year.optional(),
    dual: z
      .object({
        baseYear: Year.optional(),
        energyIntensity: Share.optional(),
        co2Intensity: Share.optional(),
        energyTotalCap: decimalText({ fractions: false, positive: true }).optional(),
        co2TotalCap: decimalText({ fractions: false, positive: true }).optional(),
        ladder: z.union([z.enum(['national3', 'city4']), z.object({ green: Share, yellow: Share, orange: Share }).strict()]).optional(),
        basis: z.enum(['calorific', 'equivalent']).optional(),
        gdpGrowth: decimalText({ fractions: false }).optional(),
      })
      .strict()
      .optional(),
    projection: z
      .object({
        baseYear: Year.optional(),
        toYear: Year.optional(),
        paths: ProjectionPaths.optional(),
        targetYear: Year.optional(),
        plateau: z
          .object({ maxGrowth: Share, years: z.number().int().min(1) })
          .strict()
          .optional(),
        ridgeK: z.number().min(0).optional(),
      })
      .strict()
      .optional(),
    decompose: z.object({ from: Year.optional(), to: Year.optional() }).strict().optional(),
    /** Add a labelled net figure (gross − sinks); never the default. */
    net: z.boolean().default(false),
    trace: z.boolean().default(true),
  })
  .strict();

/** carbon: inventory, dual control, peak projection, LMDI decomposition and entity footprints over the carbon years. */
export const carbonKind = defineKind({
  kind: 'carbon',
  options: CarbonOptions,
  async load(o, sources) {
    const scenario = o.scenario === undefined ? undefined : await sources.scenario(o.scenario);
    // as runCarbon resolves them: explicit options win over the scenario's carbon block and base
    const factors = sources.factors(o.factors ?? scenario?.carbon?.factors);
    const dir = await sources.datasetDir(o.dataset ?? scenario?.base.dataset);
    return { factors, data: loadCarbonData(dir, factors), dir, ...(scenario ? { scenario } : {}) };
  },
  identity: (o, x) => carbonRunIdentity(runOptions(o, x), x.factors, x.data),
  compute: async (o, x): Promise<CarbonRun> => runCarbon({ ...runOptions(o, x), loaded: { factors: x.factors, data: x.data } }),
  rows: carbonRows,
  traces: (run) =>
    run.meta.trace
      ? run.inventory.flatMap((e) => e.inventory.traces.map((node) => ({ region: e.region, year: e.year, indicator: node.id, node })))
      : [],
  files: (run) => ({
    'carbon.json': carbonJson(run),
    'results.csv': rowsCsv(carbonRows(run)),
    'summary.md': carbonSummaryMarkdown(run),
    ...(run.meta.trace ? { 'trace.json': carbonTraceJson(run) } : {}),
  }),
  report: (run) => ({
    part: {
      key: 'carbon',
      rows: carbonRows(run),
      json: { run: run.meta, rows: carbonRows(run) },
      section: (account, l) => carbonSection(account.model, run, l),
      sheet: (l) => carbonSheet(run, l),
    },
    finance: { carbon: run },
  }),
});

/** runCarbon's options: the scenario as loaded, the dataset as the folder it was read from. */
const runOptions = (o: z.infer<typeof CarbonOptions>, x: { dir: string; scenario?: Scenario }) => {
  const { scenario: _ref, ...rest } = o;
  return { ...rest, dataset: x.dir, ...(x.scenario ? { scenario: x.scenario } : {}) };
};
