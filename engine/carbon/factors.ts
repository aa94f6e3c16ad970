import { dec, str } from '../core/decimal.ts';
import type { Issue } from '../core/errors.ts';
import type { IssueCode } from '../core/issue-codes.ts';
import { conversion, parseUnit, type Unit } from '../core/units.ts';
import type { Label } from '../model/schema.ts';
import type { Parameter, ParamEntry } from '../params/parameter.ts';
import { type FactorData, type FactorSetData, FactorSetSchema } from './factor-schema.ts';

// The schema, for the versioned-data loader (models/carbon-factors.ts), which validates before compiling.
export { type FactorSetData, FactorSetSchema } from './factor-schema.ts';

/** A carbon factor: a dated parameter (engine/params), its value in the unit the engine computes in. */
export interface Factor extends Parameter<ParamEntry> {
  kind: 'factor';
  /** The factor set it comes from (id@version): in a run that combines sets, each factor keeps its own. */
  set: string;
}

/** The factors a fuel may have, as named in factors.yaml and in the parameter names (fuel.raw_coal.ncv). */
export const FUEL_FACTORS = ['ncv', 'cc', 'of', 'ef_co2', 'sce', 'published_ef'] as const;
export type FuelFactorName = (typeof FUEL_FACTORS)[number];

/**
 * A compiled factor set. The classification (sectors, fuels, processes, renewables, sinks) says what activity
 * may be reported; every number is a dated parameter in `params`, named
 * - fuel.<fuel>.ncv | cc | of | ef_co2 | sce | published_ef (GJ, tC/GJ, 1, tCO2/GJ, tce, tCO2 per activity unit)
 * - grid.<geography>.<kind> (tCO2/MWh; an entry's `from` is the factor's vintage)
 * - electricity.sce (tce/MWh), heat.ef (tCO2/GJ), heat.sce (tce/GJ), process.<process> (tCO2 per output unit)
 * - gwp.CH4, gwp.N2O (tCO2e per t of gas; not dated: one entry from 1900, in force in every year)
 */
export interface FactorSet {
  id: string;
  version: string;
  ref: string;
  hash: string;
  status: 'draft' | 'published';
  title: Label;
  gwp: { set: string; source: string };
  sectors: FactorSetData['sectors'];
  fuels: Map<string, FuelItem>;
  processes: Map<string, { label: Label; unit: string }>;
  renewables: Set<string>;
  sinks: Set<string>;
  params: Map<string, Factor>;
  /** When sets were combined (./combine.ts): each set in order of precedence, with its content hash. */
  combines?: { ref: string; hash: string }[];
}

/** A fuel of the classification: what an activity row may name, and the unit its factors are per. */
export interface FuelItem {
  label: Label;
  group: 'coal' | 'oil' | 'gas';
  unit: string;
  yearbookUnit?: string;
  ceads?: string;
  /** The set it comes from (id@version). */
  set: string;
}

export const GWP_FROM = 1900;

const FUEL_LABELS: Record<FuelFactorName, Label> = {
  ncv: { zh: '低位发热量', en: 'net calorific value' },
  cc: { zh: '单位热值含碳量', en: 'carbon content' },
  of: { zh: '碳氧化率', en: 'oxidation fraction' },
  ef_co2: { zh: 'CO2排放因子', en: 'CO2 emission factor' },
  sce: { zh: '折标准煤系数', en: 'standard-coal factor' },
  published_ef: { zh: '公布的排放因子', en: 'published emission factor' },
};

/**
 * Validate a factor set (every problem listed by path) and compile every factor into a dated parameter, its
 * value converted exactly to the engine's units: fuel factors per activity unit, electricity per MWh, heat per
 * GJ, CO2 in t, standard coal in tce. A fuel entry that leaves a factor out ends that factor (`until`), so the
 * factors in force in a year are always those of one entry.
 */
