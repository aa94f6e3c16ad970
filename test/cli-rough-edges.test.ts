import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gep } from './helpers/gep-cli.ts';

/** Analyst-facing rough edges met in account, explain and template (issue 10 item 7, point 5). */
const tmp = mkdtempSync(join(tmpdir(), 'gep-rough-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('gep explain', () => {
  it('an unknown indicator gets a suggestion (a misspelt service, a cut-off suffix)', async () => {
    const a = await gep('explain', 'water_conservaton', '-r', 'tianfu', '-y', '2022');
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('unknown indicator "water_conservaton" (did you mean "water_conservation"?)');
    const b = await gep('explain', 'water_conservation.phys', '-r', 'tianfu', '-y', '2022');
    expect(b.stderr).toContain('(did you mean "water_conservation.physical"');
  });

  it('a year the dataset lacks is one problem, not also a base-year one (no --base-year was given)', async () => {
    const r = await gep('explain', 'water_conservation', '-r', 'tianfu', '-y', '2019');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('1 problem in the run');
    expect(r.stderr).toContain("2019 is not among the dataset's years (2020, 2021, 2022) [year_unknown]");
    expect(r.stderr).not.toContain('base_year_unknown');
  });
});

describe('gep template', () => {
  it('refuses a folder that holds a dataset without repeating the path', async () => {
    const dir = join(tmp, 't');
    expect((await gep('template', dir, '--years', '2022')).status).toBe(0);
    const again = await gep('template', dir, '--years', '2022');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(
      `  - ${dir}: the folder already holds a dataset (dataset.yaml); choose an empty folder or another --region [dataset_exists]`,
    );
  });
});
