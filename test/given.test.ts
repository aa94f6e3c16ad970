import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec, dec, str } from '../engine/core/decimal.ts';
import { IssuesError } from '../engine/core/errors.ts';
import { QUANTUM } from '../engine/eval/result.ts';
import { loadDataset } from '../datasets/load.ts';
import { runDual } from '../lib/dual.ts';
import { resultRows } from '../lib/gep-rows.ts';
import { runAccount } from '../lib/run.ts';
import { loadScenario, runScenario } from '../lib/scenario.ts';
import { runUncertainty } from '../lib/uncertainty.ts';
import { compareRuns } from '../lib/compare.ts';
import { loadModel } from '../models/load.ts';
import { htmlReport } from '../reports/html.ts';
import { summaryMarkdown } from '../reports/summary.ts';
import { appendedLine, givenDataset, rowsFromSample } from './fixtures/given-dataset.ts';
import { gep } from './helpers/gep-cli.ts';

/**
 * Given quantities and values (issue 10 item 1): a dataset gives a service's physical quantity (total, or by
 * ecosystem type) or its money value instead of the inputs. The figures given here are the sample's own computed
 * values, so every value must come out as in the sample, marked given.
 */
const sample = runAccount();
const model = loadModel('cn-gep-2022');
const CROPS = ['grain', 'oilseeds', 'vegetables', 'fruit', 'tea'];
const waterRows = rowsFromSample(sample, 'water_conservation', 'water_conservation.physical', 'm3', false);
const carbonRows = rowsFromSample(sample, 'carbon_sequestration', 'carbon_sequestration.physical', 'tCO2', true);
const cropRows = rowsFromSample(sample, 'crop_products.money', 'crop_products.money', 'CNY', false);
// without evapotranspiration, nep and the crop prices the formulas cannot evaluate: the given values are the only ones
const DS = givenDataset({
  dropInputs: ['evapotranspiration', 'nep', ...CROPS.map((c) => `product_price|${c}`)],
  rows: [...waterRows, ...carbonRows, ...cropRows],
});
const run = runAccount({ dataset: DS });
const ry = (r: typeof run, year: number) => r.account.regionYears.find((x) => x.year === year)!;

