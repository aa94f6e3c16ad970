import { z } from 'zod';
import { readDecimal } from '../engine/core/decimal-text.ts';
import { DecimalText } from '../engine/model/schema.ts';
import { loadItem, type VersionedKind } from './versioned.ts';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'an id of something shipped, e.g. cn-gep-2022');
const year = z.number().int().min(1900).max(2200);
// DecimalText has already reported text that is not a number; the range is checked only on numbers (dec would throw)
const fraction = DecimalText.refine((t) => {
  const r = readDecimal(t, { fractions: true });
  return !r.ok || (r.value.gte(0) && r.value.lt(1));
}, 'a fraction from 0 up to 1, e.g. "0.135"');

export const DefaultsSchema = z
  .object({
    id: z.literal('defaults'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'semantic version, e.g. 1.0.0'),
    description: z.string().min(1),
    gep: z.object({ model: id, dataset: id }).strict(),
    dual: z.object({ spec: id, scorecard: id }).strict(),
    finance: z.object({ rights_prices: id }).strict(),
    carbon: z
      .object({
        factors: id,
        grid: z.object({ geography: z.string().min(1), kind: z.string().min(1), vintage: z.union([z.literal('year'), year]) }).strict(),
        dual_control: z
          .object({ base_year: year, energy_intensity: fraction, co2_intensity: fraction, ladder: z.enum(['national3', 'city4']) })
          .strict(),
        projection: z.object({ to_year: year, target_year: year, ridge_k: z.number().positive() }).strict(),
      })
      .strict(),
  })
  .strict();
export type Defaults = z.infer<typeof DefaultsSchema>;

/** The defaults file models/defaults.yaml: validated like every versioned document, never locked (see the file). */
export const DEFAULTS_KIND: VersionedKind<Defaults> = { name: 'defaults file', dir: '', schema: DefaultsSchema, frozen: 'never' };

/** The defaults every entry point uses when a request does not name its own choice (models/defaults.yaml). */
export const DEFAULTS: Defaults = loadItem(DEFAULTS_KIND, 'defaults').value;
