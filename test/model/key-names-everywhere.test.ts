/**
 * Every key cell and list reads names through the one resolver (engine/model/key-names.ts): given rows,
 * coefficients.csv, scenario input and given overrides, `covers` lists. Names and aliases are the classification's
 * (models/classifications/ecosystem-type.yaml: 林地 → forest, 针叶林地 → coniferous_forest, 针叶林 is the label).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { str } from '../../engine/core/decimal.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import { loadDataset } from '../../datasets/load.ts';
import { runAccount } from '../../lib/run.ts';
import { loadScenario, runScenario } from '../../lib/scenario.ts';
import { loadModel } from '../../models/load.ts';
import { givenDataset } from '../fixtures/given-dataset.ts';
import { copySample, writeLines } from '../fixtures/sample-copy.ts';

const model = loadModel('cn-gep-2022');
const messages = (f: () => unknown): string[] => {
  try {
    f();
    return [];
  } catch (e) {
    if (!(e instanceof IssuesError)) throw e;
    return e.issues.map((i) => `${i.code} ${i.column ?? i.path ?? ''}: ${i.message}`);
  }
};

describe('given rows read their key like any key cell', () => {
  it('a Chinese class name and an alias are the keys, each mapping noted', () => {
    const ds = loadDataset(
      givenDataset({
        rows: ['tianfu,2022,carbon_sequestration,林地,1500,tCO2,x', 'tianfu,2021,carbon_sequestration,针叶林地,700,tCO2,x'],
      }),
      model,
    );
    expect(str(ds.given!('tianfu', 2022)!.get('carbon_sequestration.physical')!.get('forest')!.value)).toBe('1500');
    expect(str(ds.given!('tianfu', 2021)!.get('carbon_sequestration.physical')!.get('coniferous_forest')!.value)).toBe('700');
    expect(ds.notes.some((n) => n.includes('林地 → forest'))).toBe(true);
    expect(ds.notes.some((n) => n.includes('针叶林地 → coniferous_forest'))).toBe(true);
  });

  it('an unknown name gets the closest names', () => {
    const found = messages(() => loadDataset(givenDataset({ rows: ['tianfu,2022,carbon_sequestration,forst,1,tCO2,x'] }), model));
    expect(found).toEqual([expect.stringMatching(/^key_unknown key: unknown key of ecosystem_type "forst" \(did you mean .*"forest"/)]);
  });
});

describe('coefficients.csv reads its key like any key cell', () => {
  const withCoefficients = (lines: string[]) => {
    const dir = copySample('gep-keys-');
    writeLines(dir, 'coefficients.csv', ['region,coefficient,key,from,value,unit,source', ...lines]);
    const manifest = readFileSync(join(dir, 'dataset.yaml'), 'utf8').replace('files:\n', 'files:\n  coefficients: coefficients.csv\n');
    writeFileSync(join(dir, 'dataset.yaml'), manifest);
    return dir;
  };

  it('林地 is forest (a level-1 class), the mapping noted', () => {
    const ds = loadDataset(withCoefficients(['tianfu,cover_factor,林地,2010,0.01,1,survey']), model);
    expect([...ds.localCoefficients!.get('cover_factor')!.keys()]).toEqual(['tianfu\0forest']);
    expect(ds.notes.some((n) => n.includes('林地 → forest'))).toBe(true);
  });

  it('an unknown name gets the closest names and names the coefficient', () => {
    const found = messages(() => loadDataset(withCoefficients(['tianfu,cover_factor,forrest,2010,0.01,1,survey']), model));
    expect(found).toEqual([
      expect.stringMatching(/^key_unknown key: unknown key of ecosystem_type "forrest" \(did you mean .*"forest".*for cover_factor$/),
    ]);
  });
});

describe('scenario overrides read their key like any key cell', () => {
  const base = { model: 'cn-gep-2022@1.0.0', dataset: 'tianfu-sample' };
  it('an input override keyed 针叶林 (the label) changes coniferous_forest, and the run notes the mapping', () => {
    const s = loadScenario({
      id: 'nep',
      label: 'nep',
      base,
      overrides: { inputs: [{ input: 'nep', key: '针叶林', from: 2022, scale: '2', source: 'test' }] },
    });
    const r = runScenario(s, { years: [2022] });
    const plain = runAccount({ years: [2022] });
    const by = (x: typeof r) => x.account.regionYears[0]!.current.values.get('carbon_sequestration.physical')!.by!;
    expect(str(by(r).get('coniferous_forest')!)).toBe(str(by(plain).get('coniferous_forest')!.mul(2)));
    expect(str(by(r).get('mixed_forest')!)).toBe(str(by(plain).get('mixed_forest')!));
    expect(r.meta.scenario_notes).toContain('overrides.inputs[0].key: key of ecosystem_type 针叶林 → coniferous_forest');
  });

  it('an unknown key of an input or a given override gets suggestions', () => {
    const s = loadScenario({
      id: 'bad',
      label: 'bad',
      base,
      overrides: {
        inputs: [
          { input: 'carbon_sequestration', key: 'forst', from: 2022, value: '1', unit: 'tCO2', source: 'test' },
          { input: 'nep', key: 'conifer_forst', from: 2022, scale: '2', source: 'test' },
        ],
      },
    });
    const found = messages(() => runScenario(s, { years: [2022] }));
    expect(found).toEqual([
      expect.stringMatching(/^key_unknown overrides\.inputs\[0\]\.key: unknown key of ecosystem_type "forst" \(did you mean/),
      expect.stringMatching(
        /^key_unknown overrides\.inputs\[1\]\.key: unknown key of ecosystem_type "conifer_forst" \(did you mean "conifer_forest" \(coniferous_forest\)/,
      ),
    ]);
  });

  it('a given override keyed 林地 gives forest', () => {
    const s = loadScenario({
      id: 'given',
      label: 'given',
      base,
      overrides: { inputs: [{ input: 'carbon_sequestration', key: '林地', from: 2022, value: '1000', unit: 'tCO2', source: 'test' }] },
    });
    const r = runScenario(s, { years: [2022] });
    expect(r.meta.scenario_notes).toContain(
      "overrides.inputs[0].key: key of ecosystem_type 林地 → forest (level-1 class 森林: its coefficients are the class's)",
    );
  });
});

describe('covers lists read names like any key cell', () => {
  it('林地 covers the forest types as "forest" does: the same method and run', () => {
    const zh = runAccount({ years: [2022], covers: { pest_control: ['林地'] } });
    expect(zh.meta.method?.covers).toEqual({ pest_control: ['coniferous_forest', 'mixed_forest', 'broadleaf_forest'] });
    expect(zh.meta.id).toBe(runAccount({ years: [2022], covers: { pest_control: ['forest'] } }).meta.id);
  });

  it('an unknown name gets the closest names', () => {
    const found = messages(() => runAccount({ years: [2022], covers: { pest_control: ['forst'] } }));
    expect(found).toEqual([
      expect.stringMatching(/^covers_invalid .*unknown ecosystem_type or level-1 class "forst" \(did you mean .*"forest"/),
    ]);
  });
});
