import type { AccountingData } from '../eval/data.ts';
import type { CoefInfo, CompiledModel } from '../model/types.ts';
import type { FloatProgram } from './compile-float.ts';
import { coefficientVector, copiedRows, fillRow, floatProgram, layoutOf, needOf, type RowKey, sharedRows } from './columns.ts';

/** The float64 account of one region-year: what engine/gep/account.ts summarises, in float64 (screening only). */
export interface FloatRegionYear {
  region: string;
  year: number;
  /** Every required indicator has a value at both price bases (else the exact account refuses the region-year). */
  ok: boolean;
  services: { id: string; category: string; physical: number | undefined; money: number; moneyConstant: number }[];
  categories: Map<string, { current: number; constant: number }>;
  gep: { current: number; constant: number };
}

/** Rows ready for the program: the matrix of inputs, the coefficient vectors, which vector each row reads. */
export interface FloatRows {
  program: FloatProgram;
  keys: RowKey[];
  /** Read-only: it may be a view of the dataset's columnar form (sharedRows), which other runs read too. */
  X: Float64Array;
  C: Float64Array;
  cRow: Int32Array;
  /** Each row's needs (needOf) and whether the data had it. */
  need: Uint8Array[];
  present: boolean[];
}

/** Build the rows of region-years at current prices and at `baseYear`'s constant prices (two rows each, in that order). */
export function floatRows(
  model: CompiledModel,
  data: AccountingData,
  regionYears: { region: string; year: number }[],
  baseYear: number,
  coefficients?: ReadonlyMap<string, CoefInfo>,
): FloatRows {
  const keys: RowKey[] = regionYears.flatMap(({ region, year }) => [
    { region, year, priceYear: year },
    { region, year, priceYear: baseYear },
  ]);
  return rowsAt(model, data, keys, coefficients);
}

const keptVectors = new WeakMap<AccountingData, WeakMap<FloatProgram, Map<string, Float64Array>>>();

/**
 * Rows of the given keys (region, year, price year), in that order. `keep: false` (a one-pass batch over many
 * regions) fills them for this run only: no view or copy of the rows kept with the dataset, which would then hold
 * every region-year the batch read (~1.5 KiB a row at each price basis).
 */
export function rowsAt(
  model: CompiledModel,
  data: AccountingData,
  keys: RowKey[],
  coefficients?: ReadonlyMap<string, CoefInfo>,
  opts: { keep?: boolean } = {},
): FloatRows {
  const { layout, given } = layoutOf(model, data, keys);
  const program = floatProgram(model, layout, given);
  const keep = opts.keep ?? true;
  let X = keep ? sharedRows(program, data, keys) : undefined;
  let present: boolean[];
  if (X) present = keys.map(() => true);
  else {
    const copied = keep ? copiedRows(program, data, keys) : undefined;
    if (copied) ({ X, present } = copied);
    else {
      const into = new Float64Array(keys.length * program.width);
      present = keys.map((k, r) => fillRow(program, data, k, into, r));
      X = into;
    }
  }
  // one vector per year and price year, or per region too when the dataset has local coefficients
  const local = !!data.localCoefficients?.size;
  const vectors = new Map<string | number, number>();
  const parts: Float64Array[] = [];
  // without overrides, a vector depends on the dataset, the program and its key alone: kept with the dataset
  let kept = coefficients ? undefined : keptVectors.get(data);
  if (!coefficients && !kept) keptVectors.set(data, (kept = new WeakMap()));
  let byProgram = kept?.get(program);
  if (kept && !byProgram) kept.set(program, (byProgram = new Map()));
  const cRow = Int32Array.from(keys, (k) => {
    // without local coefficients a row's vector is found by a number: no key string built per row
    const id = local ? `${k.region}\0${k.year}\0${k.priceYear}` : k.year * 65536 + k.priceYear;
    let i = vectors.get(id);
    if (i === undefined) {
      const sig = local ? (id as string) : `${k.year}\0${k.priceYear}`;
      vectors.set(id, (i = parts.length));
      let v = byProgram?.get(sig);
      if (!v) {
        v = coefficientVector(program, data, k.year, k.priceYear, local ? k.region : undefined, coefficients).values;
        byProgram?.set(sig, v);
      }
      parts.push(v);
    }
    return i;
  });
  const C = new Float64Array(parts.length * program.coefficients.length);
  parts.forEach((v, i) => {
    C.set(v, i * program.coefficients.length);
  });
  const need = keys.map((k) => needOf(program, data, k.region, k.year));
  return { program, keys, X, C, cRow, need, present };
}

/** Run the program over all rows: one output row of indicator totals per row. */
export function runRows(rows: FloatRows): Float64Array {
  const NI = rows.program.indicators.length;
  const O = new Float64Array(rows.keys.length * NI);
  rows.program.run(rows.X, rows.C, rows.cRow, rows.keys.length, O);
  return O;
}

/** Summarise output rows 2i (current) and 2i+1 (constant) into the region-year's float account. */
export function summariseFloat(rows: FloatRows, O: Float64Array, i: number): FloatRegionYear {
  const p = rows.program;
  const model = p.model;
  const NI = p.indicators.length;
  const col = new Map(p.indicators.map((id, j) => [id, j]));
  const cur = 2 * i,
    con = 2 * i + 1;
  const value = (r: number, id: string) => O[r * NI + col.get(id)!]!;
  const okRow = (r: number) => {
    if (!rows.present[r]) return false;
    const need = rows.need[r]!;
    for (let j = 0; j < NI; j++) if (need[j] === 2 && Number.isNaN(O[r * NI + j]!)) return false;
    return true;
  };
  const needPhysical = (id: string) => rows.need[cur]![col.get(id)!]! > 0;
  const services = model.services.map((s) => {
    const ph = value(cur, s.physical);
    return {
      id: s.id,
      category: s.category,
      physical: needPhysical(s.physical) && !Number.isNaN(ph) ? ph : undefined,
      money: value(cur, s.money),
      moneyConstant: value(con, s.money),
    };
  });
  const categories = new Map(model.categories.map((c) => [c.id, { current: 0, constant: 0 }]));
  for (const s of services) {
    const t = categories.get(s.category)!;
    t.current += s.money;
    t.constant += s.moneyConstant;
  }
  const gep = { current: 0, constant: 0 };
  for (const t of categories.values()) {
    gep.current += t.current;
    gep.constant += t.constant;
  }
  const { region, year } = rows.keys[cur]!;
  return { region, year, ok: okRow(cur) && okRow(con), services, categories, gep };
}

/** The float64 account of region-years (every region × year of the data unless named). */
export function accountFloat(
  model: CompiledModel,
  data: AccountingData,
  opts: { baseYear: number; regions?: string[]; years?: number[]; coefficients?: ReadonlyMap<string, CoefInfo> },
): FloatRegionYear[] {
  const years = [...(opts.years ?? data.years)].sort((a, b) => a - b);
  const regionYears = (opts.regions ?? data.regions).flatMap((region) => years.map((year) => ({ region, year })));
  const rows = floatRows(model, data, regionYears, opts.baseYear, opts.coefficients);
  const O = runRows(rows);
  return regionYears.map((_, i) => summariseFloat(rows, O, i));
}
