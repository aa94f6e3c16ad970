import type { Scenario } from '../engine/scenario/schema.ts';

/** A scenario's overrides as rows (kind, what, region, from year, change, source) for the report and the workbook. */
export function overrideRows(s: Scenario): string[][] {
  const o = s.overrides;
  return [
    ...o.coefficients.map((c) => [
      'coefficient',
      c.coefficient,
      '',
      String(c.from),
      c.value ?? (c.scale ? `× ${c.scale}` : JSON.stringify(c.table)),
      c.source,
    ]),
    ...o.inputs.map((i) => [
      'input',
      `${i.input}${i.key ? `[${i.key}]` : ''}`,
      i.region ?? '',
      `${i.from}${i.to ? `–${i.to}` : ''}`,
      i.value !== undefined ? `${i.value} ${i.unit}` : `× ${i.scale}`,
      i.source,
    ]),
    ...o.conversions.map((c) => [
      'conversion',
      `${c.from_type} → ${c.to_type}`,
      c.region ?? '',
      String(c.from),
      `${c.area_ha} ha`,
      c.source,
    ]),
    ...o.growth.map((g) => [
      'growth',
      `${g.input}${g.key ? `[${g.key}]` : ''}`,
      g.region ?? '',
      String(g.base_year),
      `${g.rate} / year`,
      g.source,
    ]),
  ];
}
