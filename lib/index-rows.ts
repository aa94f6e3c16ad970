import { type Dec, str } from '../engine/core/decimal.ts';
import type { IndexRun } from './index-run.ts';
import type { ResultRow, TraceRow } from './rows.ts';

const POINTS = 'points (0–100)';

/**
 * The long rows of an index run: per region-year each indicator's raw value (with where it came from), normalised
 * score (with its formula and light) and contribution, each dimension's score and change, the composite, its rank and
 * change, and the coupling coordination; once per run the weights (and the AHP consistency or the entropies).
 */
export function indexRows(run: IndexRun): ResultRow[] {
  const model = run.meta.system;
  const out: ResultRow[] = [];
  const unitOf = new Map(run.system.dimensions.flatMap((d) => d.indicators.map((i) => [i.id, i.unit] as const)));
  const row = (r: Partial<ResultRow> & { indicator: string; value: Dec; unit: string }): void => {
    const { value, unit, ...rest } = r;
    out.push({
      level: 'index',
      category: '',
      region: '',
      year: '',
      scenario: 'baseline',
      key: '',
      physical_value: str(value),
      physical_unit: unit,
      money_value: '',
      currency: '',
      price_year: '',
      price_basis: '',
      method: '',
      model,
      ...rest,
    });
  };
  const w = run.index.weights;
  for (const d of w.dimensions)
    row({ indicator: 'index.dimension_weight', level: 'weight', key: `dimension=${d.id}`, value: d.weight, unit: '1', method: w.method });
  for (const i of w.indicators) {
    row({
      indicator: 'index.weight',
      level: 'weight',
      category: i.dimension,
      key: `indicator=${i.id}`,
      value: i.weight,
      unit: '1',
      method: w.method,
    });
    row({
      indicator: 'index.weight_in_dimension',
      level: 'weight',
      category: i.dimension,
      key: `indicator=${i.id}`,
      value: i.inDimension,
      unit: '1',
      method: w.method,
    });
  }
  if (w.ahp) {
    const ahp = [['dimensions', w.ahp.dimensions] as const, ...Object.entries(w.ahp.indicators)];
    for (const [m, r] of ahp) {
      const method = `AHP ${r.method}; RI ${r.ri}`;
      row({ indicator: 'index.ahp.lambda_max', level: 'weight', key: `matrix=${m}`, value: r.lambdaMax, unit: '1', method });
      row({ indicator: 'index.ahp.ci', level: 'weight', key: `matrix=${m}`, value: r.ci, unit: '1', method });
      row({ indicator: 'index.ahp.cr', level: 'weight', key: `matrix=${m}`, value: r.cr, unit: '1', method });
    }
  }
  if (w.entropy)
    w.indicators.forEach((i, j) => {
      row({
        indicator: 'index.entropy',
        level: 'weight',
        category: i.dimension,
        key: `indicator=${i.id}`,
        value: w.entropy!.entropy[j]!,
        unit: '1',
        method: 'entropy',
      });
    });
  for (const s of run.index.scores) {
    const at = { region: s.region, year: String(s.year) };
    for (const i of s.indicators) {
      const b = { ...at, level: 'index_indicator', category: i.dimension, key: `indicator=${i.id}` };
      row({ ...b, indicator: 'index.raw', value: i.raw, unit: unitOf.get(i.id)!, method: i.from });
      row({ ...b, indicator: 'index.normalised', value: i.normalised, unit: '1', method: `${i.formula}; light=${i.light}` });
      if (i.contribution)
        row({ ...b, indicator: 'index.contribution', value: i.contribution, unit: POINTS, method: '100 · weight · normalised' });
    }
    for (const d of s.dimensions) {
      const b = { ...at, level: 'index_dimension', category: d.id, key: `dimension=${d.id}` };
      row({ ...b, indicator: 'index.dimension', value: d.score, unit: POINTS, method: `${run.meta.aggregation.method}; light=${d.light}` });
      if (d.change)
        row({ ...b, indicator: 'index.dimension_change', value: d.change, unit: POINTS, method: 'change from the previous year' });
    }
    const c = { ...at, level: 'index_composite' };
    row({
      ...c,
      indicator: 'index.composite',
      value: s.composite,
      unit: POINTS,
      method: `${run.meta.aggregation.method}; light=${s.light}`,
    });
    out.push({
      ...out[out.length - 1]!,
      indicator: 'index.rank',
      physical_value: String(s.rank),
      physical_unit: '1',
      method: 'rank among the regions of the year',
    });
    if (s.change)
      row({ ...c, indicator: 'index.composite_change', value: s.change, unit: POINTS, method: 'change from the previous year' });
    if (s.coupling) {
      row({ ...c, indicator: 'index.coupling', value: s.coupling.coupling, unit: '1', method: 'C = n·(Π U)^(1/n) / Σ U' });
      row({ ...c, indicator: 'index.coupling_development', value: s.coupling.development, unit: '1', method: 'T = Σ α·U' });
      row({
        ...c,
        indicator: 'index.coupling_coordination',
        value: s.coupling.coordination,
        unit: '1',
        method: `D = √(C·T); band=${s.coupling.band.id}`,
      });
    }
  }
  return out;
}

/** Every score explained down to its raw value: one trace per indicator, dimension and composite of each region-year. */
export function indexTraces(run: IndexRun): TraceRow[] {
  const out: TraceRow[] = [];
  for (const s of run.index.scores) {
    const at = { region: s.region, year: s.year };
    for (const i of s.indicators)
      out.push({
        ...at,
        indicator: `index.${i.id}`,
        node: {
          raw: str(i.raw),
          from: i.from,
          normalisation: i.formula,
          normalised: str(i.normalised),
          weight_in_dimension: str(i.weightInDimension),
          weight: str(i.weight),
          ...(i.contribution ? { contribution: str(i.contribution) } : {}),
          light: i.light,
        },
      });
    for (const d of s.dimensions)
      out.push({
        ...at,
        indicator: `index.dimension.${d.id}`,
        node: {
          score: str(d.score),
          formula:
            run.meta.aggregation.method === 'topsis'
              ? '100 · TOPSIS closeness over the dimension'
              : '100 · Σ weight_in_dimension · normalised',
          reads: s.indicators.filter((i) => i.dimension === d.id).map((i) => `index.${i.id}`),
          light: d.light,
        },
      });
    out.push({
      ...at,
      indicator: 'index.composite',
      node: {
        score: str(s.composite),
        formula: run.meta.aggregation.method === 'topsis' ? '100 · TOPSIS closeness' : 'Σ dimension weight · dimension score',
        reads: s.dimensions.map((d) => `index.dimension.${d.id}`),
        rank: s.rank,
        light: s.light,
      },
    });
  }
  return out;
}
