import { resolve } from 'node:path';
import { dec, type Dec } from '../engine/core/decimal.ts';
import { DECIMAL_LIMITS, shownText } from '../engine/core/decimal-text.ts';
import { IssuesError, type Issue } from '../engine/core/errors.ts';
import { annualConversion, parseUnit } from '../engine/core/units.ts';
import type { FactorSet } from '../engine/carbon/factors.ts';
import { fuelId, readSector, type SectorNames, sectorId } from '../engine/carbon/names.ts';
import { suggest } from '../engine/core/suggest.ts';
import { ACTIVITY_KINDS, type Activity, type ActivityKind } from '../engine/carbon/inventory.ts';
import { shippedSectorNames } from '../models/sector-names.ts';
import { readNumberCell } from './cells.ts';
import { LoadNotes, unitNote } from './load-notes.ts';
import type { Row } from './csv.ts';
import type { COLUMNS, Manifest } from './manifest.ts';
import { readManifest } from './read-manifest.ts';
import type { IssueCode } from '../engine/core/issue-codes.ts';

export interface EntityInfo {
  id: string;
  kind: 'park' | 'enterprise' | 'community';
  name: string;
  parent?: string;
  region: string;
  residents?: Dec;
  baseYear: number;
  targetYear: number;
  /** Reduction of CO2 per tce (parks, communities) or per output (enterprises) from the base year, as a fraction. */
  targetReduction: Dec;
}
export interface EntityPeriod {
  entity: string;
  period: string;
  year: number;
  month?: number;
  activity: Activity[];
  output?: Dec;
}

export interface CarbonData {
  dir: string;
  manifest: Manifest;
  /** The same hash as loadDataset's: the manifest and every listed table. */
  hash: string;
  regions: string[];
  areaKm2: Map<string, Dec>;
  years: number[];
  activity: (region: string, year: number) => Activity[];
  entities: EntityInfo[];
  entityPeriods: EntityPeriod[];
  /** Amounts converted on the way in, once per file and unit (万t → t, × 10000). */
  notes: string[];
  /**
   * The hash of the sector names (models/classifications/energy-balance-sector.yaml) when a row's sector was read
   * through them: the names are not in the dataset's hash, and another mapping would count the row elsewhere.
   */
  sectorNamesHash?: string;
}

const ENTITY_KINDS = new Set(['park', 'enterprise', 'community']);
const EMISSION_GASES = ['CO2', 'CH4', 'N2O'];

/**
 * Load the carbon part of a dataset and check it against a factor set: every problem in every file (negative
 * amount, unknown fuel or sector, unit that cannot be converted, duplicate row …) by file, line and column,
 * thrown together. Amounts are converted exactly to the unit the factor set counts each item in.
 */
