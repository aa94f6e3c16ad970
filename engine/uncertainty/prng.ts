/**
 * sfc32, Chris Doty-Humphrey's "Small Fast Counting" generator (PractRand 0.94, public domain; passes
 * PractRand and TestU01 BigCrush), in the 32-bit form given by Tommy Ettinger and in bryc's "PRNGs"
 * notes (github.com/bryc/code/blob/master/jshash/PRNGs.md). Pure integer arithmetic, so the stream is the
 * same on every machine. Each Monte Carlo draw gets its own stream seeded from (seed, draw index), so a
 * draw's values do not depend on how the draws are split between worker threads.
 */
export type Rng = () => number;

export function sfc32(a: number, b: number, c: number, d: number): Rng {
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** The stream of draw `index` under `seed`: sfc32 seeded as recommended (counter word = 1), 15 outputs discarded. */
export function drawStream(seed: number, index: number): Rng {
  const rng = sfc32(0x9e3779b9, seed >>> 0, index >>> 0, 1);
  for (let i = 0; i < 15; i++) rng();
  return rng;
}