describe('given quantities and values flow through the account', () => {
  it('every service and GEP at current prices are the sample’s, the given ones marked given', () => {
    for (const year of [2020, 2021, 2022]) {
      const a = ry(sample, year),
        b = ry(run, year);
      expect(b.services.map((s) => [s.id, str(s.physical!), str(s.money)])).toEqual(
        a.services.map((s) => [s.id, str(s.physical!), str(s.money)]),
      );
      expect(str(b.gep.current)).toBe(str(a.gep.current));
      expect(b.current.values.get('water_conservation.physical')!.origin).toBe('given');
      expect(b.current.values.get('water_conservation.physical')!.by).toBeUndefined(); // a total: no breakdown
      expect(b.current.values.get('water_conservation.money')!.origin).toBeUndefined(); // computed from the given quantity
      expect(b.current.values.get('carbon_sequestration.physical')!.by).toEqual(a.current.values.get('carbon_sequestration.physical')!.by);
      expect(b.current.values.get('crop_products.money')!.origin).toBe('given');
      expect(b.current.values.get('crop_products.physical')!.origin).toBeUndefined();
    }
  });

  it('a given money value is priced in its year: at 2020 prices it is deflated by the CPI, like a money input', () => {
    const cpi = (y: number) => run.dataset.priceIndex('cpi', y)!;
    const given = ry(run, 2022).current.values.get('crop_products.money')!.value;
    const constant = ry(run, 2022).constant.values.get('crop_products.money')!;
    expect(constant.origin).toBe('given');
    expect(str(constant.value)).toBe(str(given.mul(cpi(2020).div(cpi(2022))).toDecimalPlaces(QUANTUM, Dec.ROUND_HALF_EVEN)));
    // the quantity effect of 2020 → 2022 is then the deflated change; the identity still holds exactly
    const d = run.account.decompositions.find((x) => x.fromYear === 2020 && x.toYear === 2022)!;
    expect(str(d.total.quantity.plus(d.total.price))).toBe(str(d.total.delta));
  });

  it('result rows carry origin: given_physical, given_money, given (by key), computed', () => {
    const rows = resultRows(run).filter((r) => r.year === '2022' && r.price_basis !== 'constant');
    const origin = (indicator: string, level: string, key = '') =>
      rows.find((r) => r.indicator === indicator && r.level === level && r.key === key)?.origin;
    expect(origin('water_conservation', 'service')).toBe('given_physical');
    expect(origin('carbon_sequestration', 'service')).toBe('given_physical');
    expect(origin('carbon_sequestration', 'detail', 'ecosystem_type=broadleaf_forest')).toBe('given');
    expect(origin('crop_products', 'service')).toBe('given_money');
    expect(origin('soil_retention', 'service')).toBe('computed');
    expect(origin('gep', 'total')).toBeUndefined();
    // a given total has no breakdown rows
    expect(rows.filter((r) => r.indicator === 'water_conservation' && r.level === 'detail')).toEqual([]);
  });

  it('explain shows the row that gave the value: file, line, source, the value as written', async () => {
    const line = appendedLine(DS, waterRows[2]!);
    const r = await gep('explain', 'water_conservation', '-d', DS, '-r', 'tianfu', '-y', '2022');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('water_conservation.physical = ');
    expect(r.stdout).toContain('= GIVEN by the dataset (not computed; formula not used: area * max(');
    expect(r.stdout).toMatch(
      new RegExp(`given \\d+(\\.\\d+)? m3 → [\\d,.]+ m3 \\(.*observations\\.csv line ${line}; source: test: the sample's own figure\\)`),
    );
    const byKey = await gep('explain', 'carbon_sequestration.physical', '-d', DS, '-r', 'tianfu', '-y', '2022');
    expect(byKey.stdout).toMatch(/given broadleaf_forest: [\d.]+ tCO2 → /);
    const money = await gep('explain', 'crop_products.money', '-d', DS, '-r', 'tianfu', '-y', '2022', '--base-year', '2020');
    expect(money.stdout).toMatch(/given [\d.]+ CNY → [\d,.]+ CNY, deflated × 0\.9/);
  });

  it('a scenario changes a given quantity; compare takes it through', () => {
    const scenario = join(DS, '..', 'more-water.yaml');
    writeFileSync(
      scenario,
      `id: more-water\nlabel: { zh: 水源涵养增加, en: More water conservation }\ndescription: GIS figure 10 % higher from 2022\nbase: { model: cn-gep-2022@1.0.0, dataset: ${JSON.stringify(DS)} }\noverrides:\n  inputs:\n    - { input: water_conservation, from: 2022, scale: "1.1", source: "test" }\n`,
    );
    const s = runScenario(loadScenario(scenario));
    const before = ry(run, 2022).current.values.get('water_conservation.physical')!.value;
    const after = ry(s, 2022).current.values.get('water_conservation.physical')!;
    expect(str(after.value)).toBe(str(before.mul('1.1')));
    expect(after.origin).toBe('given');
    expect(str(ry(s, 2021).current.values.get('water_conservation.physical')!.value)).toBe(
      str(ry(run, 2021).current.values.get('water_conservation.physical')!.value),
    );
    const delta = compareRuns([run, s]).find(
      (r) => r.indicator === 'water_conservation' && r.level === 'delta_service' && r.year === '2022' && r.price_basis === 'current',
    )!;
    expect(delta.physical_value).toBe(str(before.mul('0.1')));
    expect(delta.origin).toBe('given_physical');
  });

  it('a scenario that names neither an input nor a given value gets a suggestion', () => {
    const scenario = join(DS, '..', 'typo.yaml');
    writeFileSync(
      scenario,
      `id: typo\nlabel: { zh: 错, en: Typo }\ndescription: x\nbase: { model: cn-gep-2022@1.0.0, dataset: ${JSON.stringify(DS)} }\noverrides:\n  inputs:\n    - { input: water_conservaton, from: 2022, scale: "1.1", source: test }\n`,
    );
    expect(() => runScenario(loadScenario(scenario))).toThrow(/unknown input "water_conservaton" \(did you mean "water_conservation"/);
  });

  it('dual accounting reads the GEP with its given values', () => {
    const dual = runDual({ gep: run });
    const row = dual.dual.rows.find((r) => r.year === 2022)!;
    expect(str(row.gep)).toBe(str(ry(run, 2022).gep.current));
    expect(str(row.gepConstant)).toBe(str(ry(run, 2022).gep.constant));
    // the given crop value deflated differs from Σ Q × P2020, so the constant-price GEP is not the sample's
    expect(str(row.gepConstant)).not.toBe(str(ry(sample, 2022).gep.constant));
  });

  it('uncertainty: a given quantity has no range (the same in every draw); its money value varies with the price', async () => {
    const u = await runUncertainty({ dataset: DS, draws: 40, seed: 3, year: 2022 });
    const phys = u.summaries.find((s) => s.id === 'water_conservation|physical')!;
    expect(str(phys.p5)).toBe(str(ry(run, 2022).current.values.get('water_conservation.physical')!.value));
    expect(str(phys.p95)).toBe(str(phys.p5));
    const money = u.summaries.find((s) => s.id === 'water_conservation|money')!;
    expect(money.p95.gt(money.p5)).toBe(true);
  });

  it('the HTML report marks given values and lists their rows in a footnote', () => {
    const html = htmlReport(run, 'en');
    expect(html).toContain('‡');
    expect(html).toContain('Given by the dataset');
    // names, not ids (reports/names.ts); the row that gave it as an identifier
    expect(html).toMatch(/Tianfu New Area \(illustrative\) 2022 [^:<]+: <code>[\d.]+ m3, .*observations\.csv line \d+; source: test/);
    expect(htmlReport(sample, 'en')).not.toContain('‡');
  });

  it('the CLI services table and summary.md mark given values too, with what the mark means', async () => {
    const out = (await gep('account', '-d', DS, '--years', '2022', '--no-trace')).stdout;
    expect(out).toMatch(/water_conservation +regulating +[\d,]+ ‡ +m3/);
    expect(out).toMatch(/crop_products +provisioning +[\d,]+ +t +[\d.]+ ‡/);
    expect(out).toMatch(/^‡ given by the dataset/m);
    const md = summaryMarkdown(run);
    expect(md).toMatch(/\| 水源涵养 water_conservation \| regulating \| [\d,]+ ‡ \| m3 \|/);
    expect(md).toMatch(/^‡ given by the dataset/m);
    expect(summaryMarkdown(sample)).not.toContain('‡');
  });
});

describe('gep validate', () => {
  it('says which inputs the given values make unnecessary (read only by given indicators)', async () => {
    const r = await gep('validate', DS);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      'note: precipitation is not needed: only water_conservation.physical reads it, and the dataset gives it (tianfu 2020, tianfu 2021, tianfu 2022)',
    );
    expect(r.stdout).toContain('note: nep is not needed: only carbon_sequestration.physical reads it');
    expect(r.stdout).not.toContain('product_price is not needed'); // livestock and the rest still read it
    expect((await gep('validate')).stdout).not.toContain('is not needed');
  });

  it('lists each given value with its row, and which wins where the formula also evaluates', async () => {
    const r = await gep('validate', DS);
    expect(r.stdout).toMatch(/^given: tianfu 2022 water_conservation\.physical = [\d.]+ m3 \(.*observations\.csv line \d+; source: test/m);
    expect(r.stdout).toMatch(
      /^given: tianfu 2022 carbon_sequestration\.physical by ecosystem_type: coniferous_forest [\d.]+ tCO2 \(line \d+\), /m,
    );
    const wins = await gep(
      'validate',
      givenDataset({ rows: ['tianfu,2022,water_conservation,,0.62,亿m3,GIS (test)'], manifest: 'given: { precedence: given }' }),
    );
    expect(wins.status).toBe(0);
    expect(wins.stdout).toMatch(/^given: tianfu 2022 water_conservation\.physical = 0\.62 亿m3 \(/m);
    expect(wins.stdout).toMatch(
      /^note: tianfu 2022 water_conservation\.physical: given 62000000 m3 .* is used; the formula gives [\d.]+ m3/m,
    );
  });

  it('refuses a value both given and computable (exit 2), naming the row', async () => {
    const r = await gep('validate', givenDataset({ rows: ['tianfu,2022,water_conservation,,62000000,m3,GIS (test)'] }));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('given_and_computed');
  });
});

describe('giving and computing the same value', () => {
  const extra = `tianfu,2022,water_conservation,,62000000,m3,GIS (test)`;

  it('is refused when the formula also evaluates and the dataset does not say which wins', () => {
    const dir = givenDataset({ rows: [extra] });
    const line = appendedLine(dir, extra);
    let err: unknown;
    try {
      runAccount({ dataset: dir });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IssuesError);
    const issue = (err as IssuesError).issues.find((i) => i.code === 'given_and_computed')!;
    expect(issue.message).toMatch(
      new RegExp(
        `^water_conservation\\.physical \\(tianfu, 2022\\): given in .*observations\\.csv line ${line}; source: GIS \\(test\\) and also computed by its formula \\(`,
      ),
    );
    expect(issue.message).toContain('given: { precedence: { water_conservation: given } }');
  });

  it('given: { precedence: given }: the given value wins and the computed one is kept beside it', () => {
    const r = runAccount({ dataset: givenDataset({ rows: [extra], manifest: 'given: { precedence: given }' }) });
    const computed = ry(sample, 2022).current.values.get('water_conservation.physical')!.value;
    expect(str(ry(r, 2022).current.values.get('water_conservation.physical')!.value)).toBe('62000000');
    const d = r.account.diagnostics.find((x) => x.code === 'given_over_computed')!;
    expect(d.indicator).toBe('water_conservation.physical');
    expect(d.message).toContain(`the formula gives ${str(computed)} m3 (given − computed = ${str(dec('62000000').minus(computed))})`);
    // the other years are computed as before
    expect(str(ry(r, 2021).services.find((s) => s.id === 'water_conservation')!.money)).toBe(
      str(ry(sample, 2021).services.find((s) => s.id === 'water_conservation')!.money),
    );
  });

  it('precedence by service: computed wins, the given value is noted as not used', () => {
    const r = runAccount({ dataset: givenDataset({ rows: [extra], manifest: 'given: { precedence: { water_conservation: computed } }' }) });
    const v = ry(r, 2022).current.values.get('water_conservation.physical')!;
    expect(str(v.value)).toBe(str(ry(sample, 2022).current.values.get('water_conservation.physical')!.value));
    expect(v.origin).toBeUndefined();
    expect(r.account.diagnostics.some((x) => x.code === 'given_unused' && x.indicator === 'water_conservation.physical')).toBe(true);
  });

  it('a total given while a computed value reads its breakdown is an error naming both, not a silent zero', () => {
    const dir = givenDataset({ rows: ['tianfu,2022,pest_control,,30000,ha,test'], manifest: 'given: { precedence: given }' });
    expect(() => runAccount({ dataset: dir })).toThrow(
      /pest_control\.money \(tianfu, 2022\): pest_control\.money reads pest_control\.physical by ecosystem_type, but pest_control\.physical is given as a total only/,
    );
  });
});

describe('given rows are checked as they load', () => {
  const load = (rows: string[], manifest?: string) => loadDataset(givenDataset({ rows, ...(manifest ? { manifest } : {}) }), model);
  const issues = (rows: string[], manifest?: string) => {
    try {
      load(rows, manifest);
      return [];
    } catch (e) {
      return (e as IssuesError).issues.map((i) => `${i.code} ${i.column ?? i.path ?? ''}: ${i.message}`);
    }
  };

  it('every problem at once: unknown key, a key the service does not count, unit, total and keys mixed, overlap, precedence', () => {
    const found = issues(
      [
        'tianfu,2022,carbon_sequestration,savanna,1,tCO2,x',
        'tianfu,2022,carbon_sequestration,paddy,1,tCO2,x',
        'tianfu,2022,water_conservation.physical,,1,t,x',
        'tianfu,2021,water_conservation,,1,m3,x',
        'tianfu,2021,water_conservation,coniferous_forest,1,m3,x',
        'tianfu,2020,carbon_sequestration,forest,1,tCO2,x',
        'tianfu,2020,carbon_sequestration,coniferous_forest,1,tCO2,x',
      ],
      'given: { precedence: { water_conservaton: given } }',
    );
    expect(found).toEqual([
      expect.stringMatching(/^key_unknown key: unknown key of ecosystem_type "savanna"/),
      expect.stringMatching(/^given_key key: carbon_sequestration\.physical does not count ecosystem_type "paddy"/),
      expect.stringMatching(/^unit_mismatch unit: water_conservation\.physical is in m3; "t" cannot be converted to it/),
      expect.stringMatching(
        /^given_key key: water_conservation\.physical is given as a total on line \d+: give either the total or its breakdown/,
      ),
      expect.stringMatching(/^given_key key: "coniferous_forest" and "forest" overlap/),
      expect.stringMatching(/^variable_unknown given\.precedence\.water_conservaton: .*did you mean "water_conservation"/),
    ]);
  });

  it('units are converted exactly to the indicator’s; a level-1 class is a key', () => {
    const ds = load(['tianfu,2022,water_conservation,,62000000000,L,x', 'tianfu,2022,carbon_sequestration,forest,1500,kgCO2,x']);
    expect(str(ds.given!('tianfu', 2022)!.get('water_conservation.physical')!.get('')!.value)).toBe('62000000');
    expect(str(ds.given!('tianfu', 2022)!.get('carbon_sequestration.physical')!.get('forest')!.value)).toBe('1.5');
    // a yearbook unit, through the one unit reader (engine/core/units.ts)
    const yearbook = load(['tianfu,2022,water_conservation,,0.62,亿m3,x']);
    expect(str(yearbook.given!('tianfu', 2022)!.get('water_conservation.physical')!.get('')!.value)).toBe('62000000');
  });

  it('a bare service id in a unit that is not the service’s is another model’s input: a warning, not a given value', () => {
    // esv-equivalent-2015 has a service water_supply (an area); the sample's water_supply rows (m3) are cn-gep-2022's input
    const esv = loadDataset(givenDataset(), loadModel('esv-equivalent-2015'));
    expect(esv.given).toBeUndefined();
    expect(esv.warnings.find((w) => w.message.startsWith('"water_supply" is not an input'))?.message).toContain(
      'its unit "m3" does not fit; the row is not used (write water_supply.physical to give the quantity)',
    );
  });

  it('an unknown variable is still a warning, now with a suggestion among inputs and indicators', () => {
    const ds = load(['tianfu,2022,water_conservaton,,1,m3,x']);
    expect(ds.warnings.map((w) => w.message)).toContain(
      '"water_conservaton" is not an input or indicator of cn-gep-2022@1.0.0; the row is not used (did you mean "water_conservation"?)',
    );
  });
});