export function loadCarbonData(dirIn: string, set: FactorSet, sectorNames: SectorNames = shippedSectorNames()): CarbonData {
  const dir = resolve(dirIn);
  const { manifest, file: manifestFile, source } = readManifest(dir);
  const issues: Issue[] = [];
  const notes = new LoadNotes();
  if (!manifest.files.carbon_activity)
    throw new IssuesError('dataset', [
      {
        code: 'carbon_missing',
        file: manifestFile,
        path: 'files.carbon_activity',
        message: 'the manifest lists no carbon activity file (files.carbon_activity)',
      },
    ]);
  const regions = new Set(manifest.regions.map((r) => r.id));
  const table = (name: keyof typeof COLUMNS): { file: string; rows: Row[] } | undefined => {
    const f = manifest.files[name];
    return f ? source.table(name, f, issues) : undefined;
  };
  const cell = (file: string, row: Row, column: string, code: IssueCode, message: string) =>
    issues.push({ code, file, row: row.line, column, message });

  /** The rows whose sector was read as a part of a sector (even when the row itself is refused). */
  const partRows = new Set<Row>();
  let namesRead = false;
  /** Check one activity row (kind, item, sector, amount, unit) and convert the amount; undefined when it is wrong. */
  const readActivity = (file: string, row: Row, entity: boolean): (Activity & { output?: boolean; part?: boolean }) | undefined => {
    const c = row.cells;
    const kind = c.kind as ActivityKind | 'output';
    let expected: string | undefined,
      itemOk = true,
      needsSector = true;
    if (kind === 'output' && !entity) {
      cell(file, row, 'kind', 'kind_unknown', '"output" (value added) is reported for entities, not regions: GDP goes in economy.csv');
      return undefined;
    }
    // A fuel or sector may be written as the energy balance names it (原煤, 黑色金属冶炼和压延加工业, Raw_Coal): read as its id, said in the source.
    const renamed: string[] = [];
    const rename = (column: 'item' | 'sector', id: string | undefined) => {
      if (id && id !== c[column]) {
        renamed.push(`${column} "${c[column]}" read as ${id}`);
        c[column] = id;
      }
    };
    if ((kind === 'fuel' || kind === 'feedstock') && c.item) rename('item', fuelId(set, c.item));
    // a yearbook row that is a part of a sector (汽车制造业 of transport_equipment): read as it, and parts add up (below)
    let part = false;
    if (c.sector) {
      const r = readSector(set, c.sector, sectorNames);
      if (r && !sectorId(set, c.sector)) namesRead = true;
      if (r?.part) {
        part = true;
        partRows.add(row);
        renamed.push(`sector "${c.sector}" read as ${r.id} (a part of it: parts of one sector add up)`);
        c.sector = r.id;
      } else rename('sector', r?.id);
    }
    switch (kind) {
      case 'fuel':
      case 'feedstock': {
        const f = set.fuels.get(c.item!);
        itemOk = !!f;
        expected = f?.unit;
        break;
      }
      case 'electricity':
        itemOk = c.item === 'grid' || set.renewables.has(c.item!);
        expected = 'MWh';
        break;
      case 'heat':
        itemOk = c.item === 'purchased';
        expected = 'GJ';
        break;
      case 'process': {
        const p = set.processes.get(c.item!);
        itemOk = !!p;
        expected = p?.unit;
        break;
      }
      case 'emission':
        // CO2 of an inventory that reports totals only; CH4 and N2O as t of gas (× GWP) or already in tCO2e.
        itemOk = EMISSION_GASES.includes(c.item!);
        expected = 't';
        break;
      case 'renewable':
        itemOk = set.renewables.has(c.item!);
        expected = 'MWh';
        needsSector = false;
        break;
      case 'sink':
        itemOk = set.sinks.has(c.item!);
        expected = 'tCO2';
        needsSector = false;
        break;
      case 'coal_rate':
        itemOk = c.item === 'thermal_power';
        expected = 'tce/MWh';
        needsSector = false;
        break;
      case 'output':
        itemOk = c.item === 'value_added';
        expected = 'CNY';
        needsSector = false;
        break;
      default:
        cell(
          file,
          row,
          'kind',
          'kind_unknown',
          `unknown kind "${c.kind}" (${[...ACTIVITY_KINDS, ...(entity ? ['output'] : [])].join(', ')})`,
        );
        return undefined;
    }
    let ok = true;
    if (!itemOk) {
      const known: Record<string, string> = {
        fuel: [...set.fuels.keys()].join(', '),
        feedstock: [...set.fuels.keys()].join(', '),
        process: [...set.processes.keys()].join(', '),
        electricity: ['grid', ...set.renewables].join(', '),
        renewable: [...set.renewables].join(', '),
        sink: [...set.sinks].join(', '),
        heat: 'purchased',
        emission: EMISSION_GASES.join(', '),
        coal_rate: 'thermal_power',
        output: 'value_added',
      };
      const suggested = kind === 'fuel' || kind === 'feedstock' ? suggest(c.item!, set.fuels.keys()) : '';
      cell(file, row, 'item', 'item_unknown', `"${c.item}" is not a ${kind} item of ${set.ref}${suggested} (${known[kind]})`);
      ok = false;
    }
    if (needsSector && !set.sectors[c.sector!]) {
      cell(
        file,
        row,
        'sector',
        'sector_unknown',
        c.sector
          ? `sector "${c.sector}" is not in ${set.ref}${suggest(c.sector, Object.keys(set.sectors))} (${Object.keys(set.sectors).join(', ')})`
          : `a ${kind} row needs its sector`,
      );
      ok = false;
    }
    if (!needsSector && c.sector) {
      cell(file, row, 'sector', 'sector_unexpected', `a ${kind} row has no sector: leave it empty`);
      ok = false;
    }
    const text = c.amount!;
    let asCo2e = false;
    let amount = readNumberCell(text, { file, row: row.line, column: 'amount' }, issues);
    const negative = amount?.isNegative() ?? false;
    if (negative)
      cell(file, row, 'amount', 'negative', `${text} is negative: activity amounts are never negative (report removals as sink rows)`);
    if (expected && amount !== undefined) {
      try {
        // One unit reader (engine/core/units.ts): yearbook units such as 万t, 10^4 m3, 亿kWh scale exactly.
        // An emission row may name its gas in the unit (tCH4, 万tCH4 for a CH4 row).
        const written = parseUnit(c.unit!);
        // (a yearly amount, 万tCH4/a, names its gas the same way: the year is the inventory's)
        const dims = Object.keys(written.dims).filter((d) => !(d === 'a' && written.dims[d] === -1));
        const only = (dim: string) => written.dims[dim] === 1 && dims.length === 1;
        // An emission row names its gas in the unit (tCO2, 万tCH4), or gives any gas as CO2e (tCO2e: no GWP applied).
        const co2e = kind === 'emission' && c.item !== 'CO2' && only('CO2');
        const gas = kind === 'emission' && (only(c.item!) || c.item === 'CO2');
        const to = parseUnit(co2e ? 'tCO2e' : gas ? `t${c.item}` : expected);
        const f = annualConversion(written, to);
        if (!f.identity) amount = amount.mul(f.num).div(f.den);
        if (!f.identity || f.perYear) notes.add(file, unitNote(written.text, to.text, f), row.line);
        if (co2e) {
          asCo2e = true;
          renamed.push(`${c.amount} ${c.unit} read as CO2e of ${c.item} (no GWP applied)`);
        }
      } catch (e) {
        cell(
          file,
          row,
          'unit',
          'unit_mismatch',
          c.unit
            ? `"${c.unit}" cannot be converted to ${expected} (${countedBy(set, c.item!, expected)}): ${(e as Error).message}`
            : `the unit is missing (${expected})`,
        );
        amount = undefined;
      }
    }
    // the bounds hold for the amount as counted, not only as written: "9e23" in "10^99 t" is 9e122 t
    if (amount !== undefined && !amount.isZero() && amount.e >= DECIMAL_LIMITS.maxExponent) {
      cell(
        file,
        row,
        'amount',
        'number_out_of_range',
        `${shownText(text)} ${c.unit} is about ${amount.toSignificantDigits(3).toExponential()} ${expected}: out of range (below 1e${DECIMAL_LIMITS.maxExponent} in the unit the factor set counts)`,
      );
      amount = undefined;
    }
    if (!ok || amount === undefined || negative) return undefined;
    return {
      kind: kind as ActivityKind,
      item: c.item!,
      sector: c.sector ?? '',
      amount,
      ...(c.source || renamed.length ? { source: [c.source, ...renamed].filter(Boolean).join('; ') } : {}),
      ...(kind === 'output' ? { output: true } : {}),
      ...(asCo2e ? { co2e: true } : {}),
      ...(part ? { part: true } : {}),
    };
  };
  /**
   * A second row of the same region (or entity), period, kind, item and sector: when both are parts of that sector
   * (two yearbook rows of one sector), the amount is added to the first and the line said in its source (true);
   * any other second row is a duplicate (false). `first` is the first row's activity, undefined when it was refused.
   */
  const addPart = (
    file: string,
    row: Row,
    first: { line: number; part: boolean; activity?: Activity },
    a: ReturnType<typeof readActivity>,
  ) => {
    if (!first.part || !a?.part) return false;
    const to = first.activity;
    if (!to) return true; // the first part was refused: its problems are reported; this part has nothing to add to
    const sum = to.amount.plus(a.amount);
    if (!sum.isZero() && sum.e >= DECIMAL_LIMITS.maxExponent) {
      cell(file, row, 'amount', 'number_out_of_range', `the parts of sector ${to.sector} add up beyond 1e${DECIMAL_LIMITS.maxExponent}`);
      return true;
    }
    to.amount = sum;
    to.source = [to.source, `+ line ${row.line}: ${row.cells.amount} ${row.cells.unit ?? ''}`.trim() + (a.source ? ` (${a.source})` : '')]
      .filter(Boolean)
      .join('; ');
    return true;
  };
  const year = (file: string, row: Row, column: string, text: string): number | undefined => {
    const y = /^\d{4}$/.test(text) ? Number(text) : NaN;
    if (!(y >= 1990 && y <= 2100)) {
      cell(file, row, column, 'not_a_year', `"${text}" is not a year (1990–2100)`);
      return undefined;
    }
    return y;
  };

  const byRegionYear = new Map<string, Activity[]>();
  const years = new Set<number>();
  const act = table('carbon_activity');
  if (act) {
    const seen = new Map<string, { line: number; part: boolean; activity?: Activity }>();
    for (const row of act.rows) {
      const c = row.cells;
      const regionOk = regions.has(c.region!);
      if (!regionOk)
        cell(act.file, row, 'region', 'region_unknown', `region "${c.region}" is not in the manifest (${[...regions].join(', ')})`);
      const y = year(act.file, row, 'year', c.year!);
      // The row is checked first, so a duplicate's own problems are reported with it.
      const a = readActivity(act.file, row, false);
      const id = [c.region, c.year, c.kind, c.item, c.sector].join('|');
      const first = seen.get(id);
      if (first !== undefined) {
        if (!addPart(act.file, row, first, a))
          cell(act.file, row, 'item', 'duplicate_row', `duplicate of line ${first.line} (${id.replaceAll('|', ', ')})`);
        continue;
      }
      const entry: { line: number; part: boolean; activity?: Activity } = { line: row.line, part: partRows.has(row) };
      seen.set(id, entry);
      if (!a || !regionOk || y === undefined) continue;
      years.add(y);
      const { part: _, ...activity } = a;
      entry.activity = activity;
      const k = `${c.region}\0${y}`;
      byRegionYear.set(k, [...(byRegionYear.get(k) ?? []), activity]);
    }
  }

  const entities: EntityInfo[] = [];
  const ents = table('entities');
  if (ents) {
    for (const row of ents.rows) {
      const c = row.cells;
      let ok = true;
      if (!/^[a-z0-9][a-z0-9_-]*$/.test(c.entity!)) {
        cell(ents.file, row, 'entity', 'entity_id', `"${c.entity}" is not a valid id (lower-case letters, digits, _ and -)`);
        ok = false;
      }
      if (!ENTITY_KINDS.has(c.kind!)) {
        cell(ents.file, row, 'kind', 'kind_unknown', `"${c.kind}" is not park, enterprise or community`);
        ok = false;
      }
      if (!regions.has(c.region!)) {
        cell(ents.file, row, 'region', 'region_unknown', `region "${c.region}" is not in the manifest`);
        ok = false;
      }
      const by = year(ents.file, row, 'base_year', c.base_year!),
        ty = year(ents.file, row, 'target_year', c.target_year!);
      const r = c.target_intensity_reduction!;
      const read = readNumberCell(r, { file: ents.file, row: row.line, column: 'target_intensity_reduction' }, issues);
      const reduction = read?.gte(0) && read.lt(1) ? read : undefined;
      if (by !== undefined && ty !== undefined && ty <= by) {
        cell(ents.file, row, 'target_year', 'years_order', `target year ${ty} is not after the base year ${by}`);
        ok = false;
      }
      if (!reduction) {
        if (read)
          cell(ents.file, row, 'target_intensity_reduction', 'not_a_fraction', `"${r}" is not a fraction from 0 up to (not including) 1`);
        ok = false;
      }
      const residents = c.residents
        ? readNumberCell(c.residents, { file: ents.file, row: row.line, column: 'residents' }, issues)
        : undefined;
      if (residents && !residents.gt(0))
        cell(ents.file, row, 'residents', 'not_positive', `"${c.residents}" residents: a count is positive`);
      if (c.residents && !residents?.gt(0)) ok = false;
      if (ok && by !== undefined && ty !== undefined)
        entities.push({
          id: c.entity!,
          kind: c.kind as EntityInfo['kind'],
          name: c.name!,
          ...(c.parent ? { parent: c.parent } : {}),
          region: c.region!,
          ...(residents ? { residents } : {}),
          baseYear: by,
          targetYear: ty,
          targetReduction: reduction!,
        });
    }
    // every listed entity counts as known, so a refused entity row is reported once, not again by each child
    const ids = new Set(ents.rows.map((r) => r.cells.entity!));
    for (const row of ents.rows)
      if (row.cells.parent && !ids.has(row.cells.parent))
        cell(ents.file, row, 'parent', 'parent_unknown', `parent "${row.cells.parent}" is not an entity`);
    const regionOf = new Map(ents.rows.map((r) => [r.cells.entity!, r.cells.region!]));
    for (const row of ents.rows) {
      const p = row.cells.parent;
      if (p && regionOf.has(p) && regionOf.get(p) !== row.cells.region)
        cell(
          ents.file,
          row,
          'parent',
          'parent_region',
          `parent "${p}" is in region "${regionOf.get(p)}", not "${row.cells.region}": an entity lies inside its parent's region`,
        );
    }
    // A parent chain that comes back to the entity would drop the whole chain from the roll-up.
    const parentOf = new Map(ents.rows.filter((r) => r.cells.parent).map((r) => [r.cells.entity!, r.cells.parent!]));
    for (const row of ents.rows) {
      const start = row.cells.entity!;
      let p = parentOf.get(start);
      for (let n = 0; p !== undefined && n <= parentOf.size; n++, p = parentOf.get(p)) {
        if (p === start) {
          cell(
            ents.file,
            row,
            'parent',
            'parent_cycle',
            `"${start}" is its own ${n === 0 ? 'parent' : 'ancestor'} (parent chain comes back to it)`,
          );
          break;
        }
      }
    }
  }

  const periods = new Map<string, EntityPeriod>();
  const ea = table('entity_activity');
  if (ea) {
    // entities listed in entities.csv, refused rows among them (they are reported there, not again per activity row)
    const ids = new Set((ents?.rows ?? []).map((r) => r.cells.entity!));
    const seen = new Map<string, { line: number; part: boolean; activity?: Activity }>();
    for (const row of ea.rows) {
      const c = row.cells;
      const pm = /^(\d{4})(?:-(0[1-9]|1[0-2]))?$/.exec(c.period!);
      if (!pm) cell(ea.file, row, 'period', 'not_a_period', `"${c.period}" is not a year (2022) or a month (2022-03)`);
      const known = ids.has(c.entity!);
      if (!known && ents) cell(ea.file, row, 'entity', 'entity_unknown', `"${c.entity}" is not in the entities file`);
      const a = readActivity(ea.file, row, true);
      const id = [c.entity, c.period, c.kind, c.item, c.sector].join('|');
      const first = seen.get(id);
      if (first !== undefined) {
        if (!addPart(ea.file, row, first, a)) cell(ea.file, row, 'item', 'duplicate_row', `duplicate of line ${first.line}`);
        continue;
      }
      const entry: { line: number; part: boolean; activity?: Activity } = { line: row.line, part: partRows.has(row) };
      seen.set(id, entry);
      if (!a || !pm || !known) continue;
      const k = `${c.entity}\0${c.period}`;
      let p = periods.get(k);
      if (!p)
        periods.set(
          k,
          (p = { entity: c.entity!, period: c.period!, year: Number(pm[1]), ...(pm[2] ? { month: Number(pm[2]) } : {}), activity: [] }),
        );
      if (a.output) p.output = (p.output ?? a.amount.mul(0)).plus(a.amount);
      else {
        const { output: _, part: __, ...rest } = a;
        entry.activity = rest;
        p.activity.push(rest);
      }
    }
    // An entity reports monthly or yearly within a year, not both (they would count twice).
    const grain = new Map<string, Set<string>>();
    for (const p of periods.values()) {
      const k = `${p.entity} ${p.year}`;
      grain.set(k, (grain.get(k) ?? new Set()).add(p.month ? 'month' : 'year'));
    }
    for (const [k, g] of grain)
      if (g.size > 1)
        issues.push({ code: 'period_mixed', file: ea.file, message: `${k}: both yearly and monthly rows; give one or the other` });
  }

  if (issues.length) throw new IssuesError('dataset', source.locate(issues));
  return {
    dir,
    manifest,
    hash: source.hash(manifest).hash,
    regions: manifest.regions.map((r) => r.id),
    areaKm2: new Map(manifest.regions.filter((r) => r.area_km2).map((r) => [r.id, dec(r.area_km2!)])),
    years: [...years].sort((a, b) => a - b),
    activity: (r, y) => byRegionYear.get(`${r}\0${y}`) ?? [],
    entities,
    entityPeriods: [...periods.values()].sort((a, b) =>
      a.entity === b.entity ? a.period.localeCompare(b.period) : a.entity.localeCompare(b.entity),
    ),
    notes: notes.list(),
    ...(namesRead && sectorNames.hash ? { sectorNamesHash: sectorNames.hash } : {}),
  };
}

/** Who counts an item in `unit`: in a combination, the set its fuel is taken whole from (engine/carbon/combine.ts). */
function countedBy(set: FactorSet, item: string, unit: string): string {
  const from = set.combines && set.fuels.has(item) ? set.params.get(`fuel.${item}.ncv`)?.set : undefined;
  return from
    ? `in ${set.ref}, ${item} is taken from ${from}, which counts it in ${unit}; to take it from another set, name that set first`
    : `the unit ${set.ref} counts ${item} in`;
}
