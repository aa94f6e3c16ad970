/**
 * The territorial and consumption views as the zh/en reports head them (reports/carbon-section.ts): the views
 * table heads its consumption column with the carbon.gross label and its last column "属地口径−消费口径", so the
 * consumption column must say it is the consumption view (消费口径), not only "gross emissions".
 */
import { describe, expect, it } from 'vitest';
import { INDICATOR_LABELS } from '../../reports/labels.ts';

describe('the views as the zh/en report names them', () => {
  it('the consumption column says it is the consumption view (消费口径), as the difference column names it', () => {
    expect(INDICATOR_LABELS['carbon.view_difference']!.zh).toContain('消费口径');
    expect(INDICATOR_LABELS['carbon.gross']!.zh).toContain('消费口径');
    expect(INDICATOR_LABELS['carbon.gross']!.en).toMatch(/consumption view/i);
    expect(INDICATOR_LABELS['carbon.territorial']!.zh).toContain('属地口径');
  });
});
