import { z } from 'zod';
import { dec, type Dec } from '../core/decimal.ts';
import type { Issue } from '../core/errors.ts';
import { conversion, parseUnit, type Unit } from '../core/units.ts';
import { DecimalText, Label } from '../model/schema.ts';

/**
 * A carbon factor set as data: fuel NCV, carbon content, oxidation and standard-coal factors, grid factors by
 * geography × vintage × kind, heat and process factors, the GWP set and the sector classification. Every
 * factor carries its unit, the year it is valid from, its source and how well the source was checked.
 */
const Status = z.enum(['verified', 'secondary', 'unverified']);
const Factor = z
  .object({
    value: DecimalText,
    unit: z.string().min(1),
    source: z.string().min(3, 'every factor needs its source (document, table, page or URL)'),
    /** verified: seen in the quoted source; secondary: a repost or transcription; unverified: still to check. */
    status: Status,
    range: z.object({ low: DecimalText, high: DecimalText }).strict().optional(),
    note: z.string().optional(),
  })
  .strict();
const Dated = Factor.extend({ from: z.number().int().min(1900).max(2200) }).strict();
const ident = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case');

const FuelEntry = z
  .object({
    from: z.number().int().min(1900).max(2200),
    ncv: Factor,
    /** Carbon content per energy with an oxidation fraction (China's guideline), or … */
    cc: Factor.optional(),
    of: Factor.optional(),
    /** … a CO2 factor per energy (IPCC 2006 Table 1.4, which already assumes full oxidation). */
    ef_co2: Factor.optional(),
    sce: Factor.optional(),
    /** The EF column printed next to the factors in the source, kept to check the product against. */
    published_ef: Factor.optional(),
  })
  .strict()
  .refine((e) => (e.cc !== undefined && e.of !== undefined) !== (e.ef_co2 !== undefined), 'give either cc and of, or ef_co2');

export const FactorSetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    status: z.enum(['draft', 'published']),
    title: Label,
    description: z.string().min(1),
    gwp: z
      .object({
        set: z.enum(['AR4', 'AR5', 'AR6']),
        source: z.string().min(3),
        values: z.partialRecord(z.enum(['CH4', 'N2O']), DecimalText),
      })
      .strict(),
    sectors: z.record(
      ident,
      Label.extend({
        gpc: z.enum(['stationary_energy', 'energy_generation', 'transportation', 'waste', 'ippu', 'afolu']),
        group: z.enum(['primary', 'secondary', 'tertiary', 'residential']),
      }).strict(),
    ),
    fuels: z.record(
      ident,
      z
        .object({ label: Label, group: z.enum(['coal', 'oil', 'gas']), unit: z.string().min(1), entries: z.array(FuelEntry).min(1) })
        .strict(),
    ),
    electricity: z
      .object({
        sce_calorific: z.array(Dated).default([]),
        grid: z
          .array(
            Factor.extend({
              geography: ident,
              vintage: z.number().int(),
              kind: z.enum(['average', 'excl_market_nonfossil', 'fossil_only', 'ets_reporting']),
            }).strict(),
          )
          .default([]),
      })
      .strict()
      .default({ sce_calorific: [], grid: [] }),
    heat: z
      .object({ emission: z.array(Dated).default([]), sce_calorific: z.array(Dated).default([]) })
      .strict()
      .default({ emission: [], sce_calorific: [] }),
    processes: z.record(ident, z.object({ label: Label, unit: z.string().min(1), entries: z.array(Dated).min(1) }).strict()).default({}),
    renewables: z.record(ident, Label).default({}),
    sinks: z.record(ident, Label).default({}),
  })
  .strict();
export type FactorSetData = z.infer<typeof FactorSetSchema>;
export type FactorData = z.infer<typeof Factor>;

/** A factor converted to the unit the engine computes in, with where it came from. */
export interface Resolved {
  value: Dec;
  unit: string;
  source: string;
  status: string;
  from?: number;
  /** The value and unit as written in the factor set, when the unit was converted. */
  given?: string;
}

