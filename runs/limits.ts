/**
 * Upper bounds of the whole-number options of runs: what one machine can finish, with headroom. A run kind's
 * schema and the CLI's option parsers both read them, so a typo such as 10^20 draws is refused at the door
 * instead of running for ever.
 */
export const RUN_LIMITS = {
  /** Monte Carlo draws of one run (10,000 is the usual study size; the API takes at most 10,000). */
  draws: 1_000_000,
  /** sfc32 seeds are 32-bit. */
  seed: 4_294_967_295,
  /** worker threads (the machines this runs on have a few dozen cores at most). */
  workers: 64,
  /** generated regions of a batch (the national set is ~3,000 counties). */
  regions: 100_000,
  /** regions per batch task. */
  chunk: 10_000,
} as const;
