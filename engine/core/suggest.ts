import { distance } from 'fastest-levenshtein';

/**
 * " (did you mean "a", "b"?)" for names close to an unknown one, or "" when none is. Close: one contains the
 * other, or they are at most two edits apart; the nearest come first (ties keep the order of `known`).
 */
export function suggest(name: string, known: Iterable<string>): string {
  const close = closeNames(name, known);
  return close.length ? ` (did you mean ${close.map((k) => `"${k}"`).join(', ')}?)` : '';
}

/** Up to `max` known names close to `name`, nearest first. */
export function closeNames(name: string, known: Iterable<string>, max = 3): string[] {
  const scored: { k: string; d: number; n: number }[] = [];
  let n = 0;
  for (const k of known) {
    const d = distance(k, name);
    if (k.includes(name) || name.includes(k) || d <= 2) scored.push({ k, d, n });
    n++;
  }
  return scored
    .sort((a, b) => a.d - b.d || a.n - b.n)
    .slice(0, max)
    .map((s) => s.k);
}
