import type { Issue } from '../engine/core/errors.ts';
import type { AccountingData } from '../engine/eval/data.ts';
import { serviceInputs } from '../engine/model/service-inputs.ts';
import type { CompiledModel } from '../engine/model/types.ts';

/** An input a service needs that has no row at all for a region in some years. */
export interface MissingInput {
  input: string;
  region: string;
  years: number[];
  /** The services that read it (through any of their indicators), in model order. */
  services: string[];
}

export interface MissingInputsOptions {
  regions?: readonly string[];
  years?: readonly number[];
  /** Indicator ids given by the data (everywhere, or per region-year): what only they read is not needed. */
  given?: ReadonlySet<string> | ((region: string, year: number) => ReadonlySet<string>);
}

/**
 * Every input that some service needs and the data lacks, for every region-year at once: found from each
 * indicator's declared inputs and the indicators it reads, not by evaluating (an evaluation stops at the first
 * missing value and skips what depends on it). Optional inputs are never missing. One entry per input, region and
 * set of years, in the model's input order. Missing keys of an input that has rows are left to the evaluation.
 */
export function missingInputs(model: CompiledModel, data: AccountingData, opts: MissingInputsOptions = {}): MissingInput[] {
  const regions = opts.regions ?? data.regions;
  const years = opts.years ?? data.years;
  const givenAt = typeof opts.given === 'function' ? opts.given : () => (opts.given as ReadonlySet<string> | undefined) ?? NONE;
  const byGiven = new Map<string, Map<string, string[]>>(); // serviceInputs per set of given ids
  const needs = (given: ReadonlySet<string>) => {
    const k = [...given].sort().join(',');
    let m = byGiven.get(k);
    if (!m) byGiven.set(k, (m = serviceInputs(model, given)));
    return m;
  };
  const found = new Map<string, MissingInput>();
  for (const region of regions) {
    for (const year of years) {
      const values = data.values(region, year);
      for (const [service, inputs] of needs(givenAt(region, year))) {
        for (const input of inputs) {
          if (model.inputs.get(input)!.optional || values?.get(input)?.size) continue;
          const k = `${input}\0${region}`;
          let m = found.get(k);
          if (!m) found.set(k, (m = { input, region, years: [], services: [] }));
          if (!m.years.includes(year)) m.years.push(year);
          if (!m.services.includes(service)) m.services.push(service);
        }
      }
    }
  }
  const order = [...model.inputs.keys()];
  const serviceOrder = model.services.map((s) => s.id);
  return [...found.values()]
    .map((m) => ({
      ...m,
      years: [...m.years].sort((a, b) => a - b),
      services: serviceOrder.filter((s) => m.services.includes(s)),
    }))
    .sort((a, b) => order.indexOf(a.input) - order.indexOf(b.input) || regions.indexOf(a.region) - regions.indexOf(b.region));
}
const NONE: ReadonlySet<string> = new Set();

/** A missing input as an issue naming the file it belongs in, its unit and keys, the region, years and services. */
export function missingInputIssue(model: CompiledModel, m: MissingInput, files: { extent: string; observations: string }): Issue {
  const info = model.inputs.get(m.input)!;
  const by = info.dims.length ? ` by ${info.dims.map((d) => d.name).join(' × ')}` : '';
  return {
    code: 'data_missing',
    file: files[info.table],
    message: `input "${m.input}" (${info.unit.text}${by}) has no rows for region "${m.region}" in ${m.years.join(', ')}; needed by ${m.services.join(', ')}`,
  };
}
