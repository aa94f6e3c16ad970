import { z } from 'zod';
import { assetAccount } from '../../../engine/finance/asset.ts';
import { type AssetRun, assetJson, assetRows, assetSpecHash, extentOf, parseAssetSpec, serviceFlows } from '../../../lib/asset.ts';
import { assetIdentity, runId } from '../../../lib/run-id.ts';
import { assetSection, assetSheet } from '../../../reports/asset-section.ts';
import { rowsCsv } from '../../../reports/results-csv.ts';
import { AccountOptions, account, accountIdentity, loadCheckedAccount } from '../../account-inputs.ts';
import { defineKind, jsonFile } from '../../kind.ts';
import { financeData } from '../../sources.ts';

const AssetOptions = z
  .object({
    /** A valuation spec (datasets/projects/<id>.yaml by id, or a path: the CLI; or inline as data): region, opening and closing year, life, rate, projection. */
    spec: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
    model: AccountOptions.shape.model,
    dataset: AccountOptions.shape.dataset,
    scenario: AccountOptions.shape.scenario,
  })
  .strict();

/** The account the spec asks for: its region, the opening and closing years, base year = opening (for the revaluation row). */
const accountOptions = (o: z.infer<typeof AssetOptions>, s: { region: string; opening: number; closing: number }) => ({
  ...(o.model ? { model: o.model } : {}),
  ...(o.dataset ? { dataset: o.dataset } : {}),
  ...(o.scenario ? { scenario: o.scenario } : {}),
  regions: [s.region],
  years: [s.opening, s.closing],
  baseYear: s.opening,
});

/** asset: the ecological asset value (SEEA EA monetary asset account) of a region's GEP, opening → closing by cause. */
export const assetKind = defineKind({
  kind: 'asset',
  options: AssetOptions,
  async load(o, sources) {
    const { spec } = parseAssetSpec(financeData(o.spec, sources, 'spec'));
    const ao = accountOptions(o, spec);
    return { spec, ao, inputs: await loadCheckedAccount(ao, sources) };
  },
  identity: (_o, x) =>
    assetIdentity({
      gep: accountIdentity(x.ao, x.inputs, false),
      spec: x.spec.id,
      spec_hash: assetSpecHash(x.spec),
      opening: x.spec.opening,
      closing: x.spec.closing,
    }),
  async compute(o, x): Promise<AssetRun> {
    const { spec } = x;
    const run = account(x.ao, x.inputs, false);
    const asset = assetAccount({
      spec,
      flows: serviceFlows(run, spec.opening, spec.closing),
      areaOpening: extentOf(run, spec.region, spec.opening),
      areaClosing: extentOf(run, spec.region, spec.closing),
    });
    return {
      meta: {
        id: runId(assetKind.identity(o, x)),
        kind: 'asset',
        spec: { id: spec.id, hash: assetSpecHash(spec), illustrative: spec.illustrative },
        gep: run.meta,
      },
      spec,
      asset,
      account: run,
      rows: assetRows(spec, asset, run.meta.model, run.meta.scenario),
    };
  },
  rows: (r) => r.rows,
  traces: () => [],
  files: (r) => ({
    'result.json': jsonFile({ run: r.meta, asset: assetJson(r.spec, r.asset) }),
    'results.csv': rowsCsv(r.rows),
  }),
  report: (r) => ({
    account: r.account,
    part: {
      key: 'asset',
      rows: r.rows,
      json: { run: r.meta, asset: assetJson(r.spec, r.asset) },
      section: (acc, l) => assetSection(r, acc.model, l),
      sheet: (l) => assetSheet(r, l),
    },
  }),
});
