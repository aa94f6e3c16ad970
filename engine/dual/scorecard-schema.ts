import { z } from 'zod';
import { DecimalText, Label } from '../model/schema.ts';

/**
 * A dual-evaluation scorecard as data: indicators with a target, a weight and a scoring rule, and the
 * thresholds of the traffic lights. Scores are 0–100 per indicator, weighted to a 0–100 total.
 */
export const ScorecardIndicator = z
  .object({
    /** A dual indicator id (dual.gep_growth_yoy, dual.gep_gdp_ratio, dual.realisation_rate, …). */
    indicator: z.string().regex(/^dual\.[a-z0-9_]+$/),
    label: Label,
    /** higher: more is better; lower: less is better. */
    direction: z.enum(['higher', 'lower']),
    /** Full marks at or beyond the target. */
    target: DecimalText,
    /** Zero marks at or beyond this value (on the wrong side); linear in between. */
    floor: DecimalText,
    /** Yellow from this value to the target; red beyond it. Green at or beyond the target. */
    amber: DecimalText,
    weight: DecimalText,
    rationale: z.string().min(3),
  })
  .strict();

export const Scorecard = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    title: Label,
    description: z.string(),
    sources: z.array(z.object({ id: z.string(), citation: z.string(), url: z.string().optional() }).strict()).default([]),
    indicators: z.array(ScorecardIndicator).min(1),
  })
  .strict();
export type Scorecard = z.infer<typeof Scorecard>;
