import { join } from 'node:path';
import { Dec, str } from '../engine/core/decimal.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { accountDual, type DualAccount } from '../engine/dual/account.ts';
import { rankDrivers, type DriverRanking } from '../engine/dual/drivers.ts';
import { indicatorValue } from '../engine/dual/indicators.ts';
import { scoreRegions, type RegionScore } from '../engine/dual/scorecard.ts';
import type { Scorecard } from '../engine/dual/scorecard-schema.ts';
import type { DualSpec } from '../engine/dual/spec.ts';
import type { Dataset } from '../datasets/load.ts';
import { loadDualSpec, loadScorecard } from '../models/dual.ts';
import { contentHash } from '../models/versioned.ts';
import type { ResultRow } from './rows.ts';
import { dualIdentity, runId } from './run-id.ts';
import { runAccount, type AccountRun, type RunMeta, type RunOptions } from './run.ts';

export { indicatorValue };
// Specs and scorecards are versioned data, loaded in models/dual.ts; their names stay exported here for lib's users.
export { DEFAULT_DUAL_SPEC, DEFAULT_SCORECARD, loadDualSpec, loadScorecard } from '../models/dual.ts';

export interface DualRunMeta extends RunMeta {
  kind: 'dual';
  dual_spec: string;
  dual_spec_hash: string;
  scorecard: string;
  scorecard_hash: string;
  gep_run: string;
}
export interface DualRun {
  meta: DualRunMeta;
  gep: AccountRun;
  dual: DualAccount;
  drivers: DriverRanking[];
  /** Scores of every region in each accounted year, ranked. */
  scores: RegionScore[][];
  scorecard: Scorecard;
}

/** Region areas (km²) from the dataset manifest. */
export function areasOf(dataset: Dataset): Map<string, Dec> {
  return new Map(dataset.manifest.regions.filter((r) => r.area_km2 !== undefined).map((r) => [r.id, new Dec(r.area_km2!)]));
}

export interface DualOptions extends RunOptions {
  spec?: string;
  scorecard?: string;
  gep?: AccountRun;
}

/** GEP account (or the one given, e.g. a scenario run) → dual indicators, ΔGEP drivers and the scorecard. */
export function runDual(opts: DualOptions = {}): DualRun {
  const gep = opts.gep ?? runAccount({ ...opts, trace: opts.trace ?? false });
  const spec = loadDualSpec(opts.spec);
  const scorecard = loadScorecard(opts.scorecard);
  if (!gep.dataset.economy) {
    throw new IssuesError('dataset', [
      {
        code: 'economy_missing',
        // a workbook's manifest is its sheet "dataset"
        file: /\.xlsx$/i.test(gep.dataset.dir) ? `${gep.dataset.dir}!dataset` : join(gep.dataset.dir, 'dataset.yaml'),
        path: 'files.economy',
        message: 'dual accounting needs GDP and population: list an economy.csv under files.economy',
      },
    ]);
  }
  const dual = accountDual(gep.account, gep.dataset.economy, areasOf(gep.dataset), spec);
  return finishDual(gep, dual, spec, scorecard);
}

export function finishDual(gep: AccountRun, dual: DualAccount, spec: DualSpec, scorecard: Scorecard): DualRun {
  const drivers = gep.account.decompositions.map(rankDrivers);
  const scores = gep.account.years.map((y) =>
    scoreRegions(
      scorecard,
      y,
      (r, ind) =>
        indicatorValue(
          dual.rows.find((x) => x.region === r && x.year === y),
          ind,
        ),
      gep.account.regions,
    ),
  );
  // the run id covers what the spec and scorecard say, not only their names (an edited copy is another run)
  const specRef = { ref: `${spec.id}@${spec.version}`, hash: contentHash(spec) };
  const cardRef = { ref: `${scorecard.id}@${scorecard.version}`, hash: contentHash(scorecard) };
  const meta: DualRunMeta = {
    ...gep.meta,
    id: runId(dualIdentity(gep.identity, specRef, cardRef)),
    kind: 'dual',
    dual_spec: specRef.ref,
    dual_spec_hash: specRef.hash,
    scorecard: cardRef.ref,
    scorecard_hash: cardRef.hash,
    gep_run: gep.meta.id,
  };
  return { meta, gep, dual, drivers, scores, scorecard };
}

const EMPTY = { physical_value: '', physical_unit: '', money_value: '', currency: '', price_year: '', price_basis: '' };