export function compileFactorSet(data: unknown, hash: string, file = 'factors'): { set?: FactorSet; issues: Issue[] } {
  const parsed = FactorSetSchema.safeParse(data);
  if (!parsed.success)
    return { issues: parsed.error.issues.map((i) => ({ code: 'schema_invalid', file, path: i.path.join('.'), message: i.message })) };
  const d = parsed.data;
  const ref = `${d.id}@${d.version}`;
  const issues: Issue[] = [];
  const fail = (code: IssueCode, path: string, message: string) => issues.push({ code, file, path, message });
  const params = new Map<string, Factor>();
  const param = (name: string, unitText: string, label?: Label): Factor | undefined => {
    let p = params.get(name);
    if (p) return p;
    let unit: Unit;
    try {
      unit = parseUnit(unitText);
    } catch (e) {
      fail('factor_unit', name, (e as Error).message);
      return undefined;
    }
    p = { kind: 'factor', name, set: ref, ...(label ? { label } : {}), unit, dims: [], entries: [] };
    params.set(name, p);
    return p;
  };
  const add = (p: Factor | undefined, f: FactorData, from: number, path: string, until?: number) => {
    if (!p) return;
    const entry = factorEntry(f, p.unit, from, until, (m) => fail('factor_unit', path, m));
    if (entry) p.entries.push(entry);
  };

  const fuels: FactorSet['fuels'] = new Map();
  for (const [id, f] of Object.entries(d.fuels)) {
    let unit: Unit;
    try {
      unit = parseUnit(f.unit);
    } catch (e) {
      fail('factor_unit', `fuels.${id}.unit`, (e as Error).message);
      continue;
    }
    fuels.set(id, {
      label: f.label,
      group: f.group,
      unit: unit.text,
      ...(f.yearbook_unit ? { yearbookUnit: f.yearbook_unit } : {}),
      ...(f.ceads ? { ceads: f.ceads } : {}),
      set: ref,
    });
    const per = wrap(unit.text);
    const target: Record<FuelFactorName, string> = {
      ncv: `GJ/${per}`,
      cc: 'tC/GJ',
      of: '1',
      ef_co2: 'tCO2/GJ',
      sce: `tce/${per}`,
      published_ef: `tCO2/${per}`,
    };
    const order = f.entries.map((e, n) => ({ e, n })).sort((a, b) => a.e.from - b.e.from);
    for (const { e, n } of order) {
      for (const k of FUEL_FACTORS) {
        const name = `fuel.${id}.${k}`;
        const v = e[k];
        const label = { zh: `${f.label.zh}${FUEL_LABELS[k].zh}`, en: `${f.label.en} ${FUEL_LABELS[k].en}` };
        if (v) add(param(name, target[k], label), v, e.from, `fuels.${id}.entries[${n}].${k}`, e.until);
        else if (k === 'sce' && d.sce_from_ncv) {
          const p = param(name, target.sce, label);
          const entry = sceFromNcv(e.ncv, d.sce_from_ncv, parseUnit(target.ncv), e.from, e.until, (m) =>
            fail('factor_unit', `fuels.${id}.entries[${n}].ncv`, m),
          );
          if (p && entry) p.entries.push(entry);
        } else endBefore(params.get(name), e.from);
      }
    }
  }
  const dated = (list: FactorSetData['heat']['emission'], name: string, unit: string, path: string, label?: Label) =>
    list.forEach((f, n) => {
      add(param(name, unit, label), f, f.from, `${path}[${n}]`, f.until);
    });
  dated(d.electricity.sce_calorific, 'electricity.sce', 'tce/MWh', 'electricity.sce_calorific', {
    zh: '电力折标准煤系数(当量值)',
    en: 'electricity standard-coal factor (calorific)',
  });
  dated(d.heat.emission, 'heat.ef', 'tCO2/GJ', 'heat.emission', { zh: '热力排放因子', en: 'heat emission factor' });
  dated(d.heat.sce_calorific, 'heat.sce', 'tce/GJ', 'heat.sce_calorific', { zh: '热力折标准煤系数', en: 'heat standard-coal factor' });
  const processes: FactorSet['processes'] = new Map();
  for (const [id, p] of Object.entries(d.processes)) {
    processes.set(id, { label: p.label, unit: p.unit });
    dated(p.entries, `process.${id}`, `tCO2/${wrap(p.unit)}`, `processes.${id}.entries`, p.label);
  }
  d.electricity.grid.forEach((g, n) => {
    const name = `grid.${g.geography}.${g.kind}`;
    const p = param(name, 'tCO2/MWh', { zh: `电网排放因子 ${g.geography} ${g.kind}`, en: `grid factor, ${g.geography}, ${g.kind}` });
    if (p?.entries.some((e) => e.from === g.vintage))
      fail('duplicate', `electricity.grid[${n}]`, `a second grid factor for ${g.geography}, vintage ${g.vintage}, ${g.kind}`);
    else add(p, g, g.vintage, `electricity.grid[${n}]`);
  });
  for (const [gas, v] of Object.entries(d.gwp.values)) {
    const p = param(`gwp.${gas}`, `tCO2e/t${gas}`, { zh: `${gas} 全球增温潜势`, en: `${gas} global warming potential` });
    p?.entries.push({ from: GWP_FROM, scalar: { value: dec(v) }, source: d.gwp.source });
  }
  for (const p of params.values()) {
    p.entries.sort((a, b) => a.from - b.from);
    p.entries.forEach((e, n) => {
      if (n && e.from === p.entries[n - 1]!.from) fail('duplicate', p.name, `two entries of ${p.name} from ${e.from}`);
      if (e.until !== undefined && e.until < e.from)
        fail('years_order', p.name, `an entry of ${p.name} ends (${e.until}) before it starts (${e.from})`);
    });
  }
  for (const [id, sec] of Object.entries(d.sectors)) {
    const to = sec.summary === undefined ? undefined : d.sectors[sec.summary];
    if (sec.summary !== undefined && (!to || to.summary !== undefined))
      fail(
        'schema_invalid',
        `sectors.${id}.summary`,
        `"${sec.summary}" is not a summary sector of ${ref} (a sector without a summary of its own)`,
      );
  }
  const set: FactorSet = {
    id: d.id,
    version: d.version,
    ref,
    hash,
    status: d.status,
    title: d.title,
    gwp: { set: d.gwp.set, source: d.gwp.source },
    sectors: d.sectors,
    fuels,
    processes,
    renewables: new Set(Object.keys(d.renewables)),
    sinks: new Set(Object.keys(d.sinks)),
    params,
  };
  return issues.length ? { issues } : { set, issues };
}