export interface FuelFactors {
  fuel: string;
  from: number;
  unit: string;
  ncv: Resolved; // GJ per activity unit
  cc?: Resolved; // tC/GJ
  of?: Resolved;
  efEnergy?: Resolved; // tCO2/GJ (IPCC form)
  sce?: Resolved; // tce per activity unit
  /** tCO2 per activity unit: NCV × CC × OF × 44/12, or NCV × EF. */
  ef: Dec;
  formula: string;
  publishedEf?: Resolved;
}

export interface DatedFactor extends Resolved {
  from: number;
}
export interface GridFactor extends Resolved {
  geography: string;
  vintage: number;
  kind: string;
}

export interface FactorSet {
  id: string;
  version: string;
  ref: string;
  hash: string;
  status: 'draft' | 'published';
  title: { zh: string; en: string };
  gwp: { set: string; source: string; values: Map<'CH4' | 'N2O', Dec> };
  sectors: FactorSetData['sectors'];
  fuels: Map<string, { label: { zh: string; en: string }; group: 'coal' | 'oil' | 'gas'; unit: string; entries: FuelFactors[] }>;
  electricitySce: DatedFactor[]; // tce/MWh
  grid: GridFactor[]; // tCO2/MWh
  heatEf: DatedFactor[]; // tCO2/GJ
  heatSce: DatedFactor[]; // tce/GJ
  processes: Map<string, { label: { zh: string; en: string }; unit: string; entries: DatedFactor[] }>;
  renewables: Set<string>;
  sinks: Set<string>;
}

export const CO2_PER_C = dec('44/12');

/** The entry in force in a year: the latest `from` at or before it (undefined when none is). */
export function inForce<T extends { from: number }>(entries: readonly T[], year: number): T | undefined {
  let best: T | undefined;
  for (const e of entries) if (e.from <= year && (!best || e.from > best.from)) best = e;
  return best;
}

/**
 * Validate a factor set (every problem listed by path) and convert each factor to the engine's units
 * exactly: fuel factors per activity unit, electricity per MWh, heat per GJ, CO2 in t, standard coal in tce.
 */
