import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gep } from './helpers/gep-cli.ts';

/**
 * Real refusals through the gep command, one per class of issue code (engine/core/issue-codes.ts) that the CLI can
 * meet: each exits by its class (cli/exit-codes.ts) and prints the code.
 */
const tmp = mkdtempSync(join(tmpdir(), 'gep-refusals-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the CLI exits by the class of the refusal (in-process, through main)', () => {
  it('input: dual control without its base year exits 2 (it exited 1 with a bare Error)', async () => {
    // the sample's dual-control base year is 2020 (cli/commands/carbon.ts --base-year default); 2021–2022 lack it
    const r = await gep('carbon', 'dualcontrol', '--years', '2021,2022');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/dual control needs its base year 2020 .*\[base_year_unknown\]/);
  });

  it('not_found: a model that does not exist exits 2', async () => {
    const r = await gep('account', '-m', 'no-such-model', '--years', '2022');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('[not_found]');
  });

  it('conflict: a template into a folder that holds a dataset exits 2 and leaves it alone', async () => {
    writeFileSync(join(tmp, 'dataset.yaml'), 'id: mine\n');
    const r = await gep('template', tmp, '--years', '2022');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/already holds a dataset.*\[dataset_exists\]/);
    expect(readFileSync(join(tmp, 'dataset.yaml'), 'utf8')).toBe('id: mine\n');
  });

  it("commander's own refusal (an unknown option) exits 2", async () => {
    const r = await gep('account', '--no-such-option');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown option '--no-such-option'");
  });

  it('a fault that is not the input (the folder cannot be made: its parent is a file) exits 1', async () => {
    const r = await gep('template', join(tmp, 'dataset.yaml', 'new'), '--years', '2022');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^gep: /);
  });
});
