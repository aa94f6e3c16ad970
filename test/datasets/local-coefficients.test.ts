/** A dataset's own coefficients (coefficients.csv, issue 10 item 4): they replace the model's for their regions and keys. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Dec, dec, str } from '../../engine/core/decimal.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import { QUANTUM } from '../../engine/eval/result.ts';
import type { Read } from '../../engine/eval/trace.ts';
import { loadDataset } from '../../datasets/load.ts';
import { accountRun, runAccount } from '../../lib/run.ts';
import { loadScenario, runScenario } from '../../lib/scenario.ts';
import { loadModel } from '../../models/load.ts';
import ExcelJS from 'exceljs';
import { htmlReport } from '../../reports/html.ts';
import { xlsxReport } from '../../reports/xlsx.ts';
import { summaryMarkdown } from '../../reports/summary.ts';
import { copySample, readLines, writeLines } from '../fixtures/sample-copy.ts';
import { gep } from '../helpers/gep-cli.ts';

const HEADER = 'region,coefficient,key,from,value,unit,source';
/** Garzê's bulk density: 白玛卓嘎 et al. 2017, 生态学报 37(19):6302, §3.2.2 (ρ = 0.93 t/m³); docs/research/replication-sources.md §C. */
const GARZE = '白玛卓嘎 et al. 2017 生态学报 37(19):6302 §3.2.2 (Garzê ρ = 0.93 t/m3)';

/** A copy of the sample with coefficients.csv (and optionally a second region, tianfu_b, with the same data). */
function withCoefficients(lines: string[], opts: { twoRegions?: boolean } = {}): string {
  const dir = copySample('gep-local-');
  writeLines(dir, 'coefficients.csv', [HEADER, ...lines]);
  let manifest = readFileSync(join(dir, 'dataset.yaml'), 'utf8').replace('files:\n', 'files:\n  coefficients: coefficients.csv\n');
  if (opts.twoRegions) {
    manifest = manifest.replace('years: [2020', '  - id: tianfu_b\n    name: { zh: 第二区, en: Second region }\nyears: [2020');
    for (const f of ['extent.csv', 'observations.csv', 'extent-change.csv']) {
      const rows = readLines(dir, f);
      writeLines(dir, f, [...rows, ...rows.slice(1).map((r) => r.replace(/^tianfu,/, 'tianfu_b,'))]);
    }
  }
  writeFileSync(join(dir, 'dataset.yaml'), manifest);
  return dir;
}

const model = loadModel('cn-gep-2022');
const run = (dir: string) => runAccount({ dataset: dir });
const baseline = runAccount();
const money = (r: ReturnType<typeof run>, region: string, year: number, id: string): Dec =>
  r.account.regionYears.find((ry) => ry.region === region && ry.year === year)!.current.values.get(id)!.value;
const reads = (r: ReturnType<typeof run>, region: string, year: number, id: string): Read[] =>
  r.account.regionYears.find((ry) => ry.region === region && ry.year === year)!.current.traces!.get(id)!.reads;
const coefRead = (rs: Read[], name: string, key?: string) =>
  rs.find((x) => x.kind === 'coefficient' && x.name === name && (key === undefined || x.keys?.[0] === key))!;

