import { z } from 'zod';
import { DecimalText, Label, Range } from '../model/schema.ts';

/**
 * An EOD project (生态环境导向的开发) as data: the scenario pair whose ΔGEP it produces, its horizon, its cash-flow
 * lines and their ranges. Numbers are quoted strings, as in models and scenarios; every line names its source.
 * Read by lib/eod-project.ts; appraised by engine/finance/eod.ts.
 */
const ident = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case letters, digits and _');
const year = z.number().int().min(1900).max(2200);
const source = z.string({ error: 'say where the figure comes from (plan, study, assumption)' }).trim().min(2);

/** What a line is: the ecological investment and operating costs go out; the other kinds come in. */
export const LINE_KINDS = ['investment', 'operating_cost', 'related_industry', 'land_value_uplift', 'rights', 'carbon'] as const;
export type LineKind = (typeof LINE_KINDS)[number];
export const OUTFLOW_KINDS: readonly LineKind[] = ['investment', 'operating_cost'];

export const ProjectLine = z
  .object({
    id: ident,
    kind: z.enum(LINE_KINDS),
    label: Label,
    /** Amounts by year ("2021": "3.0e8"), in the project's unit. */
    amounts: z.record(z.string().regex(/^\d{4}$/, 'a year such as 2023'), DecimalText).optional(),
    /** Or one amount a year from `from` to `to` (default: the horizon's end), growing by `growth` a year after the first. */
    amount: DecimalText.optional(),
    /** Or a share of the project's ΔGEP of one service (constant prices) captured as cash: ticket and concession revenue of visits… */
    gep: z.object({ service: ident, share: DecimalText }).strict().optional(),
    from: year.optional(),
    to: year.optional(),
    growth: DecimalText.optional(),
    /** A multiplier's range on the whole line, for the Monte Carlo of the NPV (1 = as written). */
    range: Range.optional(),
    source,
  })
  .strict()
  .refine((l) => [l.amounts, l.amount, l.gep].filter((x) => x !== undefined).length === 1, 'give exactly one of amounts, amount or gep')
  .refine((l) => l.amounts === undefined || (l.from === undefined && l.to === undefined && l.growth === undefined), {
    message: 'amounts by year take no from, to or growth',
  })
  .refine((l) => l.amount === undefined || l.from !== undefined, { message: 'an amount a year needs from', path: ['from'] })
  .refine((l) => l.gep === undefined || l.growth === undefined, {
    message: 'a share of ΔGEP follows the ΔGEP: no growth',
    path: ['growth'],
  });
export type ProjectLine = z.infer<typeof ProjectLine>;

export const Project = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, _ and -'),
    label: Label,
    description: z.string().optional(),
    /** Made-up figures for the sample: said so in every report. */
    illustrative: z.boolean(),
    /** The project scenario (a scenario file or stored id); its ΔGEP against the baseline is the project's. */
    scenario: z.string().min(1),
    /** A baseline scenario; default the project scenario's base (model and dataset, no overrides). */
    baseline: z.string().min(1).optional(),
    region: z.string().min(1),
    /** The first year of the appraisal (t = 0, not discounted) and the last. */
    start: year,
    end: year,
    /** Money unit of every amount (parsed as a unit: CNY, 10^4 CNY …); amounts are at constant prices of price_year. */
    unit: z.string().min(1),
    price_year: year,
    /** Real discount rate (a share a year: "0.06"), with its source and optional range. */
    discount_rate: z.object({ value: DecimalText, range: Range.optional(), source }).strict(),
    /**
     * ΔGEP beyond the account's last year: `hold_last` keeps the last year's ΔGEP for every later year (the scenario
     * shows no further change); the years before the account's first give no ΔGEP.
     */
    gep_projection: z.enum(['hold_last']).default('hold_last'),
    /**
     * The monetisable (marketable) share of each service's ΔGEP; services not listed take the finance sheet's rule
     * (provisioning services are marketable, share 1; regulating and cultural are not, share 0).
     */
    marketable: z.array(z.object({ service: ident, share: DecimalText, source }).strict()).default([]),
    lines: z.array(ProjectLine).min(1),
  })
  .strict()
  .refine((p) => p.end >= p.start, { message: 'end is before start', path: ['end'] })
  .refine((p) => p.end - p.start < 100, { message: 'the horizon is at most 100 years', path: ['end'] });
export type Project = z.infer<typeof Project>;
