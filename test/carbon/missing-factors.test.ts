/**
 * A missing carbon factor is an issue naming the factor, what needed it and the year — never a silent zero
 * (issue 9: the `?? ZERO` fallbacks of the footprint's clean-energy share and the LMDI energy are gone).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { type FactorSet, compileFactorSet } from '../../engine/carbon/factors.ts';
import { footprints } from '../../engine/carbon/footprint.ts';
import { type Activity, inventoryRegionYear } from '../../engine/carbon/inventory.ts';
import { dec, str } from '../../engine/core/decimal.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import { runCarbon } from '../../lib/carbon-run.ts';
import { MODELS_DIR } from '../../models/load.ts';

const CN = join(MODELS_DIR, 'cn-carbon-factors', 'factors.yaml');
/** The shipped factor set as data, edited, compiled as a draft. */
function setWith(edit: (d: Record<string, any>) => void): { data: Record<string, any>; set: FactorSet } {
  const data = YAML.parse(readFileSync(CN, 'utf8'));
  data.status = 'draft';
  edit(data);
  const { set, issues } = compileFactorSet(data, 'test');
  expect(issues).toEqual([]);
  return { data, set: set! };
}
const grid = { geography: 'sichuan', kind: 'average', vintage: 'year' as const };
const a = (kind: Activity['kind'], item: string, sector: string, amount: string): Activity => ({ kind, item, sector, amount: dec(amount) });

describe('the inventory', () => {
  it('names the fuel, the sectors that burnt it and the year when its factors have ended', () => {
    const { set } = setWith((d) => {
      d.fuels.raw_coal.entries[0].until = 2019;
    });
    const acts = [
      a('fuel', 'raw_coal', 'nonmetal_minerals', '100'),
      a('fuel', 'raw_coal', 'chemicals', '50'),
      a('fuel', 'diesel', 'transport', '10'),
    ];
    expect(inventoryRegionYear(set, 'r', 2019, acts, { grid }).issues).toEqual([]);
    const { issues, scope1 } = inventoryRegionYear(set, 'r', 2020, acts, { grid });
    // one issue per fuel and region-year (naming each of its factors that ended), not one per activity line
    expect(issues.map((i) => i.code)).toEqual(['parameter_ended']);
    const m = issues[0]!.message;
    expect(m).toMatch(/^r 2020: cn-carbon-factors@1\.2\.0: factor "fuel\.raw_coal\.ncv" ended in 2019/);
    for (const f of ['cc', 'of', 'sce']) expect(m).toContain(`factor "fuel.raw_coal.${f}" ended in 2019`);
    expect(m).toMatch(/\(needed for fuel raw_coal in nonmetal_minerals; fuel raw_coal in chemicals\)$/);
    // what could be computed is (diesel: 10 t × 42.652 GJ/t × 0.0202 tC/GJ × 0.98 × 44/12, stored at 12 places), but the
    // inventory carries the issues and its callers refuse it
    expect(str(scope1)).toBe('30.959096373333');
  });
});

describe('the clean-energy share of a footprint', () => {
  const park = { id: 'p', kind: 'park' as const, name: 'P', baseYear: 2021, targetYear: 2025, targetReduction: dec('0.2') };
  const { set } = setWith((d) => {
    d.electricity.sce_calorific[0].until = 2020;
  });
  const run = (activity: Activity[]) => footprints(set, [park], [{ entity: 'p', period: '2022', year: 2022, activity }], { grid });

  it('needs the electricity standard-coal factor when there is renewable electricity: an issue naming it, the entity and the year', () => {
    const r = run([a('fuel', 'natural_gas', 'electronics', '1000000'), a('renewable', 'hydro', '', '500')]);
    expect(r.issues.map((i) => i.code)).toEqual(['parameter_ended']);
    expect(r.issues[0]!.message).toMatch(
      /^p 2022: cn-carbon-factors@1\.2\.0: factor "electricity\.sce" ended in 2020 .*\(needed for the clean-energy share\)$/,
    );
  });

  it('is zero by definition without renewable electricity: 0 MWh is 0 tce whatever the factor, so none is needed', () => {
    const r = run([a('fuel', 'natural_gas', 'electronics', '1000000')]);
    expect(r.issues).toEqual([]);
    expect(str(r.footprints[0]!.years[0]!.cleanShare!)).toBe('0');
  });
});

describe('a carbon run', () => {
  it('is refused when the electricity standard-coal factor has ended, naming it and each year that needed it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gep-factors-'));
    cpSync(join(MODELS_DIR, 'cn-carbon-factors'), dir, { recursive: true });
    const { data } = setWith((d) => {
      d.electricity.sce_calorific[0].until = 2020;
    });
    writeFileSync(join(dir, 'factors.yaml'), YAML.stringify(data));
    let issues: { code: string; message: string }[] = [];
    try {
      runCarbon({ factors: dir, parts: ['inventory', 'decompose'], years: [2020, 2021, 2022] });
    } catch (e) {
      if (e instanceof IssuesError) issues = e.issues;
      else throw e;
    }
    expect(issues.map((i) => [i.code, i.message.split(':')[0]])).toEqual([
      ['parameter_ended', 'tianfu 2021'],
      ['parameter_ended', 'tianfu 2022'],
    ]);
    expect(issues[0]!.message).toMatch(
      /factor "electricity\.sce" ended in 2020.*needed for electricity \(tce\); own renewable electricity \(tce\)/,
    );
  });
});