describe('a local soil bulk density replaces the model’s', () => {
  const dir = withCoefficients([`*,soil_bulk_density,,2010,0.93,t/m3,${GARZE}`]);
  const local = run(dir);

  it('changes the siltation part of soil retention exactly as the hand calculation: λ·Q/ρ·dredging cost', () => {
    // siltation = siltation_ratio × retained soil / bulk density × dredging cost (白玛卓嘎 et al. 2017 §2.2.2;
    // Garzê: 38.86 亿t × 0.24 / 0.93 = 10.03 亿m³, Table 3). Here on the sample's 2020 soil retention, with the
    // model's λ = 0.24 and dredging cost 15.58 CNY/m³ (2010) re-priced to 2020 by the CPI (128.0656 / 100).
    const q = money(local, 'tianfu', 2020, 'soil_retention.physical');
    expect(str(q)).toBe(str(money(baseline, 'tianfu', 2020, 'soil_retention.physical'))); // the physical quantity is untouched
    const dredging = dec('15.58').mul(dec('128.0656').div(100));
    const hand = dec('0.24').mul(q).div(dec('0.93')).mul(dredging).toDecimalPlaces(QUANTUM);
    expect(str(money(local, 'tianfu', 2020, 'soil_retention.siltation'))).toBe(str(hand));
    // and the model's 1.3 gave the same with 1.3: the ratio of the two is 1.3 / 0.93
    const before = money(baseline, 'tianfu', 2020, 'soil_retention.siltation');
    expect(str(before)).toBe(str(dec('0.24').mul(q).div(dec('1.3')).mul(dredging).toDecimalPlaces(QUANTUM)));
    expect(str(money(local, 'tianfu', 2020, 'soil_retention.nutrients'))).toBe(
      str(money(baseline, 'tianfu', 2020, 'soil_retention.nutrients')),
    );
  });

  it('the trace shows the local value with its file, line and source', () => {
    expect(coefRead(reads(local, 'tianfu', 2020, 'soil_retention.siltation'), 'soil_bulk_density')).toMatchObject({
      value: '0.93',
      unit: 't/m3',
      source: GARZE,
      validFrom: 2010,
      local: { file: 'coefficients.csv', line: 2 },
    });
  });

  it('the run block lists it, the reports print it, and the run id differs from the sample’s', async () => {
    expect(local.meta.local_coefficients).toEqual([
      {
        coefficient: 'soil_bulk_density',
        region: '*',
        key: '',
        from: 2010,
        value: '0.93',
        unit: 't/m3',
        source: GARZE,
        file: 'coefficients.csv',
        line: 2,
      },
    ]);
    expect(local.meta.id).not.toBe(baseline.meta.id);
    expect(baseline.meta.local_coefficients).toBeUndefined();
    const html = htmlReport(local, 'en');
    expect(html).toContain('Local coefficients (the dataset’s own, replacing the model’s)');
    expect(html).toContain('coefficients.csv:2');
    expect(htmlReport(baseline, 'en')).not.toContain('Local coefficients');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsxReport(local, 'en')) as never);
    const prov = wb
      .getWorksheet('Provenance')!
      .getSheetValues()
      .map((r) => (r as unknown[] | undefined)?.slice(1, 3));
    // by the coefficient's name (the workbook shows names, ids stay in the run block): reports/xlsx-labels.ts p_local
    const row = prov.find((r) => typeof r?.[0] === 'string' && (r[0] as string).startsWith('Local coefficient Soil bulk density'));
    expect(row?.[0]).toBe('Local coefficient Soil bulk density (all regions, from 2010)');
    expect(row?.[1]).toBe(`0.93 t/m3; ${GARZE}; coefficients.csv:2`);
    expect(summaryMarkdown(local)).toMatch(
      /\| soil_bulk_density \| \* \| {2}\| 2010 \| 0.93 t\/m3 \| {2}\| 白玛卓嘎.* \| coefficients.csv:2 \|/,
    );
  });

  it('a changed value in the file is another dataset hash, so another run id', () => {
    const other = run(withCoefficients([`*,soil_bulk_density,,2010,0.94,t/m3,${GARZE}`]));
    expect(other.meta.id).not.toBe(local.meta.id);
  });
});

