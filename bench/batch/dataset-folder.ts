// A dataset folder of `regions` × `years` for measuring what an analyst runs on a large account (`gep account -d`):
// the sample's GEP tables (extent, observations, price index) with the sample region's rows copied to regions
// r00001 … and to every year (a year the sample lacks takes the rows of its price year), each source cell a short
// note (the sample's are long sentences: 250 MB of text at 3,000 regions would measure the generator, not the
// account). No economy or extent-change table (the GEP account needs neither). Made up: for benchmarks only.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import YAML from 'yaml';

const SAMPLE = resolve(import.meta.dirname, '../../datasets/tianfu-sample');

export function writeDatasetFolder(dir: string, regions: number, years: number[]): string {
  mkdirSync(dir, { recursive: true });
  const manifest = YAML.parse(readFileSync(join(SAMPLE, 'dataset.yaml'), 'utf8'));
  const template = manifest.regions[0];
  const ids = Array.from({ length: regions }, (_, i) => `r${String(i + 1).padStart(5, '0')}`);
  const sampleYears = new Set<number>(manifest.years);
  manifest.id = `bench-${regions}x${years.length}`;
  manifest.regions = ids.map((id) => ({ ...template, id }));
  manifest.years = years;
  manifest.files = { extent: 'extent.csv', observations: 'observations.csv', price_index: 'price-index.csv' };
  writeFileSync(join(dir, 'dataset.yaml'), YAML.stringify(manifest, { aliasDuplicateObjects: false }));
  writeFileSync(join(dir, 'price-index.csv'), readFileSync(join(SAMPLE, 'price-index.csv')));
  for (const f of ['extent.csv', 'observations.csv']) {
    const [head, ...rows] = readFileSync(join(SAMPLE, f), 'utf8').replace(/\n$/, '').split('\n');
    const kept = head!.split(',').length - 3; // the cells between region,year and source
    const byYear = new Map<number, string[]>();
    for (const r of rows) {
      const m = /^([^,]*),(\d{4}),(.*)$/.exec(r)!;
      if (m[1] !== template.id) continue;
      const cells = m[3]!.split(',').slice(0, kept);
      byYear.set(Number(m[2]), [...(byYear.get(Number(m[2])) ?? []), `${cells.join(',')},bench copy of the sample`]);
    }
    const out: string[] = [head!];
    for (const id of ids)
      for (const y of years) for (const rest of byYear.get(sampleYears.has(y) ? y : manifest.price_year)!) out.push(`${id},${y},${rest}`);
    writeFileSync(join(dir, f), `${out.join('\n')}\n`);
  }
  return dir;
}

if (import.meta.filename === resolve(process.argv[1] ?? '')) {
  const [dir, n, y0 = '2013', y1 = '2022'] = process.argv.slice(2);
  const years = Array.from({ length: Number(y1) - Number(y0) + 1 }, (_, i) => Number(y0) + i);
  console.log(writeDatasetFolder(dir!, Number(n), years));
}
