import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import YAML from 'yaml';
import { IssuesError } from '../engine/core/errors.ts';
import { serviceInputs } from '../engine/model/service-inputs.ts';
import type { CompiledModel, IndicatorPlan, InputInfo, ServiceInfo } from '../engine/model/types.ts';
import { COLUMNS } from './manifest.ts';

export interface TemplateOptions {
  /** The region's id: the dataset is named after it (manifest id, and the folder when none is given). */
  region: string;
  /** The region's name, when known (both labels; edit them in dataset.yaml). */
  name?: string;
  years: number[];
  priceYear?: number;
}

/** The inputs one service reads, each with the keys it reads and the file it goes in. */
export interface ServiceNeeds {
  service: ServiceInfo;
  inputs: { info: InputInfo; keys: string[]; file: string }[];
}

export const REGION_ID = /^[a-z0-9][a-z0-9_-]*$/;
const FILES = { extent: 'extent.csv', observations: 'observations.csv', price_index: 'price-index.csv' } as const;

/**
 * Blank dataset for a new region, named after it: a manifest to fill in, extent.csv with a row per ecosystem
 * type, observations.csv with a row per input and key the model's services read (grouped by service, units filled
 * in, values left empty), price-index.csv over every year a price is moved from, and INPUTS.md listing what each
 * service reads. Open dimensions (lakes, sites) get one example key to copy.
 */
export function templateFiles(model: CompiledModel, opts: TemplateOptions): Record<string, string> {
  if (!REGION_ID.test(opts.region))
    throw new IssuesError('command', [
      {
        code: 'option_invalid',
        message: `--region "${opts.region}": a region id is lower-case letters, digits, _ and - (e.g. chengdu_tianfu); give its name with --name`,
      },
    ]);
  const needs = servicesNeeds(model);
  const name = () => (opts.name ? { zh: opts.name, en: opts.name } : { zh: '(名称)', en: '(name)' }); // fresh objects: no YAML anchors
  const manifest = {
    id: opts.region.replaceAll('_', '-'),
    name: opts.name ? name() : { zh: '(地区名称)', en: '(region name)' },
    description: `Inputs for ${model.ref} (${model.services.length} services; INPUTS.md lists what each reads). Describe the sources and the boundary here.`,
    illustrative: false,
    licence: '(licence)',
    currency: 'CNY',
    price_year: opts.priceYear ?? opts.years[0],
    deflator: 'cpi',
    regions: [{ id: opts.region, name: name() }],
    years: opts.years,
    sources: [{ id: 'yearbook', citation: '(statistical yearbook, remote-sensing product, survey …)' }],
    files: { ...FILES },
  };
  const csv = (rows: string[][], columns: readonly string[]) =>
    stringify(rows, { header: true, columns: [...columns], record_delimiter: '\n' });
  const extent = [...model.inputs.values()].find((i) => i.table === 'extent');
  const extentRead = extent && needs.some((n) => n.inputs.some((i) => i.info === extent));
  const obs: string[][] = [];
  for (const y of opts.years) {
    const written = new Set<string>();
    for (const { inputs } of needs) {
      for (const { info, keys } of inputs) {
        if (info.table !== 'observations') continue;
        for (const k of keys) {
          if (written.has(`${info.name}\0${k}`)) continue;
          written.add(`${info.name}\0${k}`);
          obs.push([opts.region, String(y), info.name, k, '', info.unit.text, '']);
        }
      }
    }
  }
  return {
    'dataset.yaml': YAML.stringify(manifest),
    [FILES.extent]: csv(
      extentRead ? opts.years.flatMap((y) => extent.dims[0]!.keys.map((k) => [opts.region, String(y), k, '', ''])) : [],
      COLUMNS.extent,
    ),
    [FILES.observations]: csv(obs, COLUMNS.observations),
    [FILES.price_index]: csv(
      priceIndexYears(model, opts.years).flatMap((y) => priceSeries(model).map((s) => [s, String(y), '', ''])),
      COLUMNS.price_index,
    ),
    'INPUTS.md': inputsMarkdown(model, opts.region, needs),
  };
}

