import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import YAML from 'yaml';
import { IssuesError } from '../engine/core/errors.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import { COLUMNS } from './manifest.ts';

export interface TemplateOptions {
  region: string;
  years: number[];
  priceYear?: number;
}

/**
 * Blank dataset for a new region: a manifest to fill in, extent.csv with a row per ecosystem type, and
 * observations.csv with a row per input and key the model needs, unit filled in and value left empty.
 * Open dimensions (lakes, sites) get one example key to copy.
 */
export function writeTemplate(dir: string, model: CompiledModel, opts: TemplateOptions): string[] {
  if (existsSync(join(dir, 'dataset.yaml')))
    throw new IssuesError('dataset', [
      { code: 'dataset_exists', file: dir, message: `${dir} already holds a dataset; choose an empty folder` },
    ]);
  mkdirSync(dir, { recursive: true });
  const manifest = {
    id: 'my-region',
    name: { zh: '(地区名称)', en: '(region name)' },
    description: `Inputs for ${model.ref}. Describe the sources and the boundary here.`,
    illustrative: false,
    licence: '(licence)',
    currency: 'CNY',
    price_year: opts.priceYear ?? opts.years[0],
    deflator: 'cpi',
    regions: [{ id: opts.region, name: { zh: '(名称)', en: '(name)' } }],
    years: opts.years,
    sources: [{ id: 'yearbook', citation: '(statistical yearbook, remote-sensing product, survey …)' }],
    files: { extent: 'extent.csv', observations: 'observations.csv', price_index: 'price-index.csv' },
  };
  const files: Record<string, string> = { 'dataset.yaml': YAML.stringify(manifest) };
  const extent = [...model.inputs.values()].find((i) => i.table === 'extent');
  files['extent.csv'] = stringify(extent ? opts.years.flatMap((y) => extent.dims[0]!.keys.map((k) => [opts.region, y, k, '', ''])) : [], {
    header: true,
    columns: [...COLUMNS.extent],
    record_delimiter: '\n',
  });
  const obs: string[][] = [];
  for (const y of opts.years) {
    for (const i of model.inputs.values()) {
      if (i.table !== 'observations') continue;
      const keys = i.dims.reduce<string[]>(
        (acc, d) => acc.flatMap((p) => (d.open ? ['example'] : d.keys).map((k) => (p ? `${p}|${k}` : k))),
        [''],
      );
      for (const k of keys) obs.push([opts.region, String(y), i.name, k, '', i.unit.text, '']);
    }
  }
  files['observations.csv'] = stringify(obs, { header: true, columns: [...COLUMNS.observations], record_delimiter: '\n' });
  files['price-index.csv'] = stringify(
    opts.years.map((y) => ['cpi', y, '', '']),
    { header: true, columns: [...COLUMNS.price_index], record_delimiter: '\n' },
  );
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return Object.keys(files);
}