/** Long rows of the dual indicators of a dual account (no drivers/scores): what batch and uncertainty reuse. */
export function dualIndicatorRows(dual: DualAccount, scenario: string, model: string): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const r of dual.rows) {
    const b = { level: 'dual', category: '', region: r.region, year: String(r.year), scenario, model };
    const money = (indicator: string, v: Dec, basis: 'current' | 'constant', method: string, key = '') =>
      rows.push({
        ...b,
        ...EMPTY,
        indicator,
        key,
        money_value: str(v),
        currency: 'CNY',
        price_year: String(basis === 'current' ? r.year : dual.baseYear),
        price_basis: basis,
        method,
      });
    const ratio = (indicator: string, v: Dec | undefined, unit: string, method: string, key = '', priced = false) => {
      if (v === undefined) return;
      rows.push({
        ...b,
        ...EMPTY,
        indicator,
        key,
        physical_value: str(v),
        physical_unit: unit,
        ...(priced ? { price_year: String(r.year), price_basis: 'current' } : {}),
        method,
      });
    };
    money('dual.gep', r.gep, 'current', 'GEP account');
    money('dual.gep', r.gepConstant, 'constant', 'GEP account');
    money('dual.gdp', r.gdp, 'current', 'economy.csv');
    money('dual.gdp', r.gdpConstant, 'constant', 'chained GDP volume index');
    ratio('dual.gep_gdp_ratio', r.ratio, '1', 'GEP / GDP, current prices');
    ratio('dual.gep_per_km2', r.gepPerKm2, 'CNY/km2', 'GEP / area_km2', '', true);
    ratio('dual.gep_per_capita', r.gepPerCapita, 'CNY/person', 'GEP / year-end population', '', true);
    ratio('dual.gdp_per_capita', r.gdpPerCapita, 'CNY/person', 'GDP / year-end population', '', true);
    money('dual.realised_value', r.realised, 'current', 'market-realised services (dual spec)');
    ratio('dual.realisation_rate', r.realisationRate, '1', 'realised value / GEP');
    money('dual.geep', r.geep, 'current', 'GDP + GEP − GEP in GDP − degradation');
    money('dual.geep', r.geepConstant, 'constant', 'GDP + GEP − GEP in GDP − degradation');
    money('dual.geep_in_gdp', r.gepInGdp, 'current', 'GEP already in GDP (dual spec)');
    for (const a of r.adjustments) money('dual.geep_adjustment', a.value, 'current', 'share of GDP (dual spec)', `adjustment=${a.id}`);
    for (const [suffix, g] of [
      ['yoy', r.yoy],
      ['vs_base', r.vsBase],
    ] as const) {
      if (!g) continue;
      const key = `from=${g.fromYear}`;
      ratio(`dual.gep_growth_${suffix}`, g.gep, '1', 'constant-price GEP', key);
      ratio(`dual.gdp_growth_${suffix}`, g.gdp, '1', 'chained GDP volume index', key);
      if (g.geep) ratio(`dual.geep_growth_${suffix}`, g.geep, '1', 'constant-price GEEP', key);
      ratio(`dual.gep_minus_gdp_growth_${suffix}`, g.gep.minus(g.gdp), '1', 'GEP growth − GDP growth', key);
    }
  }
  return rows;
}

/** Every long row of a dual run: indicators, ΔGEP drivers (quantity/price/total, ranked), scores and lights. */
export function dualRows(run: DualRun): ResultRow[] {
  const scenario = run.meta.scenario,
    model = run.meta.model;
  const rows = dualIndicatorRows(run.dual, scenario, model);
  for (const d of run.drivers) {
    for (const s of d.services) {
      const base = {
        ...EMPTY,
        indicator: 'dual.driver',
        level: 'driver',
        category: s.category,
        region: d.region,
        year: String(d.toYear),
        scenario,
        model,
        method: 'Σ(Q1−Q0)P0 + ΣQ1(P1−P0)',
      };
      // keys name what a row is (period, service, effect), never a result such as the rank: compare matches rows by key
      const key = `period=${d.fromYear}-${d.toYear};service=${s.id}`;
      for (const [effect, v] of [
        ['quantity', s.quantity],
        ['price', s.price],
        ['total', s.delta],
      ] as const) {
        rows.push({
          ...base,
          key: `${key};effect=${effect}`,
          money_value: str(v),
          currency: 'CNY',
          price_year: String(d.toYear),
          price_basis: 'current',
        });
      }
      rows.push({
        ...base,
        key: `${key};effect=rank`,
        physical_value: String(s.rank),
        physical_unit: '1',
        method: 'rank by |Δ| (1 = largest)',
      });
      if (s.share) rows.push({ ...base, key: `${key};effect=share`, physical_value: str(s.share), physical_unit: '1' });
    }
  }
  for (const yearScores of run.scores) {
    for (const s of yearScores) {
      const base = {
        ...EMPTY,
        level: 'scorecard',
        category: '',
        region: s.region,
        year: String(s.year),
        scenario,
        model,
        method: run.meta.scorecard,
      };
      rows.push({ ...base, indicator: 'dual.score', key: '', physical_value: str(s.score), physical_unit: 'point' });
      rows.push({ ...base, indicator: 'dual.rank', key: '', physical_value: String(s.rank), physical_unit: '1' });
      rows.push({ ...base, indicator: 'dual.score_coverage', key: '', physical_value: str(s.coverage), physical_unit: '1' });
      // the light is a label, not a key: it rides in the method so that a changed light still matches its row
      for (const i of s.indicators)
        rows.push({
          ...base,
          indicator: `dual.score.${i.indicator.slice(5)}`,
          key: '',
          physical_value: str(i.score),
          physical_unit: 'point',
          method: `${run.meta.scorecard}; light=${i.light}`,
        });
    }
  }
  return rows;
}