/** Write the template into `dir` (which must not hold a dataset yet); returns the files written. */
export function writeTemplate(dir: string, model: CompiledModel, opts: TemplateOptions): string[] {
  if (existsSync(join(dir, 'dataset.yaml')))
    throw new IssuesError('dataset', [
      {
        code: 'dataset_exists',
        file: dir,
        message: 'the folder already holds a dataset (dataset.yaml); choose an empty folder or another --region',
      },
    ]);
  const files = templateFiles(model, opts);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return Object.keys(files);
}

/**
 * What each service reads (engine/model/service-inputs.ts), with the keys it reads: where every indicator that
 * reads an input sums over a subset of one of its dimensions (crop products over the crops), only those keys.
 */
export function servicesNeeds(model: CompiledModel): ServiceNeeds[] {
  const byService = serviceInputs(model);
  return model.services.map((service) => {
    const plans = closure(model, [service.physical, service.money, ...service.parts]);
    return {
      service,
      inputs: byService.get(service.id)!.map((name) => {
        const info = model.inputs.get(name)!;
        return {
          info,
          keys: keysRead(
            info,
            plans.filter((p) => p.inputs.includes(name)),
          ),
          file: FILES[info.table],
        };
      }),
    };
  });
}

function closure(model: CompiledModel, ids: string[]): IndicatorPlan[] {
  const seen = new Map<string, IndicatorPlan>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    const p = model.indicatorById.get(id)!;
    seen.set(id, p);
    p.deps.forEach(visit);
  };
  ids.forEach(visit);
  return [...seen.values()];
}

/** The key tuples ("a|b") of an input that the plans reading it iterate over; an open dimension gets "example". */
function keysRead(info: InputInfo, readers: IndicatorPlan[]): string[] {
  return info.dims.reduce<string[]>(
    (acc, d) => {
      const subsets = readers.map((p) => p.over.find((o) => o.dim.name === d.name)?.subset ?? null);
      const keep =
        subsets.length && subsets.every((s) => s !== null)
          ? (k: string) => subsets.some((s) => s!.has(k) || s!.has(d.groupOf.get(k) ?? ''))
          : () => true;
      const keys = d.open ? ['example'] : d.keys.filter(keep);
      return acc.flatMap((p) => keys.map((k) => (p ? `${p}|${k}` : k)));
    },
    [''],
  );
}

/** The price-index series the model's money coefficients are moved by, and the deflator. */
function priceSeries(model: CompiledModel): string[] {
  return [...new Set(['cpi', ...[...model.coefficients.values()].flatMap((c) => (c.currency && c.priceIndex ? [c.priceIndex] : []))])];
}

/** Every year from the earliest price year of a money coefficient to the last year accounted: prices are moved across them. */
function priceIndexYears(model: CompiledModel, years: number[]): number[] {
  const priced = [...model.coefficients.values()].filter((c) => c.currency).flatMap((c) => c.entries.map((e) => e.priceYear));
  const first = Math.min(...years, ...priced);
  const last = Math.max(...years);
  return Array.from({ length: last - first + 1 }, (_, n) => first + n);
}

/** INPUTS.md: per service, the inputs it reads with unit, keys and file; an input read by several is listed under each. */
export function inputsMarkdown(model: CompiledModel, region: string, needs: ServiceNeeds[]): string {
  const out = [
    `# Inputs for ${model.ref}, region ${region}`,
    '',
    `${model.title.en} / ${model.title.zh}. Each service reads the inputs listed under it; observations.csv has one`,
    'row per input and key in this order (an input read by several services is written once, under the first).',
    'Fill in `value` (in the unit given, or any unit convertible to it) and `source`; then run `gep validate <folder>`.',
    '',
  ];
  for (const { service, inputs } of needs) {
    out.push(`## ${service.id} — ${service.label.zh} / ${service.label.en} (${service.category})`, '');
    if (!inputs.length) {
      out.push('Reads coefficients only.', '');
      continue;
    }
    out.push('| input | label | unit | keys | file |', '|---|---|---|---|---|');
    for (const { info, keys, file } of inputs) {
      const dims = info.dims.length ? `${info.dims.map((d) => d.name).join(' × ')}: ${keys.join(', ')}` : '–';
      const note = info.optional ? ' (optional: delete its rows when there is no value)' : '';
      out.push(`| ${info.name} | ${info.label.zh} / ${info.label.en}${note} | ${info.unit.text} | ${dims} | ${file} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
