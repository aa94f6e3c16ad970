/**
 * The exact batch's rows are the dual run's indicator rows (lib/dual.ts runDual → dualIndicatorRows) of the same data,
 * region-year for region-year: a batch accounts GEP and the dual indicators as `gep dual` does, only in chunks (and
 * without the ΔGEP split, which no batch row shows).
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { runBatch } from '../lib/batch.ts';
import { dualIndicatorRows, runDual } from '../lib/dual.ts';
import { RESULT_COLUMNS, type ResultRow } from '../lib/rows.ts';

describe('the exact batch', () => {
  it("writes the dual run's indicator rows of the sample, byte for byte, then the scores", async () => {
    const b = await runBatch({ chunk: 1 });
    const dual = runDual({ trace: false });
    const expected = stringify(dualIndicatorRows(dual.dual, 'baseline', dual.meta.model), {
      header: true,
      columns: [...RESULT_COLUMNS],
      record_delimiter: '\n',
    });
    expect(b.csv!.startsWith(expected)).toBe(true);
    const rest = (parse(b.csv!, { columns: true }) as ResultRow[]).slice(expected.split('\n').length - 2);
    expect(new Set(rest.map((r) => r.level))).toEqual(new Set(['scorecard']));
  });
});
