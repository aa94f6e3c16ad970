import type { RunMeta } from '../lib/run.ts';

/**
 * The dataset's own coefficients a run used (run block `local_coefficients`), as rows for the reports' methods and
 * provenance sections: coefficient, region ("*" = all), key, from, value and unit (as written when converted),
 * price year of a money value, source, and where it is written.
 */
export function localCoefficientRows(meta: RunMeta): string[][] {
  return (meta.local_coefficients ?? []).map((c) => [
    c.coefficient,
    c.region,
    c.key,
    String(c.from),
    `${c.value} ${c.unit}${c.given ? ` (${c.given})` : ''}`,
    c.price_year === undefined ? '' : String(c.price_year),
    c.source,
    `${c.file}:${c.line}`,
  ]);
}