describe('regions, keys, years and units', () => {
  it('a region’s own row wins over the "*" row; other regions take the "*" row', () => {
    const r = run(
      withCoefficients(
        [`*,soil_bulk_density,,2010,0.93,t/m3,${GARZE}`, 'tianfu_b,soil_bulk_density,,2010,1.1,t/m3,a field survey of tianfu_b'],
        {
          twoRegions: true,
        },
      ),
    );
    expect(coefRead(reads(r, 'tianfu', 2021, 'soil_retention.siltation'), 'soil_bulk_density').value).toBe('0.93');
    expect(coefRead(reads(r, 'tianfu_b', 2021, 'soil_retention.siltation'), 'soil_bulk_density')).toMatchObject({
      value: '1.1',
      local: { line: 3 },
    });
    expect(r.meta.local_coefficients!.map((x) => [x.region, x.value])).toEqual([
      ['*', '0.93'],
      ['tianfu_b', '1.1'],
    ]);
  });

  it('a table coefficient by ecosystem type: a level-1 class row serves its types, a type row wins over it, the model keeps the rest', () => {
    const r = run(
      withCoefficients([
        'tianfu,cover_factor,forest,2010,0.01,1,remote-sensing C of the region (forest)',
        'tianfu,cover_factor,coniferous_forest,2010,0.02,1,remote-sensing C of the region (conifers)',
      ]),
    );
    const rs = reads(r, 'tianfu', 2022, 'soil_retention.physical');
    expect(coefRead(rs, 'cover_factor', 'coniferous_forest')).toMatchObject({ value: '0.02', local: { line: 3 } });
    expect(coefRead(rs, 'cover_factor', 'broadleaf_forest')).toMatchObject({ value: '0.01', matched: 'forest', local: { line: 2 } });
    const shrub = coefRead(rs, 'cover_factor', 'shrub');
    expect([shrub.value, shrub.local]).toEqual(['0.03', undefined]); // the model's row
    // the broadleaf forest retention is A·R·K·LS·(1 − C·P) with C = 0.01 instead of the model's 0.006
    const by = (run: ReturnType<typeof runAccount>) =>
      run.account.regionYears.find((ry) => ry.year === 2022)!.current.values.get('soil_retention.physical')!.by!;
    const ratio = by(r).get('broadleaf_forest')!.div(by(baseline).get('broadleaf_forest')!);
    expect(ratio.toDecimalPlaces(10).toString()).toBe(dec('0.99').div(dec('0.994')).toDecimalPlaces(10).toString());
    expect(str(by(r).get('shrub')!)).toBe(str(by(baseline).get('shrub')!));
  });

  it('a key written as a published table writes it (林地, 针叶林) is its key, and the mapping is noted', () => {
    const dir = withCoefficients([
      'tianfu,cover_factor,林地,2010,0.01,1,remote-sensing C of the region (forest)',
      'tianfu,cover_factor,针叶林,2010,0.02,1,remote-sensing C of the region (conifers)',
    ]);
    const rs = reads(run(dir), 'tianfu', 2022, 'soil_retention.physical');
    expect(coefRead(rs, 'cover_factor', 'coniferous_forest')).toMatchObject({ value: '0.02', local: { line: 3 } });
    expect(coefRead(rs, 'cover_factor', 'broadleaf_forest')).toMatchObject({ value: '0.01', matched: 'forest', local: { line: 2 } });
    const notes = loadDataset(dir, model).notes.join('\n');
    expect(notes).toMatch(/coefficients\.csv: key of ecosystem_type 林地 → forest .*line 2/);
    expect(notes).toMatch(/coefficients\.csv: key of ecosystem_type 针叶林 → coniferous_forest.*line 3/);
  });

  it('a row holds from its year: before it the model’s value is used; a unit is converted exactly', () => {
    const r = run(withCoefficients(['*,soil_bulk_density,,2022,930,kg/m3,bulk density survey 2022']));
    expect(coefRead(reads(r, 'tianfu', 2021, 'soil_retention.siltation'), 'soil_bulk_density')).toMatchObject({ value: '1.3' });
    expect(coefRead(reads(r, 'tianfu', 2022, 'soil_retention.siltation'), 'soil_bulk_density')).toMatchObject({
      value: '0.93',
      local: { line: 2 },
    });
    expect(r.meta.local_coefficients).toMatchObject([{ value: '0.93', given: '930 kg/m3', from: 2022 }]);
  });

  it('a money coefficient is priced in its from year (or price_year) and re-priced by the model’s price index', () => {
    const dir = withCoefficients([]);
    writeLines(dir, 'coefficients.csv', [
      `${HEADER},price_year`,
      '*,dredging_cost,,2015,0.002,万元/m3,local dredging contracts 2015,', // 0.002 万元 = 20 CNY
      'tianfu,reservoir_cost,,2015,8,CNY/m3,provincial reservoir cost 2018,2018',
    ]);
    const r = run(dir);
    const dredging = coefRead(reads(r, 'tianfu', 2020, 'soil_retention.siltation'), 'dredging_cost');
    // CPI 2020 / 2015 = 128.0656 / 114.7555 (datasets/tianfu-sample/price-index.csv, NBS communiqués)
    expect(dredging).toMatchObject({ priceYear: 2015, value: str(dec('20').mul(dec('128.0656').div(dec('114.7555')))) });
    expect(coefRead(reads(r, 'tianfu', 2020, 'water_conservation.money'), 'reservoir_cost')).toMatchObject({ priceYear: 2018 });
    expect(r.meta.local_coefficients!.map((x) => [x.price_year, x.value, x.given])).toEqual([
      [2015, '20', '0.002 万元/m3'],
      [2018, '8', undefined],
    ]);
    expect(r.dataset.notes.some((n) => /coefficients.csv: unit 万元\/m3 → CNY\/m3 \(× 10000\), line 2/.test(n))).toBe(true);
  });
});

