import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { templateFiles } from '../datasets/template.ts';
import { compileModelData, loadModel, readModelData } from '../models/load.ts';
import { gep, ROOT } from './helpers/gep-cli.ts';

/**
 * `gep template --region` (issue 10 item 7): the dataset is named after the region (manifest id, region name,
 * folder), observations.csv lists only the inputs and keys each service reads, grouped by service, INPUTS.md says
 * which service reads what (unit, keys, file), and a template filled in validates (the price index covers every
 * year a coefficient's price is moved from: the old one covered only the accounted years and a filled template
 * failed with 39 price_index_missing).
 */
const tmp = mkdtempSync(join(tmpdir(), 'gep-template-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
type Row = Record<string, string>;
const read = (dir: string, f: string) => parse(readFileSync(join(dir, f), 'utf8'), { columns: true }) as Row[];

/** Every blank value of the template set to 1 (the check is of shape, not of figures). */
function fill(dir: string): void {
  for (const [f, col] of [
    ['extent.csv', 'area_ha'],
    ['observations.csv', 'value'],
    ['price-index.csv', 'index'],
  ] as const) {
    const rows = read(dir, f);
    if (rows.length)
      writeFileSync(
        join(dir, f),
        stringify(
          rows.map((r) => ({ ...r, [col]: '1' })),
          { header: true, record_delimiter: '\n' },
        ),
      );
  }
}

describe('gep template --region', () => {
  const dir = join(tmp, 'east');
  let stdout = '';
  it('names the dataset after the region and prints what each service reads', async () => {
    const r = await gep('template', dir, '--region', 'chengdu_east', '--name', '成都东部新区', '--years', '2021,2022');
    expect(r.status, r.stderr).toBe(0);
    stdout = r.stdout;
    const m = YAML.parse(readFileSync(join(dir, 'dataset.yaml'), 'utf8'));
    expect(m.id).toBe('chengdu-east');
    expect(m.name).toEqual({ zh: '成都东部新区', en: '成都东部新区' });
    expect(m.regions).toEqual([{ id: 'chengdu_east', name: { zh: '成都东部新区', en: '成都东部新区' } }]);
    expect(stdout).toMatch(
      /recreation\s+visits \[visit by visit_site\] observations\.csv; travel_cost \[CNY\/visit by visit_site\] observations\.csv/,
    );
    expect(stdout).toMatch(/pest_control\s+area \[ha by ecosystem_type\] extent\.csv\n/);
  });

  it('observations.csv has only the keys a service reads: evapotranspiration for the types water conservation sums over', () => {
    const model = loadModel('cn-gep-2022');
    const et = read(dir, 'observations.csv').filter((r) => r.variable === 'evapotranspiration' && r.year === '2021');
    const dim = model.dims.get('ecosystem_type')!;
    // water_conservation: over { ecosystem_type: [forest, shrub, grassland, wetland] } (models/cn-gep-2022/model.yaml)
    const expected = dim.keys.filter((k) => ['forest', 'shrub', 'grassland', 'wetland'].includes(dim.groupOf.get(k) ?? k));
    expect(et.map((r) => r.key)).toEqual(expected);
    expect(expected).toContain('coniferous_forest');
    expect(et.map((r) => r.key)).not.toContain('paddy');
    // grouped by service: the crops' output and prices come before the livestock products'
    const vars = read(dir, 'observations.csv')
      .filter((r) => r.year === '2021')
      .map((r) => `${r.variable}:${r.key}`);
    expect(vars.indexOf('product_price:tea')).toBeLessThan(vars.indexOf('product_output:pork'));
  });

  it('INPUTS.md lists, per service, each input with its label, unit, keys and file', () => {
    const md = readFileSync(join(dir, 'INPUTS.md'), 'utf8');
    expect(md).toContain('## oxygen_release');
    expect(md).toMatch(
      /## recreation[^#]*\| travel_cost \| 人均旅行费用 \/ Travel cost per visit \| CNY\/visit \| visit_site: scenic_area, park_greenway \| observations\.csv \|/,
    );
    expect(md).toMatch(/\| air_pollutant_emission \| [^|]*\(optional: delete its rows when there is no value\)/);
  });

  it('filled in, the template validates: the price index runs from the first price year of a coefficient (2010)', async () => {
    expect(read(dir, 'price-index.csv').map((r) => r.year)).toEqual(Array.from({ length: 13 }, (_, n) => String(2010 + n)));
    fill(dir);
    const r = await gep('validate', dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('OK: chengdu-east is valid for cn-gep-2022@1.0.0');
  });

  it('for another model (-m), its inputs: the equivalent-factor method reads only area', async () => {
    const esv = join(tmp, 'esv');
    const r = await gep('template', esv, '-m', 'esv-equivalent-2015', '--years', '2022');
    expect(r.status, r.stderr).toBe(0);
    expect(read(esv, 'observations.csv')).toEqual([]);
    expect(read(esv, 'extent.csv').length).toBe(loadModel('esv-equivalent-2015').dims.get('ecosystem_type')!.keys.length);
    fill(esv);
    expect((await gep('validate', esv, '-m', 'esv-equivalent-2015')).status).toBe(0);
  });

  it('an input no service reads is left out', () => {
    const data: any = structuredClone(readModelData('models/cn-gep-2022').data);
    data.inputs.unread_depth = { label: { zh: '未用', en: 'Unread' }, unit: 'mm', min: '0' };
    const files = templateFiles(compileModelData(data), { region: 'x', years: [2022] });
    expect(files['observations.csv']).not.toContain('unread_depth');
    expect(files['observations.csv']).toContain(',precipitation,');
  });

  it('without [dir] the folder is the region id; a region id that is not one is refused (exit 2)', async () => {
    const id = `tmp_template_${process.pid}`;
    try {
      const r = await gep('template', '--region', id, '--years', '2022');
      expect(r.status, r.stderr).toBe(0);
      expect(existsSync(join(ROOT, id, 'dataset.yaml'))).toBe(true);
    } finally {
      rmSync(join(ROOT, id), { recursive: true, force: true });
    }
    const bad = await gep('template', join(tmp, 'bad'), '--region', 'Chengdu East', '--years', '2022');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--region "Chengdu East": a region id is lower-case letters, digits, _ and -');
    expect(existsSync(join(tmp, 'bad'))).toBe(false);
  });
});
