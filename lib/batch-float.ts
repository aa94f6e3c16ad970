import { Dec, dec, str } from '../engine/core/decimal.ts';
import { IssuesError, type Issue } from '../engine/core/errors.ts';
import { checkDualSpec } from '../engine/dual/account.ts';
import { rowsAt, runRows } from '../engine/fast/account-float.ts';
import type { RowKey } from '../engine/fast/columns.ts';
import type { BatchContext, ChunkResult } from './batch-context.ts';
import { floatText } from './float-text.ts';

/**
 * A screening chunk of a batch on the float64 path (engine/fast: the same model compiled to straight-line float code):
 * the rows of the exact chunk (lib/batch.ts batchChunk: the dual indicators, regions × years in the same order, the
 * same indicators, keys and units), each value computed in float64 from the program's output and the exact inputs
 * (GDP, population, area, the chained GDP index and the dual spec's shares, read exactly and converted once), printed
 * by floatText. Every row's method ends in SCREENING. The ΔGEP split is not a column of either batch (neither writes
 * it), so it is not computed here; GEP is summed per category then over categories, as engine/gep/account.ts does.
 */
export const SCREENING = 'float64 screening';

/** The column of each service's money value in the program's output, by category then service (the exact order). */
interface Layout {
  NI: number;
  /** Service money columns grouped by category, categories in model order. */
  byCategory: Int32Array[];
  realised: Int32Array;
  traded: { col: number; share: number }[];
  inGdp: Int32Array;
  adjustments: { id: string; share: number; dec: Dec }[];
  shares: number;
}

function layoutOf(c: BatchContext, indicators: string[]): Layout {
  const issues = checkDualSpec(
    c.dual,
    c.model.services.map((s) => s.id),
    c.model.id,
  );
  if (issues.length) throw new IssuesError('model', issues);
  const col = new Map(indicators.map((id, j) => [id, j]));
  const money = new Map(c.model.services.map((s) => [s.id, col.get(s.money)!]));
  const cols = (ids: Iterable<string>) => Int32Array.from(ids, (id) => money.get(id)!);
  const adjustments = c.dual.geep.adjustments.map((a) => ({ id: a.id, dec: dec(a.value), share: Number(a.value) }));
  return {
    NI: indicators.length,
    byCategory: c.model.categories.map((cat) => cols(c.model.services.filter((s) => s.category === cat.id).map((s) => s.id))),
    realised: cols(c.model.services.map((s) => s.id).filter((id) => c.dual.realisation.services.includes(id))),
    traded: c.dual.realisation.traded_rights.map((t) => ({ col: money.get(t.service)!, share: Number(t.share) })),
    inGdp: cols(c.model.services.map((s) => s.id).filter((id) => c.dual.geep.in_gdp.includes(id))),
    adjustments,
    shares: adjustments.reduce((a, x) => a + x.share, 0),
  };
}

/** One region-year of the float dual account (numbers, not decimals: screening). */
interface FloatDualRow {
  region: string;
  year: number;
  gep: number;
  gepConstant: number;
  gdp: number;
  gdpConstant: number;
  population?: number;
  area?: number;
  realised: number;
  gepInGdp: number;
  geep: number;
  geepConstant: number;
}

const sumAt = (O: Float64Array, base: number, cols: Int32Array) => {
  let s = 0;
  for (let k = 0; k < cols.length; k++) s += O[base + cols[k]!]!;
  return s;
};