/** One factor as a parameter entry, its value (and range) converted exactly to `unit`; undefined when the unit does not convert. */
export function factorEntry(
  f: Pick<FactorData, 'value' | 'unit' | 'source' | 'range'> & { status?: FactorData['status'] },
  unit: Unit,
  from: number,
  until: number | undefined,
  fail: (message: string) => void,
): ParamEntry | undefined {
  let c: ReturnType<typeof conversion>;
  try {
    c = conversion(parseUnit(f.unit), unit);
  } catch (e) {
    fail(`${f.unit} is not a unit of ${unit.text}: ${(e as Error).message}`);
    return undefined;
  }
  const to = (v: string) => (c.identity ? dec(v) : dec(v).mul(c.num).div(c.den));
  const r = f.range;
  return {
    from,
    ...(until !== undefined ? { until } : {}),
    scalar: { value: to(f.value), ...(r ? { low: to(r.low), high: to(r.high) } : {}) },
    source: f.source,
    ...(f.status ? { status: f.status } : {}),
    ...(r
      ? {
          range: {
            low: str(to(r.low)),
            high: str(to(r.high)),
            ...(r.mode ? { mode: str(to(r.mode)) } : {}),
            distribution: r.distribution ?? 'uniform',
          },
        }
      : {}),
    ...(c.identity ? {} : { given: `${f.value} ${f.unit}` }),
  };
}

/**
 * The standard-coal factor of a fuel entry that gives none, from its NCV and the set's named conversion (energy
 * per tce): tce per unit = NCV ÷ (GJ per tce), exact. Traced with how it was derived.
 */
function sceFromNcv(
  ncv: FactorData,
  perTce: FactorData,
  ncvUnit: Unit,
  from: number,
  until: number | undefined,
  fail: (message: string) => void,
): ParamEntry | undefined {
  const n = factorEntry(ncv, ncvUnit, from, until, fail);
  const c = factorEntry(perTce, parseUnit('GJ/tce'), from, until, fail);
  if (!n || !c) return undefined;
  const status = [ncv.status, perTce.status].includes('unverified')
    ? 'unverified'
    : [ncv.status, perTce.status].includes('secondary')
      ? 'secondary'
      : 'verified';
  return {
    from,
    ...(until !== undefined ? { until } : {}),
    scalar: { value: n.scalar!.value.div(c.scalar!.value) },
    source: `NCV ÷ ${perTce.value} ${perTce.unit} (${perTce.source}); NCV: ${ncv.source}`,
    status,
    given: `${ncv.value} ${ncv.unit} ÷ ${perTce.value} ${perTce.unit}`,
  };
}

/** A fuel entry without this factor ends it the year before (its predecessor is not silently kept in force). */
function endBefore(p: Factor | undefined, from: number): void {
  const last = p?.entries[p.entries.length - 1];
  if (last && last.from < from && (last.until === undefined || last.until >= from)) last.until = from - 1;
}

function wrap(u: string): string {
  return /[\s/·*]/.test(u) ? `(${u})` : u;
}

/** The factor set as plain data for carbon.json: each parameter with its unit as text and its dated entries. */
export function factorSetJson(set: FactorSet): unknown {
  return {
    ...set,
    params: [...set.params.values()].map((p) => ({ ...p, unit: p.unit.text, dims: p.dims.map((x) => x.name) })),
  };
}
