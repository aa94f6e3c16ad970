/* The method's type on its own, so that types.ts need not import variants.ts (which reads names through key-names.ts). */

/**
 * The method in force: the variant of every service that declares variants (defaults filled in, so that an
 * explicit default is the same method as none), and the ecosystem types of each service whose coverage differs
 * from the model's (leaf keys, in the model's key order). Part of the run identity.
 */
export interface ResolvedMethod {
  variants: Record<string, string>;
  covers: Record<string, string[]>;
}