export function compileFactorSet(data: unknown, hash: string, file = 'factors'): { set?: FactorSet; issues: Issue[] } {
  const parsed = FactorSetSchema.safeParse(data);
  if (!parsed.success)
    return { issues: parsed.error.issues.map((i) => ({ code: 'schema_invalid', file, path: i.path.join('.'), message: i.message })) };
  const d = parsed.data;
  const issues: Issue[] = [];
  const to = (f: FactorData, target: string, path: string, from?: number): Resolved => {
    const out: Resolved = {
      value: dec(f.value),
      unit: target,
      source: f.source,
      status: f.status,
      ...(from !== undefined ? { from } : {}),
    };
    try {
      const c = conversion(parseUnit(f.unit), parseUnit(target));
      if (!c.identity) {
        out.value = out.value.mul(c.num).div(c.den);
        out.given = `${f.value} ${f.unit}`;
      }
    } catch (e) {
      issues.push({ code: 'factor_unit', file, path, message: `${f.unit} is not a unit of ${target}: ${(e as Error).message}` });
    }
    return out;
  };
  const dated = (list: z.infer<typeof Dated>[], target: string, path: string): DatedFactor[] =>
    list.map((f, n) => ({ ...to(f, target, `${path}[${n}]`, f.from), from: f.from }));

  const fuels: FactorSet['fuels'] = new Map();
  for (const [id, f] of Object.entries(d.fuels)) {
    let unit: Unit | undefined;
    try {
      unit = parseUnit(f.unit);
    } catch (e) {
      issues.push({ code: 'factor_unit', file, path: `fuels.${id}.unit`, message: (e as Error).message });
      continue;
    }
    const entries = f.entries.map((e, n): FuelFactors => {
      const p = `fuels.${id}.entries[${n}]`;
      const ncv = to(e.ncv, `GJ/${wrap(unit!.text)}`, `${p}.ncv`, e.from);
      const base = {
        fuel: id,
        from: e.from,
        unit: unit!.text,
        ncv,
        ...(e.sce ? { sce: to(e.sce, `tce/${wrap(unit!.text)}`, `${p}.sce`, e.from) } : {}),
        ...(e.published_ef ? { publishedEf: to(e.published_ef, `tCO2/${wrap(unit!.text)}`, `${p}.published_ef`, e.from) } : {}),
      };
      if (e.ef_co2) {
        const efEnergy = to(e.ef_co2, 'tCO2/GJ', `${p}.ef_co2`, e.from);
        return { ...base, efEnergy, ef: ncv.value.mul(efEnergy.value), formula: 'AD × NCV × EF_CO2' };
      }
      const cc = to(e.cc!, 'tC/GJ', `${p}.cc`, e.from),
        of = to(e.of!, '1', `${p}.of`, e.from);
      return { ...base, cc, of, ef: ncv.value.mul(cc.value).mul(of.value).mul(CO2_PER_C), formula: 'AD × NCV × CC × OF × 44/12' };
    });
    fuels.set(id, { label: f.label, group: f.group, unit: unit.text, entries });
  }
  const processes: FactorSet['processes'] = new Map();
  for (const [id, p] of Object.entries(d.processes)) {
    processes.set(id, { label: p.label, unit: p.unit, entries: dated(p.entries, `tCO2/${wrap(p.unit)}`, `processes.${id}.entries`) });
  }
  const grid = d.electricity.grid.map((g, n) => ({
    ...to(g, 'tCO2/MWh', `electricity.grid[${n}]`),
    geography: g.geography,
    vintage: g.vintage,
    kind: g.kind,
  }));
  const seen = new Set<string>();
  grid.forEach((g, n) => {
    const k = `${g.geography}|${g.vintage}|${g.kind}`;
    if (seen.has(k))
      issues.push({
        code: 'duplicate',
        file,
        path: `electricity.grid[${n}]`,
        message: `a second grid factor for ${g.geography}, vintage ${g.vintage}, ${g.kind}`,
      });
    seen.add(k);
  });
  const set: FactorSet = {
    id: d.id,
    version: d.version,
    ref: `${d.id}@${d.version}`,
    hash,
    status: d.status,
    title: d.title,
    gwp: {
      set: d.gwp.set,
      source: d.gwp.source,
      values: new Map(Object.entries(d.gwp.values).map(([k, v]) => [k as 'CH4' | 'N2O', dec(v)])),
    },
    sectors: d.sectors,
    fuels,
    processes,
    grid,
    electricitySce: dated(d.electricity.sce_calorific, 'tce/MWh', 'electricity.sce_calorific'),
    heatEf: dated(d.heat.emission, 'tCO2/GJ', 'heat.emission'),
    heatSce: dated(d.heat.sce_calorific, 'tce/GJ', 'heat.sce_calorific'),
    renewables: new Set(Object.keys(d.renewables)),
    sinks: new Set(Object.keys(d.sinks)),
  };
  return issues.length ? { issues } : { set, issues };
}

function wrap(u: string): string {
  return /[\s/·*]/.test(u) ? `(${u})` : u;
}

/** How grid factors are chosen: geography, kind, and a fixed vintage or the inventory year's own. */
export interface GridChoice {
  geography: string;
  kind: string;
  vintage: 'year' | number;
}

/**
 * The grid factor for an inventory year. With vintage "year", the latest vintage at or before the year;
 * a year before the first vintage gets the first one and says so (`backcast`), never silently.
 */
export function gridFactor(set: FactorSet, choice: GridChoice, year: number): { factor?: GridFactor; backcast: boolean } {
  const series = set.grid.filter((g) => g.geography === choice.geography && g.kind === choice.kind).sort((a, b) => a.vintage - b.vintage);
  if (choice.vintage !== 'year') return { factor: series.find((g) => g.vintage === choice.vintage), backcast: false };
  const at = [...series].reverse().find((g) => g.vintage <= year);
  return at ? { factor: at, backcast: false } : { factor: series[0], backcast: series.length > 0 };
}
