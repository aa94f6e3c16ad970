import { describe, expect, it } from 'vitest';
import { loadModel, listModels } from '../../models/load.ts';
import { indicatorLabel, keyLabel, LABELS } from '../../reports/labels.ts';
import { resultRows } from '../../reports/results-csv.ts';
import { runAccount } from '../../lib/run.ts';
import { dualRows, runDual } from '../../lib/dual.ts';
import { carbonRows } from '../../lib/carbon-rows.ts';
import { runCarbon } from '../../lib/carbon-run.ts';

describe('labels: every word in Chinese and English', () => {
  it('the label table has both languages for every entry, and they differ', () => {
    for (const [key, l] of Object.entries(LABELS)) {
      expect(l.zh.trim(), key).not.toBe('');
      expect(l.en.trim(), key).not.toBe('');
      expect(/[\u4e00-\u9fff]/.test(l.zh), `${key} zh has Chinese`).toBe(true);
    }
  });

  /** Models whose inputs the sample does not have, with the dataset shipped for them. */
  const OWN_DATASET: Record<string, string> = { 'park-city-gep-2023': 'datasets/tianfu-park-city' };

  it('every indicator a run can emit has a zh and an en label (not its id)', () => {
    for (const id of listModels()) {
      const model = loadModel(id);
      const run = runAccount({ model: id, years: [2022], ...(OWN_DATASET[id] ? { dataset: OWN_DATASET[id] } : {}) });
      const ids = new Set(
        resultRows(run)
          .filter((r) => r.level !== 'detail')
          .map((r) => r.indicator),
      );
      for (const ind of ids) {
        const zh = indicatorLabel(model, ind, 'zh'),
          en = indicatorLabel(model, ind, 'en');
        expect(zh, `${id} ${ind} zh`).not.toBe(ind);
        expect(en, `${id} ${ind} en`).not.toBe(ind);
        expect(/[\u4e00-\u9fff]/.test(zh), `${id} ${ind} zh is Chinese`).toBe(true);
      }
      if (id === 'cn-gep-2022') {
        for (const ind of new Set([...dualRows(runDual({ years: [2021, 2022] })), ...carbonRows(runCarbon({}))].map((r) => r.indicator))) {
          expect(indicatorLabel(model, ind, 'zh'), ind).not.toBe(ind);
          expect(indicatorLabel(model, ind, 'en'), ind).not.toBe(ind);
        }
      }
      for (const k of model.dims.get('ecosystem_type')?.keys ?? []) {
        expect(keyLabel(model, 'ecosystem_type', k, 'zh')).not.toBe(k);
        expect(keyLabel(model, 'ecosystem_type', k, 'en')).not.toBe(k);
      }
    }
  });
});
