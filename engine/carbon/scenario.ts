import { z } from 'zod';
import { ProjectionPath } from './projection.ts';

/**
 * The carbon part of a scenario (engine/scenario/schema.ts, key `carbon`): which factor set (id@version, so
 * that a scenario is refused on another version), which grid factor, and the projection paths.
 */
export const CarbonChoice = z
  .object({
    factors: z.string().regex(/^[a-z0-9][a-z0-9-]*@\d+\.\d+\.\d+$/, 'factor set id@version, e.g. cn-carbon-factors@1.1.0'),
    grid: z
      .object({
        geography: z.string().regex(/^[a-z][a-z0-9_]*$/),
        kind: z.enum(['average', 'excl_market_nonfossil', 'fossil_only', 'ets_reporting']).default('average'),
        vintage: z.union([z.literal('year'), z.number().int()]).default('year'),
      })
      .strict()
      .optional(),
    paths: z.array(ProjectionPath).min(1).optional(),
  })
  .strict();
export type CarbonChoice = z.infer<typeof CarbonChoice>;
