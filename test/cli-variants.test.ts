import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compute, plan } from '../runs/registry.ts';
import { fileSources } from '../runs/sources.ts';
import { copySample } from './fixtures/sample-copy.ts';
import { gep } from './helpers/gep-cli.ts';

// Choosing method variants on the command line and in scenarios, and the choice in every GEP kind's identity.
// The numbers are the hand calculations of test/model/variants.test.ts (the sample's 2022 extent).

const V11 = 'cn-gep-2022@1.1.0';

/** The sample with 5,000 ha of coniferous forest under natural pest control in 2022, and the dataset choosing that variant. */
function naturalControlSample(): string {
  const dir = copySample('gep-cli-variants-');
  appendFileSync(join(dir, 'observations.csv'), 'tianfu,2022,natural_control_area,coniferous_forest,5000,ha,test\n');
  appendFileSync(join(dir, 'dataset.yaml'), 'method: { pest_control: natural_control_area }\n');
  return dir;
}
function scenarioFile(dir: string, extra: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'gep-scn-')), 'scenario.yaml');
  writeFileSync(file, `id: choice\nlabel: a method choice\nbase: { model: ${V11}, dataset: ${JSON.stringify(dir)} }\n${extra}`);
  return file;
}
const pestArea = (r: Awaited<ReturnType<typeof compute<'gep'>>>) =>
  r.account.regionYears[0]!.current.values.get('pest_control.physical')!.value.toString();

describe('--variant and --covers', () => {
  it('gep explain shows the variant chosen, with its source beside the formula', async () => {
    const dir = naturalControlSample();
    const r = await gep(
      'explain',
      'pest_control.physical',
      '-r',
      'tianfu',
      '-y',
      '2022',
      '-m',
      V11,
      '-d',
      dir,
      '--variant',
      'pest_control=all_area',
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('pest_control.physical = 36,850 ha'); // the command line wins over the dataset's natural_control_area
    expect(r.stdout).toMatch(/method: pest_control = all_area \(default\), All forest and grassland area .*source: MEE 2020/);
    const d = await gep('explain', 'pest_control.physical', '-r', 'tianfu', '-y', '2022', '-m', V11, '-d', dir);
    expect(d.stdout).toContain('pest_control.physical = 5,000 ha');
    expect(d.stdout).toMatch(/pest_control = natural_control_area, Area under natural control .*source: NDRC–NBS 2022/);
  });

  it('gep account writes the method into the run block, the summary and the result', async () => {
    const out = mkdtempSync(join(tmpdir(), 'gep-out-'));
    const r = await gep('account', '-m', V11, '--years', '2022', '--covers', 'pest_control=forest', '--no-trace', '-o', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /method: variants water_conservation=region_precipitation, .*; covers pest_control=coniferous_forest,mixed_forest,broadleaf_forest/,
    );
    const id = /run ([0-9a-f]{16})/.exec(r.stdout)![1]!;
    const doc = JSON.parse(readFileSync(join(out, id, 'result.json'), 'utf8'));
    expect(doc.run.method.covers).toEqual({ pest_control: ['coniferous_forest', 'mixed_forest', 'broadleaf_forest'] });
    expect(doc.model.services.find((s: { id: string }) => s.id === 'pest_control')).toMatchObject({
      variant: { id: 'all_area' },
      covers: ['coniferous_forest', 'mixed_forest', 'broadleaf_forest'],
    });
    expect(readFileSync(join(out, id, 'summary.md'), 'utf8')).toMatch(
      /Pest and disease control .*Ecosystem types counted: Coniferous forest/,
    );
  });

  it('gep validate dry-runs the variants chosen (their inputs are needed) and gep models lists the variants', async () => {
    const ok = await gep('validate', '-m', V11);
    expect(ok.status).toBe(0);
    const npp = await gep('validate', '-m', V11, '--variant', 'oxygen_release=npp');
    expect(npp.status).toBe(2);
    expect(npp.stderr).toMatch(/input "npp" \(t\/ha by ecosystem_type\) has no rows for region "tianfu".*needed by oxygen_release/);
    expect((await gep('models')).stdout).toMatch(/cn-gep-2022@1\.1\.0[\s\S]*oxygen_release[\s\S]*variants: nep \(default\), npp/);
  });

  it('refuses an unknown variant with exit code 2, naming the option and the variants that exist', async () => {
    const r = await gep('explain', 'oxygen_release', '-r', 'tianfu', '-y', '2022', '-m', V11, '--variant', 'oxygen_release=ppn');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--variant.*oxygen_release has no variant "ppn".*did you mean "npp".*its variants are nep, npp/);
    const bad = await gep('explain', 'oxygen_release', '-r', 'tianfu', '-y', '2022', '--variant', 'oxygen_release');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/write <service>=<variant>/);
  });
});

describe('precedence and identity across the GEP kinds', () => {
  it('command line > scenario > dataset > model default', async () => {
    const dir = naturalControlSample();
    const sources = fileSources();
    const run = async (o: object) => compute(await plan('gep', { years: [2022], ...o }, sources));
    expect(pestArea(await run({ model: V11, dataset: dir }))).toBe('5000'); // the dataset's choice
    const scenario = scenarioFile(dir, 'method: { pest_control: all_area }\n');
    expect(pestArea(await run({ scenario }))).toBe('36850'); // the scenario's over the dataset's
    expect(pestArea(await run({ scenario, method: { pest_control: 'natural_control_area' } }))).toBe('5000'); // the request's over both
  });

  it('a variant changes the id of every GEP kind; an explicit default does not', async () => {
    const sources = fileSources();
    const ids = async (o: object) =>
      Promise.all([
        plan('gep', { model: V11, ...o }, sources),
        plan('dual', { model: V11, ...o }, sources),
        plan('uncertainty', { model: V11, draws: 2, seed: 1, ...o }, sources),
        plan('batch', { model: V11, ...o }, sources),
      ]).then((ps) => ps.map((p) => p.id));
    const none = await ids({});
    const explicit = await ids({ method: { oxygen_release: 'nep' }, covers: { pest_control: ['forest', 'grassland'] } });
    const chosen = await ids({ method: { oxygen_release: 'npp' } });
    const covered = await ids({ covers: { pest_control: ['forest'] } });
    expect(explicit).toEqual(none);
    expect(new Set([...none, ...chosen, ...covered]).size).toBe(12);
    for (let n = 0; n < none.length; n++) {
      expect(chosen[n]).not.toBe(none[n]);
      expect(covered[n]).not.toBe(none[n]);
    }
  });

  it('batch and uncertainty compute under the method chosen (a worker chooses it again from the spec)', async () => {
    const sources = fileSources();
    const batch = async (o: object) =>
      (await compute(await plan('batch', { model: V11, synthetic: { regions: 2, years: [2022] }, ...o }, sources))).totals['2022']!.gep;
    const forestOnly = { covers: { pest_control: ['forest'] } };
    // the sample's pest control counts 3,900 ha of grassland (shrub_grass) that forest-only coverage leaves out
    expect((await batch(forestOnly)).lt(await batch({}))).toBe(true);
    const mc = async (o: object) => compute(await plan('uncertainty', { model: V11, draws: 2, seed: 1, ...o }, sources));
    const [a, b] = [await mc({}), await mc(forestOnly)];
    expect(b.meta.method?.covers).toEqual({ pest_control: ['coniferous_forest', 'mixed_forest', 'broadleaf_forest'] });
    expect(a.meta.id).not.toBe(b.meta.id);
  });
});