describe('refusals: every problem of coefficients.csv at once, with file, line and column', () => {
  it('unknown coefficient, region and key, wrong unit, wrong sign, no source, duplicate, a key on a scalar', () => {
    const dir = withCoefficients([
      `*,soil_bulk_densty,,2010,0.93,t/m3,${GARZE}`,
      `*,soil_bulk_density,,2010,0.93,kg,${GARZE}`,
      `*,soil_bulk_density,,2010,-0.93,t/m3,${GARZE}`,
      '*,siltation_ratio,,2010,0.2,1,',
      `tianfu,soil_bulk_density,,2010,0.93,t/m3,${GARZE}`,
      `tianfu,soil_bulk_density,,2010,0.95,t/m3,${GARZE}`,
      `tainfu,soil_bulk_density,,2012,0.93,t/m3,${GARZE}`,
      'tianfu,cover_factor,forrest,2010,0.01,1,survey',
      'tianfu,siltation_ratio,forest,2010,0.2,1,survey',
      'tianfu,siltation_ratio,,20x0,0.2,1,survey',
    ]);
    let err: unknown;
    try {
      loadDataset(dir, model);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IssuesError);
    const got = (err as IssuesError).issues.map((i) => [i.code, i.file?.endsWith('coefficients.csv'), i.row, i.column]);
    expect(got).toEqual([
      ['coefficient_unknown', true, 2, 'coefficient'],
      ['unit_mismatch', true, 3, 'unit'],
      ['coefficient_negative', true, 4, 'value'],
      ['source_missing', true, 5, 'source'],
      ['duplicate_row', true, 7, 'from'],
      ['region_unknown', true, 8, 'region'],
      ['key_unknown', true, 9, 'key'],
      ['key_shape', true, 10, 'key'],
      ['not_a_year', true, 11, 'from'],
    ]);
    const msg = (err as IssuesError).message;
    expect(msg).toMatch(/"soil_bulk_densty" is not a coefficient of cn-gep-2022@1.0.0 \(did you mean "soil_bulk_density"/);
    expect(msg).toMatch(/soil_bulk_density is in t\/m3; "kg" cannot be converted to it/);
    expect(msg).toMatch(/duplicate of line 6 \(soil_bulk_density, tianfu, from 2010\)/);
    expect(msg).toMatch(/region "tainfu" is not in the manifest .*did you mean "tianfu"/);
    expect(msg).toMatch(/unknown key of ecosystem_type "forrest" \(did you mean "forest"\?\), for cover_factor/);
  });

  it('a price year on a coefficient that is not money is refused', () => {
    const dir = withCoefficients([]);
    writeLines(dir, 'coefficients.csv', [`${HEADER},price_year`, `*,soil_bulk_density,,2010,0.93,t/m3,${GARZE},2010`]);
    expect(() => loadDataset(dir, model)).toThrow(/soil_bulk_density \(t\/m3\) is not a money coefficient/);
  });
});

describe('scenarios and draws replace the model, not the data', () => {
  it('a scenario that scales a locally given coefficient changes it only where no local value holds, and the run says so', () => {
    const dir = withCoefficients([`tianfu,soil_bulk_density,,2021,0.93,t/m3,${GARZE}`]);
    const s = loadScenario({
      id: 'denser',
      label: 'denser soil',
      base: { model: 'cn-gep-2022@1.0.0', dataset: 'tianfu-sample' },
      overrides: { coefficients: [{ coefficient: 'soil_bulk_density', from: 2020, scale: '2', source: 'test' }] },
    });
    const r = runScenario(s, { dataset: dir });
    expect(coefRead(reads(r, 'tianfu', 2020, 'soil_retention.siltation'), 'soil_bulk_density').value).toBe('2.6');
    expect(coefRead(reads(r, 'tianfu', 2021, 'soil_retention.siltation'), 'soil_bulk_density').value).toBe('0.93');
    expect(r.meta.scenario_notes).toContain(
      `coefficient "soil_bulk_density": the dataset's own values (coefficients.csv line 2) hold where they apply; the scenario changes the model's value elsewhere only`,
    );
  });

  it('a run through an overlay that replaces the coefficient still takes the local value where it holds', () => {
    const dir = withCoefficients([`*,soil_bulk_density,,2010,0.93,t/m3,${GARZE}`]);
    const dataset = loadDataset(dir, model);
    const c = model.coefficients.get('soil_bulk_density')!;
    const overlay = new Map([[c.name, { ...c, entries: c.entries.map((e) => ({ ...e, scalar: { value: dec('2') } })) }]]);
    const r = accountRun(model, dataset, {}, { scenario: 's', scenarioHash: 'h', data: dataset, coefficients: overlay, transitions: [] });
    expect(coefRead(reads(r, 'tianfu', 2020, 'soil_retention.siltation'), 'soil_bulk_density').value).toBe('0.93');
  });
});

describe('gep explain shows a local value with its file, line and source', () => {
  it('names the file and line instead of the model’s entry source', async () => {
    const dir = withCoefficients([`*,soil_bulk_density,,2010,0.93,t/m3,${GARZE}`]);
    const r = await gep('explain', 'soil_retention.siltation', '-r', 'tianfu', '-y', '2021', '-d', dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      `coefficient soil_bulk_density = 0.93 t/m3 (entry from 2010; LOCAL value of the dataset: coefficients.csv line 2, ${GARZE})`,
    );
  });
});