/** Account regions [from, to) of the batch on the float path: the rows of batchChunk, as float text. */
export function floatBatchChunk(c: BatchContext, from: number, to: number): ChunkResult {
  const regions = c.regions.slice(from, to);
  const years = [...c.years].sort((a, b) => a - b);
  const keys: RowKey[] = [];
  for (const region of regions)
    for (const year of years) keys.push({ region, year, priceYear: year }, { region, year, priceYear: c.baseYear });
  // one pass over the dataset: rows filled for this chunk, not kept with it (memory flat as regions grow)
  const rows = rowsAt(c.model, c.data, keys, undefined, { keep: false });
  const O = runRows(rows);
  const L = layoutOf(c, rows.program.indicators);
  const issues: Issue[] = [];
  // a row the exact path would refuse: data missing, or a required indicator that could not be computed (NaN)
  const ok = (r: number) => {
    if (!rows.present[r]) return false;
    const need = rows.need[r]!;
    for (let j = 0; j < L.NI; j++) if (need[j] === 2 && Number.isNaN(O[r * L.NI + j]!)) return false;
    return true;
  };
  const tryNum = (f: () => Dec): number | undefined => {
    try {
      return f().toNumber();
    } catch (e) {
      if (e instanceof IssuesError) {
        issues.push(...e.issues);
        return undefined;
      }
      throw e;
    }
  };
  const dual: FloatDualRow[] = [];
  const byKey = new Map<string, FloatDualRow>();
  for (let i = 0; i < keys.length / 2; i++) {
    const { region, year } = keys[2 * i]!;
    if (!ok(2 * i) || !ok(2 * i + 1)) {
      issues.push({
        code: 'data_missing',
        message: `${region} ${year}: a value the account needs cannot be computed (the exact batch names which)`,
      });
      continue;
    }
    const cur = 2 * i * L.NI,
      con = (2 * i + 1) * L.NI;
    let gep = 0,
      gepConstant = 0;
    for (const cols of L.byCategory) {
      gep += sumAt(O, cur, cols);
      gepConstant += sumAt(O, con, cols);
    }
    const gdpDec = c.economy.value(region, 'gdp', year);
    if (!gdpDec) {
      issues.push({ code: 'economy_missing', message: `no gdp for ${region} in ${year} (economy.csv)` });
      continue;
    }
    const gdpConstant = tryNum(() => c.economy.gdpConstant(region, year, c.baseYear));
    if (gdpConstant === undefined) continue;
    if (gdpDec.isZero()) {
      issues.push({ code: 'not_positive', message: `gdp of ${region} in ${year} is 0: GEP/GDP is undefined` });
      continue;
    }
    const gdp = gdpDec.toNumber();
    const population = c.economy.value(region, 'population', year)?.toNumber();
    const area = c.areas.get(region)?.toNumber();
    let realised = sumAt(O, cur, L.realised);
    for (const t of L.traded) realised += O[cur + t.col]! * t.share;
    const gepInGdp = sumAt(O, cur, L.inGdp);
    const geep = gdp + gep - gepInGdp - gdp * L.shares;
    const geepConstant = gdpConstant + gepConstant - sumAt(O, con, L.inGdp) - gdpConstant * L.shares;
    const row: FloatDualRow = {
      region,
      year,
      gep,
      gepConstant,
      gdp,
      gdpConstant,
      ...(population !== undefined ? { population } : {}),
      ...(area !== undefined ? { area } : {}),
      realised,
      gepInGdp,
      geep,
      geepConstant,
    };
    dual.push(row);
    byKey.set(`${region}\0${year}`, row);
  }
  if (issues.length) throw new IssuesError('run', issues);

  const lines: string[] = [];
  const methods = new Map<string, string>();
  const methodCell = (m: string) => {
    let cell = methods.get(m);
    if (cell === undefined) methods.set(m, (cell = csvCell(`${m}; ${SCREENING}`)));
    return cell;
  };
  const model = csvCell(c.model.ref);
  const scenario = csvCell(c.scenario);
  const totals: ChunkResult['totals'] = {};
  const sums = new Map<number, { gep: Dec; gdp: Dec }>();
  const last = Math.max(...c.years);
  const lastYear: ChunkResult['lastYear'] = {};
  for (const r of dual) {
    const head = `,dual,,${csvCell(r.region)},${r.year},${scenario},`;
    const money = (indicator: string, v: number, basis: 'current' | 'constant', method: string, key = '') =>
      lines.push(
        `${indicator}${head}${key},,,${floatText(v)},CNY,${basis === 'current' ? r.year : c.baseYear},${basis},${methodCell(method)},${model},`,
      );
    const ratio = (indicator: string, v: number | undefined, unit: string, method: string, key = '', priced = false) => {
      if (v !== undefined)
        lines.push(
          `${indicator}${head}${key},${floatText(v)},${unit},,,${priced ? `${r.year},current` : ','},${methodCell(method)},${model},`,
        );
    };
    const ratioOf = r.gep / r.gdp;
    const perKm2 = r.area ? r.gep / r.area : undefined;
    const perCapita = r.population ? r.gep / r.population : undefined;
    const gdpPerCapita = r.population ? r.gdp / r.population : undefined;
    const rate = r.gep === 0 ? undefined : r.realised / r.gep;
    money('dual.gep', r.gep, 'current', 'GEP account');
    money('dual.gep', r.gepConstant, 'constant', 'GEP account');
    money('dual.gdp', r.gdp, 'current', 'economy.csv');
    money('dual.gdp', r.gdpConstant, 'constant', 'chained GDP volume index');
    ratio('dual.gep_gdp_ratio', ratioOf, '1', 'GEP / GDP, current prices');
    ratio('dual.gep_per_km2', perKm2, 'CNY/km2', 'GEP / area_km2', '', true);
    ratio('dual.gep_per_capita', perCapita, 'CNY/person', 'GEP / year-end population', '', true);
    ratio('dual.gdp_per_capita', gdpPerCapita, 'CNY/person', 'GDP / year-end population', '', true);
    money('dual.realised_value', r.realised, 'current', 'market-realised services (dual spec)');
    ratio('dual.realisation_rate', rate, '1', 'realised value / GEP');
    money('dual.geep', r.geep, 'current', 'GDP + GEP − GEP in GDP − degradation');
    money('dual.geep', r.geepConstant, 'constant', 'GDP + GEP − GEP in GDP − degradation');
    money('dual.geep_in_gdp', r.gepInGdp, 'current', 'GEP already in GDP (dual spec)');
    for (const a of L.adjustments)
      money('dual.geep_adjustment', r.gdp * a.share, 'current', 'share of GDP (dual spec)', `adjustment=${a.id}`);
    const growth = (from: FloatDualRow | undefined) => {
      if (!from || from.gepConstant === 0 || from.geepConstant === 0) return undefined;
      // both GDPs at base-year prices are the chained volume index from the base year, so their ratio is the volume
      // ratio between the two years (gdpVolumeRatio); as a float quotient, it saves two exact chains per region-year
      const gdpRatio = r.gdpConstant / from.gdpConstant;
      return {
        fromYear: from.year,
        gep: r.gepConstant / from.gepConstant - 1,
        gdp: gdpRatio - 1,
        geep: r.geepConstant / from.geepConstant - 1,
      };
    };
    const yoy = growth(byKey.get(`${r.region}\0${r.year - 1}`));
    const vsBase = growth(r.year !== c.baseYear ? byKey.get(`${r.region}\0${c.baseYear}`) : undefined);
    for (const [suffix, g] of [
      ['yoy', yoy],
      ['vs_base', vsBase],
    ] as const) {
      if (!g) continue;
      const key = `from=${g.fromYear}`;
      ratio(`dual.gep_growth_${suffix}`, g.gep, '1', 'constant-price GEP', key);
      ratio(`dual.gdp_growth_${suffix}`, g.gdp, '1', 'chained GDP volume index', key);
      ratio(`dual.geep_growth_${suffix}`, g.geep, '1', 'constant-price GEEP', key);
      ratio(`dual.gep_minus_gdp_growth_${suffix}`, g.gep - g.gdp, '1', 'GEP growth − GDP growth', key);
    }
    // Σ by year: exact sums of the float values, so that the totals do not depend on how regions are chunked
    const t = sums.get(r.year) ?? { gep: new Dec(0), gdp: new Dec(0) };
    sums.set(r.year, { gep: t.gep.plus(r.gep), gdp: t.gdp.plus(r.gdp) });
    if (r.year === last) {
      const values: Record<string, number | undefined> = {
        'dual.gep': r.gep,
        'dual.gdp': r.gdp,
        'dual.gep_gdp_ratio': ratioOf,
        'dual.gep_per_km2': perKm2,
        'dual.gep_per_capita': perCapita,
        'dual.gdp_per_capita': gdpPerCapita,
        'dual.realised_value': r.realised,
        'dual.realisation_rate': rate,
        'dual.geep': r.geep,
        'dual.geep_in_gdp': r.gepInGdp,
        'dual.gep_growth_yoy': yoy?.gep,
        'dual.gdp_growth_yoy': yoy?.gdp,
        'dual.geep_growth_yoy': yoy?.geep,
        'dual.gep_minus_gdp_growth_yoy': yoy ? yoy.gep - yoy.gdp : undefined,
        'dual.gep_growth_vs_base': vsBase?.gep,
        'dual.gdp_growth_vs_base': vsBase?.gdp,
        'dual.geep_growth_vs_base': vsBase?.geep,
        'dual.gep_minus_gdp_growth_vs_base': vsBase ? vsBase.gep - vsBase.gdp : undefined,
      };
      // scored on the printed figures, so that a score is what the rows say
      lastYear[r.region] = Object.fromEntries(
        c.indicators.flatMap((id) => (values[id] === undefined ? [] : [[id, floatText(values[id]!)]])),
      );
    }
  }
  for (const [y, t] of sums) totals[y] = { gep: str(t.gep), gdp: str(t.gdp) };
  return { csv: lines.length ? `${lines.join('\n')}\n` : '', regionYears: dual.length, totals, lastYear, model: c.model.ref };
}

/** A CSV cell as csv-stringify writes it: quoted when it holds a comma, a quote or a line break. */
export function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
