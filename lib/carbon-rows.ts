import type { Dec } from '../engine/core/decimal.ts';
import { str } from '../engine/core/decimal.ts';
import { LMDI_FACTORS, LMDI_FORMULAS } from '../engine/carbon/lmdi.ts';
import type { CarbonRun } from './carbon-run.ts';
import type { ResultRow } from './rows.ts';

/**
 * The long rows of a carbon run (results.csv, the store, the API): one row per indicator × region × year ×
 * scenario, breakdowns in `key` as dim=value;dim=value.
 */
export function carbonRows(run: CarbonRun): ResultRow[] {
  const { meta } = run;
  const rows: ResultRow[] = [];
  const push = (
    r: Partial<Omit<ResultRow, 'year'>> & {
      indicator: string;
      level: string;
      region: string;
      year: number | string;
      value?: Dec;
      unit?: string;
    },
  ) => {
    const { value, unit, year, ...rest } = r;
    rows.push({
      category: '',
      key: '',
      scenario: meta.scenario,
      money_value: '',
      currency: '',
      price_year: '',
      price_basis: '',
      method: '',
      model: meta.model,
      ...rest,
      physical_value: value === undefined ? '' : str(value),
      physical_unit: value === undefined ? '' : (unit ?? ''),
      year: String(year),
    } as ResultRow);
  };
  const gridLabel = `${meta.grid.geography}/${meta.grid.kind}/${meta.grid.vintage}`;
  for (const e of run.inventory) {
    const inv = e.inventory,
      b = { region: e.region, year: e.year, level: 'inventory' };
    const m = 'IPCC 2006 / provincial guideline: AD × NCV × CC × OF × 44/12; scope 2 location-based (' + gridLabel + ')';
    push({ ...b, indicator: 'carbon.scope1', category: 'emissions', value: inv.scope1, unit: 'tCO2e', method: m });
    push({ ...b, indicator: 'carbon.scope2', category: 'emissions', value: inv.scope2, unit: 'tCO2e', method: m });
    push({
      ...b,
      indicator: 'carbon.gross',
      category: 'emissions',
      value: inv.gross,
      unit: 'tCO2e',
      method: 'consumption view: scope 1 + scope 2 (electricity and heat where used; plant fuel apart), sinks not netted',
    });
    push({
      ...b,
      indicator: 'carbon.territorial',
      category: 'emissions',
      value: inv.views.territorial,
      unit: 'tCO2e',
      method: 'territorial view: scope 1 + plant fuel (every emission inside the boundary, no scope 2), as provincial inventories report',
    });
    push({
      ...b,
      indicator: 'carbon.view_difference',
      category: 'emissions',
      value: inv.views.difference,
      unit: 'tCO2e',
      method: 'territorial − consumption = plant fuel − scope 2 (power and heat made here minus power and heat used here)',
    });
    push({
      ...b,
      indicator: 'carbon.sinks',
      category: 'removals',
      value: inv.sinks,
      unit: 'tCO2',
      method: 'reported apart (removals, positive)',
    });
    if (run.options.net)
      push({
        ...b,
        indicator: 'carbon.net_labelled',
        category: 'emissions',
        value: inv.gross.minus(inv.sinks),
        unit: 'tCO2e',
        method: 'NET: gross − sinks (labelled extra, not the inventory total)',
      });
    push({ ...b, indicator: 'carbon.gpc_basic', category: 'emissions', value: inv.gpc.basic, unit: 'tCO2e', method: 'GPC BASIC' });
    push({
      ...b,
      indicator: 'carbon.gpc_basic_plus',
      category: 'emissions',
      value: inv.gpc.basicPlus,
      unit: 'tCO2e',
      method: 'GPC BASIC+',
    });
    push({
      ...b,
      indicator: 'carbon.energy_generation',
      category: 'emissions',
      value: inv.gpc.energyGeneration,
      unit: 'tCO2',
      method: 'GPC I.4.4 energy generation supplied to the grid: plant fuel CO2, reported apart (outside scope 1, gross, BASIC, BASIC+)',
    });
    push({
      ...b,
      indicator: 'energy.generation_input',
      category: 'energy',
      value: inv.energy.generationInput,
      unit: 'tce',
      method: 'fuel burnt in power and heat plants, outside the energy totals (their output is counted where consumed)',
    });
    for (const [s, v] of inv.bySector) {
      push({
        ...b,
        level: 'detail',
        indicator: 'carbon.scope1',
        category: 'emissions',
        key: `sector=${s}`,
        value: v.scope1,
        unit: 'tCO2e',
        method: m,
      });
      push({
        ...b,
        level: 'detail',
        indicator: 'carbon.scope2',
        category: 'emissions',
        key: `sector=${s}`,
        value: v.scope2,
        unit: 'tCO2e',
        method: m,
      });
    }
    // energy-balance sectors add up to their summary sector (sets that have both, e.g. cn-carbon-factors@1.2.0)
    for (const [s, v] of summarySectors(inv.bySector, run.factors.sectors)) {
      for (const scope of ['scope1', 'scope2'] as const)
        push({
          ...b,
          level: 'detail',
          indicator: `carbon.${scope}`,
          category: 'emissions',
          key: `summary_sector=${s}`,
          value: v[scope],
          unit: 'tCO2e',
          method: `${m}; Σ energy-balance sectors of the summary sector`,
        });
    }
    for (const [s, v] of inv.bySource)
      push({
        ...b,
        level: 'detail',
        indicator: 'carbon.gross',
        category: 'emissions',
        key: `source=${s}`,
        value: v,
        unit: 'tCO2e',
        method: m,
      });
    for (const [g, v] of inv.byGas)
      push({
        ...b,
        level: 'detail',
        indicator: 'carbon.gross',
        category: 'emissions',
        key: `gas=${g}`,
        value: v,
        unit: 'tCO2e',
        method: `GWP ${meta.gwp}`,
      });
    for (const [g, v] of inv.byGpcSector)
      push({
        ...b,
        level: 'detail',
        indicator: 'carbon.gross',
        category: 'emissions',
        key: `gpc_sector=${g}`,
        value: v,
        unit: 'tCO2e',
        method: 'GPC sectors',
      });
    push({
      ...b,
      indicator: 'energy.total_calorific',
      category: 'energy',
      value: inv.energy.calorific,
      unit: 'tce',
      method: 'GB/T 2589 calorific basis (当量值)',
    });
    if (inv.energy.equivalent)
      push({
        ...b,
        indicator: 'energy.total_equivalent',
        category: 'energy',
        value: inv.energy.equivalent,
        unit: 'tce',
        method: 'generation-equivalent basis (等价值): grid electricity at the thermal coal rate',
      });
    push({
      ...b,
      indicator: 'energy.feedstock',
      category: 'energy',
      value: inv.energy.feedstock,
      unit: 'tce',
      method: 'non-energy use of fuels',
    });
    for (const [f, v] of inv.energy.byFuel)
      push({
        ...b,
        level: 'detail',
        indicator: 'energy.total_calorific',
        category: 'energy',
        key: `fuel=${f}`,
        value: v,
        unit: 'tce',
        method: 'GB/T 2589',
      });
    const i = e.intensities,
      ib = { ...b, level: 'intensity', price_year: String(meta.price_year), price_basis: 'constant' };
    if (i.co2PerGdp)
      push({
        ...ib,
        indicator: 'carbon.intensity_gdp',
        category: 'intensity',
        value: i.co2PerGdp,
        unit: 'tCO2e/10^4 CNY',
        method: 'gross / GDP at constant prices',
      });
    if (i.energyPerGdp)
      push({
        ...ib,
        indicator: 'energy.intensity_gdp',
        category: 'intensity',
        value: i.energyPerGdp,
        unit: 'tce/10^4 CNY',
        method: 'energy (calorific) / GDP at constant prices',
      });
    if (i.co2PerCapita)
      push({
        ...b,
        level: 'intensity',
        indicator: 'carbon.per_capita',
        category: 'intensity',
        value: i.co2PerCapita,
        unit: 'tCO2e/person',
        method: 'gross / year-end population',
      });
    if (i.co2PerKm2)
      push({
        ...b,
        level: 'intensity',
        indicator: 'carbon.per_km2',
        category: 'intensity',
        value: i.co2PerKm2,
        unit: 'tCO2e/km2',
        method: 'gross / area',
      });
  }
  for (const d of run.dual) {
    for (const l of d.lines) {
      const key = [
        l.light ? `light=${l.light}` : '',
        l.decline ? `decline=${str(l.decline)}` : '',
        l.required ? `required=${str(l.required)}` : '',
        l.share ? `share=${str(l.share)}` : '',
      ]
        .filter(Boolean)
        .join(';');
      push({
        region: d.region,
        year: l.year,
        level: 'dual_control',
        indicator: l.indicator,
        category: l.indicator.includes('co2') ? 'co2' : 'energy',
        key,
        value: l.value,
        unit: l.unit,
        method: `${l.formula}; ladder ${d.targets.ladder.kind}`,
        ...(l.indicator.includes('intensity') ? { price_year: String(meta.price_year), price_basis: 'constant' } : {}),
      });
    }
  }
  for (const p of run.projection) {
    const o = p.observed;
    push({
      region: p.region,
      year: o.year,
      level: 'peak',
      indicator: 'carbon.peak_observed',
      category: 'observed',
      key: `peaked=${o.peaked ? 'yes' : 'no'};rebound=${o.rebound ? o.rebound.reboundYear : 'no'};last_year=${o.lastYear};years_since_peak=${o.yearsSincePeak}${o.targetYear !== undefined ? `;target_year=${o.targetYear};years_to_target=${o.yearsToTarget}` : ''}${o.plateauFrom ? `;plateau_from=${o.plateauFrom}` : ''}`,
      value: o.value,
      unit: 'tCO2e',
      method: `global maximum of the observed gross emissions ${o.firstYear}–${o.lastYear}`,
    });
    for (const s of p.scenarios) {
      for (const y of s.years)
        push({
          region: p.region,
          year: y.year,
          scenario: s.path.id,
          level: 'projection',
          indicator: 'carbon.projection',
          category: 'kaya',
          value: y.co2,
          unit: 'tCO2e',
          method: 'Kaya path',
        });
      // the drivers of the path, so that a projected year can be checked: energy (calorific) and GDP (constant prices)
      for (const y of s.years) {
        const b = { region: p.region, year: y.year, scenario: s.path.id, level: 'projection', category: 'kaya' };
        push({ ...b, indicator: 'carbon.projection_energy', value: y.energy, unit: 'tce', method: 'Kaya path: GDP × energy intensity' });
        push({
          ...b,
          indicator: 'carbon.projection_gdp',
          value: y.gdp,
          unit: 'CNY',
          method: 'Kaya path: population × GDP per capita',
          price_year: String(meta.price_year),
          price_basis: 'constant',
        });
      }
      for (const y of s.stirpat ?? [])
        push({
          region: p.region,
          year: y.year,
          scenario: s.path.id,
          level: 'projection',
          indicator: 'carbon.projection_stirpat',
          category: 'stirpat',
          value: y.co2,
          unit: 'tCO2e',
          method: 'STIRPAT elasticities (ridge fit)',
        });
      const pk = s.peak;
      push({
        region: p.region,
        year: pk.year,
        scenario: s.path.id,
        level: 'peak',
        indicator: 'carbon.peak',
        category: 'kaya',
        key: `peaked=${pk.peaked ? 'yes' : 'no'};rebound=${pk.rebound ? pk.rebound.reboundYear : 'no'}${pk.vsTarget !== undefined ? `;years_vs_target=${pk.vsTarget}` : ''}${pk.plateauFrom ? `;plateau_from=${pk.plateauFrom}` : ''}`,
        value: pk.value,
        unit: 'tCO2e',
        method: 'global maximum of the projected series',
      });
    }
  }
  for (const d of run.decomposition) {
    const b = { region: d.region, year: d.lmdi.to, level: 'decomposition', key: `from=${d.lmdi.from};to=${d.lmdi.to}` };
    for (const k of LMDI_FACTORS)
      push({
        ...b,
        indicator: `carbon.lmdi.${k}`,
        category: 'lmdi',
        value: d.lmdi.effects[k],
        unit: 'tCO2e',
        method: `additive LMDI-I: ${LMDI_FORMULAS[k]}`,
      });
    push({
      ...b,
      indicator: 'carbon.lmdi.delta_energy',
      category: 'lmdi',
      value: d.lmdi.delta,
      unit: 'tCO2e',
      method: 'Σ effects (exact)',
    });
    for (const c of d.lmdi.categories) {
      for (const k of LMDI_FACTORS)
        push({
          ...b,
          level: 'detail',
          key: `${b.key};category=${c.category}`,
          indicator: `carbon.lmdi.${k}`,
          category: 'lmdi',
          value: c.effects[k],
          unit: 'tCO2e',
          method: c.rule === 'log-mean' ? 'log-mean weight' : `zero rule (${c.rule}, Ang & Liu 2007)`,
        });
    }
    push({
      ...b,
      indicator: 'carbon.lmdi.non_energy',
      category: 'lmdi',
      value: d.nonEnergy.delta,
      unit: 'tCO2e',
      method: 'processes and direct CH4/N2O, outside the Kaya identity',
    });
  }
  for (const f of run.footprints?.footprints ?? []) {
    const region = f.entity.region ?? '';
    for (const mo of f.months)
      push({
        region,
        year: mo.period.slice(0, 4),
        level: 'footprint_month',
        category: f.entity.kind,
        key: `entity=${f.entity.id};month=${mo.period.slice(5)}`,
        indicator: 'footprint.total',
        value: mo.total,
        unit: 'tCO2e',
        method: 'scope 1 + scope 2 of the month',
      });
    for (const y of f.years) {
      const b = { region, year: y.year, level: 'footprint', category: f.entity.kind, key: `entity=${f.entity.id}` };
      push({ ...b, indicator: 'footprint.scope1', value: y.scope1, unit: 'tCO2e' });
      push({ ...b, indicator: 'footprint.scope2', value: y.scope2, unit: 'tCO2e' });
      push({ ...b, indicator: 'footprint.energy', value: y.energy, unit: 'tce' });
      if (y.co2PerTce) push({ ...b, indicator: 'footprint.co2_per_tce', value: y.co2PerTce, unit: 'tCO2e/tce' });
      if (y.co2PerOutput) push({ ...b, indicator: 'footprint.co2_per_output', value: y.co2PerOutput, unit: 'tCO2e/10^4 CNY' });
      if (y.co2PerResident) push({ ...b, indicator: 'footprint.co2_per_resident', value: y.co2PerResident, unit: 'tCO2e/person' });
      if (y.cleanShare) push({ ...b, indicator: 'footprint.clean_share', value: y.cleanShare, unit: '1' });
      if (y.progress)
        push({
          ...b,
          indicator: 'footprint.target_reduction',
          value: y.progress.reduction,
          unit: '1',
          method: `reduction of ${y.progress.metric} since ${f.entity.baseYear}; required ${str(y.progress.required)}; on track: ${y.progress.onTrack ? 'yes' : 'no'}`,
        });
      for (const c of y.criteria ?? [])
        push({
          ...b,
          key: `${b.key};criterion=${c.rule
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '_')
            .replace(/^_|_$/g, '')}`,
          indicator: 'footprint.park_criterion',
          value: c.value,
          unit: '1',
          method: `${c.rule}; met: ${c.met ? 'yes' : 'no'}`,
        });
    }
  }
  for (const r of run.footprints?.rollUps ?? [])
    push({
      region: r.region ?? '',
      year: r.year,
      level: 'footprint',
      indicator: 'footprint.rollup',
      category: 'district',
      key: `entities=${r.entities.join('+')}${r.share ? `;share_of_district=${str(r.share)}` : ''}`,
      value: r.total,
      unit: 'tCO2e',
      method: r.rule,
    });
  return rows;
}

/** Scope 1 and 2 by summary sector, for the sectors reported under an energy-balance row that names one (none otherwise). */
export function summarySectors(
  bySector: ReadonlyMap<string, { scope1: Dec; scope2: Dec }>,
  sectors: Readonly<Record<string, { summary?: string | undefined }>>,
): Map<string, { scope1: Dec; scope2: Dec }> {
  if (![...bySector.keys()].some((s) => sectors[s]?.summary)) return new Map();
  const out = new Map<string, { scope1: Dec; scope2: Dec }>();
  for (const [s, v] of [...bySector].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const k = sectors[s]?.summary ?? s;
    const t = out.get(k);
    out.set(k, t ? { scope1: t.scope1.plus(v.scope1), scope2: t.scope2.plus(v.scope2) } : v);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}
