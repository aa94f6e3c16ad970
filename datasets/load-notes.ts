import { Dec } from '../engine/core/decimal.ts';

/**
 * What a loader changed on the way in, said once per kind of change and file: a unit scaled to the model's
 * (万t → t, × 10000) or a name mapped to a key (林地 → forest). Nothing is converted silently; `gep validate`
 * prints these notes.
 */
export class LoadNotes {
  private readonly lines = new Map<string, number[]>();

  add(file: string, what: string, line: number): void {
    const id = `${file}: ${what}`;
    const ls = this.lines.get(id);
    if (ls) ls.push(line);
    else this.lines.set(id, [line]);
  }

  /** One sentence per change: `observations.csv: unit 万t → t (× 10000), 3 rows (lines 4, 9, 12)`. */
  list(): string[] {
    return [...this.lines].map(([id, ls]) => `${id}, ${ls.length === 1 ? `line ${ls[0]}` : `${ls.length} rows (lines ${shownLines(ls)})`}`);
  }
}

function shownLines(ls: number[]): string {
  return ls.length <= 6 ? ls.join(', ') : `${ls.slice(0, 5).join(', ')}, … ${ls.at(-1)}`;
}

/** An exact factor num/den as a note shows it: 10000, 0.001, or 1/15 when it has no finite decimal. */
export function factorText(num: Dec, den: Dec): string {
  const q = num.div(den);
  if (q.mul(den).eq(num) && q.sd() <= 15) return q.toFixed();
  // scale both to integers, then reduce
  const scale = new Dec(10).pow(Math.max(num.dp(), den.dp()));
  let a = num.mul(scale),
    b = den.mul(scale);
  const g = gcd(a, b);
  a = a.div(g);
  b = b.div(g);
  return `${a.toFixed()}/${b.toFixed()}`;
}

function gcd(a: Dec, b: Dec): Dec {
  let x = a.abs(),
    y = b.abs();
  while (!y.isZero()) [x, y] = [y, x.mod(y)];
  return x;
}

/** The note of a unit conversion: `unit 万t → t (× 10000)`. */
export function unitNote(written: string, to: string, f: { num: Dec; den: Dec; perYear?: boolean }): string {
  const year = f.perYear ? '; per year read as the account year' : '';
  return `unit ${written} → ${to} (× ${factorText(f.num, f.den)}${year})`;
}
