import { givenWhere } from '../engine/eval/given.ts';
import type { AccountRun } from '../lib/run.ts';

/** The mark a report puts beside a value the dataset (or a scenario) gave instead of the formula computing it. */
export const GIVEN_MARK = '‡';

/** Is this indicator's value in this region-year given? */
export function isGiven(run: AccountRun, region: string, year: number, indicator: string): boolean {
  const ry = run.account.regionYears.find((r) => r.region === region && r.year === year);
  return ry?.current.values.get(indicator)?.origin === 'given';
}

/** One line per given value: region, year, indicator and key, and the row that gave it (file, line, source). */
export function givenNotes(run: AccountRun): { region: string; year: number; indicator: string; key: string; where: string }[] {
  const out: { region: string; year: number; indicator: string; key: string; where: string }[] = [];
  for (const ry of run.account.regionYears) {
    for (const [id, iv] of ry.current.values) {
      if (iv.origin !== 'given') continue;
      const rows = ry.current.traces?.get(id)?.given;
      if (!rows) out.push({ region: ry.region, year: ry.year, indicator: id, key: '', where: '' });
      for (const g of rows ?? [])
        out.push({
          region: ry.region,
          year: ry.year,
          indicator: id,
          key: g.key,
          where: `${g.row.value} ${g.row.unit}, ${givenWhere(g.row)}`,
        });
    }
  }
  return out;
}
