import { type Dec, dec, str } from '../engine/core/decimal.ts';
import { type Issue, IssuesError } from '../engine/core/errors.ts';
import { suggest } from '../engine/core/suggest.ts';
import { creditBand, type CreditBasis } from '../engine/finance/credit.ts';
import { bookTotals, type BookTotal, type Financed, financed, projectDelta } from '../engine/finance/pcaf.ts';
import { type Band, pointBand } from '../engine/finance/rights-band.ts';
import { rightsTotals, type RightsTotal, type ValuedRight, valueLedger } from '../engine/finance/rights-ledger.ts';
import { type SameFlow, sameFlows } from '../engine/finance/rights-overlap.ts';
import type { RightsPriceSet } from '../engine/finance/rights-prices.ts';
import type { RightType } from '../engine/finance/rights.ts';
import { type ExtentChangeTable, extentChangeTable } from '../engine/finance/tnfd.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import type { Exposure } from '../engine/finance/pcaf.ts';
import { type FinanceData, loadFinanceData } from '../datasets/finance-data.ts';
import { loadRightsPrices } from '../models/rights-prices.ts';
import type { FinanceIdentity } from './run-id.ts';
import type { AccountRun, RunMeta } from './run.ts';
import { runUncertainty } from './uncertainty.ts';

/** The run block of a finance run: the GEP account's, with the price set and the lender's ratio. */
export interface FinanceRunMeta extends RunMeta {
  kind: 'finance';
  rights_prices: string;
  rights_prices_hash: string;
  credit: FinanceIdentity['credit'];
  /** The GEP run the rights are set beside (its id). */
  gep_run: string;
  /** The tables read (their names in the manifest). */
  files: FinanceData['files'];
  /** What the loaders converted (万tCO2e → tCO2e, 亿元 → CNY), and the ledger rows outside the run's regions and years. */
  finance_notes: string[];
}

/** GEP-linked credit of one region in its last year: the lender's ratio on a basis band. */
export interface CreditLine {
  region: string;
  year: number;
  basis: CreditBasis;
  ratio: Dec;
  /** GEP or its marketable part (provisioning): P5 / P50 / P95 of the Monte Carlo, or the point three times. */
  basisBand: Band;
  band: Band;
  /** true when the band comes from a Monte Carlo (draws > 0), false when it is the point value. */
  fromMonteCarlo: boolean;
}

export interface FinanceRun {
  meta: FinanceRunMeta;
  gep: AccountRun;
  prices: RightsPriceSet;
  valued: ValuedRight[];
  byHolder: RightsTotal[];
  byType: RightsTotal[];
  sameFlows: SameFlow[];
  credit: CreditLine[];
  financed: Financed[];
  book: BookTotal[];
  /** Financed projects' ΔtCO2e (baseline − project, per year), kept apart from financed emissions. */
  deltas: { exposure: Exposure; delta: Dec }[];
  extent: ExtentChangeTable[];
}

export interface FinanceInputsLoaded {
  prices: RightsPriceSet;
  pricesHash: string;
  data: FinanceData;
}

/** The price set and the dataset's rights and loans, checked against each other and the model: every problem at once. */
export function loadFinanceInputs(dir: string, model: CompiledModel, prices?: string): FinanceInputsLoaded {
  const { set, hash } = loadRightsPrices(prices);
  const services = new Set(model.services.map((s) => s.id));
  const issues: Issue[] = [];
  for (const [type, spec] of Object.entries(set.types))
    spec.same_flow_as.forEach((s, n) => {
      if (!services.has(s))
        issues.push({
          code: 'service_unknown',
          path: `types.${type}.same_flow_as.${n}`,
          message: `price set ${set.id}@${set.version}: "${s}" is not a service of ${model.ref}${suggest(s, services)}`,
        });
    });
  if (issues.length) throw new IssuesError('model', issues);
  const data = loadFinanceData(dir, (type: RightType) => set.types[type]?.unit, services);
  return { prices: set, pricesHash: hash, data };
}

export interface FinanceComputeOptions {
  credit?: { ratio: string; draws: number; seed: number };
  /** The dataset folder (the Monte Carlo's workers read it) and model ref, for the GEP band. */
  dir: string;
}

/**
 * Green finance on a GEP account: the rights ledger valued (per right, holder and type), each right beside the GEP
 * service of the same flow (never summed), the GEP-linked credit band at the lender's ratio, the financed emissions
 * of the lending book (PCAF), financed projects' ΔtCO2e and the extent-and-change table of each region.
 */
