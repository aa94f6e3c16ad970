import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keptReports } from '../../cli/report-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'gep-kept-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Review (rev-reports): `gep carbon all --report en` into the run folder of an earlier `--report zh` removed
// report-zh.*, because the run folder is written whole. The reports already there are written back with it.
describe('the reports already in a run folder are kept when it is written again', () => {
  it('keeps report-<lang>.html and .xlsx, nothing else', () => {
    const run = join(dir, 'abc');
    mkdirSync(run);
    writeFileSync(join(run, 'report-zh.html'), '<html>zh</html>');
    writeFileSync(join(run, 'report-zh.xlsx'), Buffer.from([1, 2, 3]));
    writeFileSync(join(run, 'carbon.json'), '{}');
    writeFileSync(join(run, 'report-fr.html'), 'x');
    const kept = keptReports(run);
    expect(Object.keys(kept).sort()).toEqual(['report-zh.html', 'report-zh.xlsx']);
    expect(kept['report-zh.html']!.toString()).toBe('<html>zh</html>');
  });
  it('a folder not yet written keeps nothing', () => {
    expect(keptReports(join(dir, 'missing'))).toEqual({});
  });
});
