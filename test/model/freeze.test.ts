import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listModels, loadModel, loadModelFromDir, MODELS_DIR, readLock } from '../../models/load.ts';

describe('published models are frozen', () => {
  it('every published model is recorded in models/published.lock.json with its current hash', () => {
    const lock = readLock();
    for (const id of listModels()) {
      const m = loadModelFromDir(join(MODELS_DIR, id));
      if (m.status === 'published')
        expect(lock[m.ref], `${m.ref}: run "npx tsx models/lock.ts" for a NEW version; never edit a published one`).toBe(m.hash);
    }
  });

  it('a published model whose content changed is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gep-model-'));
    cpSync(join(MODELS_DIR, 'cn-gep-2022'), dir, { recursive: true });
    const file = join(dir, 'coefficients.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('value: "7.06"', 'value: "7.07"'));
    expect(() => loadModel(dir)).toThrow(/cn-gep-2022@1.0.0 is published and frozen, but its content changed/);
  });

  it('a coefficient is in force from its year until a later entry supersedes it', () => {
    const m = loadModel('cn-gep-2022');
    const price = m.coefficients.get('electricity_price')!;
    expect(price.entries.map((e) => [e.from, e.scalar!.value.toString()])).toEqual([
      [2010, '0.53'],
      [2020, '0.5224'],
    ]);
  });
});
