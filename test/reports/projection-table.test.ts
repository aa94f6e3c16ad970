/** Review: the projection table's year columns are the run's target year and horizon, not the literals 2030 and 2060. */
import { expect, it } from 'vitest';
import { runCarbon } from '../../lib/carbon-run.ts';
import { carbonTables } from '../../reports/carbon.ts';

const projectionTable = (projection: { toYear?: number; targetYear?: number }) =>
  carbonTables(runCarbon({ parts: ['inventory', 'project'], projection })).find((t) => t.title.startsWith('Projection'))!.table;

it('heads the columns with the target year and the horizon asked for, and blanks a target year beyond the horizon', () => {
  const t = projectionTable({ toYear: 2050, targetYear: 2035 });
  expect(t.head.slice(6, 8)).toEqual(['2035', '2050']);
  const short = projectionTable({ toYear: 2028, targetYear: 2030 });
  expect(short.head.slice(6, 8)).toEqual(['2030 (after the horizon)', '2028']);
  for (const row of short.rows) expect(row[6]).toBe(''); // no projected 2030: not "0.0"
});

it('keeps 2030 and 2060 under the defaults', () => {
  expect(projectionTable({}).head.slice(6, 8)).toEqual(['2030', '2060']);
});