export async function computeFinance(
  gep: AccountRun,
  loaded: FinanceInputsLoaded,
  identity: FinanceIdentity,
  id: string,
  o: FinanceComputeOptions,
): Promise<FinanceRun> {
  const { prices } = loaded;
  // the ledger and the book of the regions and years accounted (a run of 2022 values the rights held in 2022)
  const inRun = (r: { region: string; year: number }) => gep.account.regions.includes(r.region) && gep.account.years.includes(r.year);
  const data = { ...loaded.data, rights: loaded.data.rights.filter(inRun), loans: loaded.data.loans.filter(inRun) };
  // never drop a row silently: the rows of other regions or years are left out, and the run says which
  const outside = [
    outsideNote(data.files.rights ?? 'rights.csv', loaded.data.rights, inRun),
    outsideNote(data.files.loans ?? 'loans.csv', loaded.data.loans, inRun),
  ].flatMap((n) => (n ? [n] : []));
  const { valued, issues } = valueLedger(data.rights, prices, data.files.rights ?? 'rights.csv');
  if (issues.length) throw new IssuesError('dataset', issues);
  const ry = (region: string, year: number) => gep.account.regionYears.find((r) => r.region === region && r.year === year);
  const pairs = sameFlows(valued, (region, year, service) => {
    const s = ry(region, year)?.services.find((x) => x.id === service);
    return s ? { ...(s.physical ? { physical: s.physical } : {}), physicalUnit: s.physicalUnit, money: s.money } : undefined;
  });
  const credit: CreditLine[] = [];
  if (o.credit) {
    const ratio = dec(o.credit.ratio);
    for (const region of gep.account.regions) {
      const last = gep.account.regionYears.filter((r) => r.region === region).at(-1);
      if (!last) continue;
      const marketable = last.categories.get('provisioning')?.current;
      let gepBand = pointBand(last.gep.current);
      let provBand = marketable ? pointBand(marketable) : undefined;
      const mc = o.credit.draws > 0;
      if (mc) {
        const u = await runUncertainty({
          model: gep.model.ref,
          dataset: o.dir,
          region,
          year: last.year,
          baseYear: gep.account.baseYear,
          draws: o.credit.draws,
          seed: o.credit.seed,
          loaded: { model: gep.model, dataset: gep.dataset },
        });
        const band = (id: string): Band | undefined => {
          const s = u.summaries[u.measured.findIndex((m) => m.id === id)];
          return s ? { low: s.p5, central: s.p50, high: s.p95 } : undefined;
        };
        gepBand = band('gep|current') ?? gepBand;
        provBand = band('provisioning|current') ?? provBand;
      }
      credit.push({
        region,
        year: last.year,
        basis: 'gep',
        ratio,
        basisBand: gepBand,
        band: creditBand(ratio, gepBand),
        fromMonteCarlo: mc,
      });
      if (provBand)
        credit.push({
          region,
          year: last.year,
          basis: 'marketable',
          ratio,
          basisBand: provBand,
          band: creditBand(ratio, provBand),
          fromMonteCarlo: mc,
        });
    }
  }
  const fin = data.loans.map(financed);
  const deltas = data.loans.flatMap((e) => {
    const delta = projectDelta(e);
    return delta === undefined ? [] : [{ exposure: e, delta }];
  });
  const extent = gep.account.extent.flatMap((x) => extentChangeTable(x) ?? []);
  const meta: FinanceRunMeta = {
    ...gep.meta,
    id,
    kind: 'finance',
    rights_prices: identity.rights_prices,
    rights_prices_hash: identity.rights_prices_hash,
    credit: identity.credit,
    gep_run: gep.meta.id,
    files: data.files,
    finance_notes: [...data.notes, ...outside],
  };
  return {
    meta,
    gep,
    prices,
    valued,
    byHolder: rightsTotals(valued, (r) => `${r.holderKind}:${r.holder}`),
    byType: rightsTotals(valued, (r) => r.type),
    sameFlows: pairs,
    credit,
    financed: fin,
    book: bookTotals(fin),
    deltas,
    extent,
  };
}

/** "rights.csv: lines 5, 9 (2019, 2023) are outside the run's regions and years and are not counted", or undefined. */
export function outsideNote<R extends { line: number; region: string; year: number }>(
  file: string,
  rows: R[],
  inRun: (r: R) => boolean,
): string | undefined {
  const out = rows.filter((r) => !inRun(r));
  if (!out.length) return undefined;
  const years = [...new Set(out.map((r) => r.year))].sort((a, b) => a - b);
  const regions = [...new Set(out.map((r) => r.region))];
  return `${file}: ${out.length === 1 ? 'line' : 'lines'} ${out.map((r) => r.line).join(', ')} (${regions.join(', ')}; ${years.join(', ')}) ${out.length === 1 ? 'is' : 'are'} outside the run's regions and years and not counted`;
}

/** A credit option as the identity records it: the ratio as a canonical decimal ("0.250" and "0.25" are one run). */
export const creditIdentity = (c?: { ratio: string; draws: number; seed: number }): FinanceIdentity['credit'] =>
  c ? { ratio: str(dec(c.ratio)), draws: c.draws, seed: c.seed } : null;
