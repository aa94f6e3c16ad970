import { describe, expect, it } from 'vitest';
import { outsideNote, type FinanceRun } from '../../lib/finance.ts';
import { run } from '../../runs/registry.ts';
import { fileSources } from '../../runs/sources.ts';

// Stop-10 note: "rights.csv and loans.csv rows for years the run does not cover are not counted, and nothing says
// so". The sample's rights.csv has 2 rows of 2021 (lines 2 and 3) and 8 of 2022; loans.csv has rows of 2021 and 2022.
describe('a finance run says which ledger rows it leaves out (never drop a row silently)', () => {
  it('a run of 2022 only lists the 2021 rows of rights.csv and loans.csv by line', async () => {
    const fin = (await run('finance', { years: [2022] }, fileSources())) as FinanceRun;
    const notes = fin.meta.finance_notes.filter((n) => n.includes('outside the run'));
    expect(notes[0]).toBe("rights.csv: lines 2, 3 (tianfu; 2021) are outside the run's regions and years and not counted");
    expect(notes[1]).toMatch(/^loans\.csv: lines? [\d, ]+ \(tianfu; 2021\) (is|are) outside the run's regions and years and not counted$/);
    expect(fin.valued.map((v) => v.row.year)).toEqual(Array(8).fill(2022)); // the 8 rows of 2022, valued
  }, 120_000);

  it('says nothing when every row is in the run', () => {
    expect(outsideNote('rights.csv', [{ line: 2, region: 'a', year: 2022 }], () => true)).toBeUndefined();
    expect(outsideNote('x.csv', [{ line: 7, region: 'b', year: 2019 }], () => false)).toBe(
      "x.csv: line 7 (b; 2019) is outside the run's regions and years and not counted",
    );
  });
});
