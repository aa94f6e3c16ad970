import { z } from 'zod';
import { DecimalText, Label } from '../model/schema.ts';

/**
 * The declared choices of dual (GEP–GDP) accounting, as data: which services count as realised through
 * markets, which part of GEP is already inside GDP, and the GEEP adjustment terms with their sources.
 * Nothing of this lives in code: two analysts with different views write two files.
 */
const ident = z.string().regex(/^[a-z][a-z0-9_]*$/);
const source = z.string().min(3, 'every declared term needs its source');

export const DualSpec = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    title: Label,
    description: z.string(),
    /** The GEP model whose services are named below. */
    gep_model: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    sources: z.array(z.object({ id: z.string(), citation: z.string(), url: z.string().optional() }).strict()).min(1),
    realisation: z
      .object({
        /** Services whose whole value is realised through markets (sold products, paid tourism). */
        services: z.array(ident).min(1),
        /** Part of a service sold as environmental rights (carbon credits, water rights): a share of its value. */
        traded_rights: z.array(z.object({ service: ident, share: DecimalText, source }).strict()).default([]),
        source,
      })
      .strict(),
    geep: z
      .object({
        /** Services whose value is already counted in GDP (GEEP adds GEP net of them). */
        in_gdp: z.array(ident),
        /** Degradation costs subtracted: each a declared share of GDP with its source. */
        adjustments: z
          .array(z.object({ id: ident, label: Label, method: z.literal('share_of_gdp'), value: DecimalText, source }).strict())
          .default([]),
        source,
      })
      .strict(),
  })
  .strict();
export type DualSpec = z.infer<typeof DualSpec>;
