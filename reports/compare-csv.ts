import { stringify } from 'csv-stringify/sync';
import { COMPARE_COLUMNS, type CompareLine, compareCells } from '../lib/compare.ts';

/** comparison.csv: one line per indicator × region × year × price basis (and key) and scenario — reference, scenario, Δ, Δ %. */
export function comparisonCsv(lines: CompareLine[]): string {
  return stringify(lines.map(compareCells), { header: true, columns: [...COMPARE_COLUMNS], record_delimiter: '\n' });
}
