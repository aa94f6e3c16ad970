import { describe, expect, it } from 'vitest';
import { runCarbon } from '../../lib/carbon-run.ts';
import { runAccount } from '../../lib/run.ts';
import { renderReport } from '../../reports/render.ts';
import { runsReport } from '../../runs/report.ts';

/**
 * Seen on the screenshot of `npm start`'s report-zh.html (review r12): the carbon peak table read "路径 1 Baseline",
 * "路径 2 Low-carbon", "路径 3 Zero-carbon" — the engine's own default paths (engine/carbon/projection.ts), whose
 * zh names exist (reports/xlsx-labels.ts PATH_LABELS, labels.ts baseline), shown as if the data had named them in
 * English only. zh-no-english.test.ts let it pass because a lang="en" span is treated as a name from the data.
 */
describe('the zh report names the built-in projection paths in Chinese', () => {
  it('the built-in projection paths have Chinese names in the zh report (no "Baseline", "Low-carbon")', async () => {
    const html = (await renderReport(
      'html',
      runsReport([
        { kind: 'gep', result: runAccount({}) },
        { kind: 'carbon', result: runCarbon({}) },
      ]),
      'zh',
    )) as string;
    for (const w of ['Baseline', 'Low-carbon', 'Zero-carbon']) expect(html).not.toContain(`>${w}<`);
    for (const w of ['基准情景', '低碳情景', '零碳情景']) expect(html).toContain(w);
  }, 60_000);
});
