/**
 * Read each typed-array cell once per row (engine/fast/compile-float.ts): the generated statements read the same
 * cell several times (`X[x + 20] === X[x + 20]` and then `X[x + 20]` again, a flag once per key), and TurboFan does
 * not merge loads of typed-array elements: each read is an index add with an overflow check, a detach check, a
 * bounds check and the load, ~10 instructions. A cell read twice or more in a scope is read once into a constant
 * before its first use, in that scope, and the later reads use the constant. A cell read once stays where it is (so
 * no load moves out of the branch that needs it and no constant lives longer than it must).
 *
 * The pass reads the generator's own output, one statement or block head per line: a line is a block head when its
 * only brace ends it (`if (…) {`), a block end when it starts with `}`; any other line with braces (a one-line block)
 * only takes constants already made. A write of a cell (`B[b + 5] = q`) ends its constant.
 */

const READ = /\b([XCBOK])\[([xcbok]) \+ (\d+)\]/g;
const WRITE = /\b([XCBOK])\[([xcbok]) \+ (\d+)\] = /g;

interface Line {
  text: string;
  /** Braces closed before the line's reads (a leading `}`), and opened after them. */
  close: number;
  open: number;
  /** A one-line block or other brace in the middle: its reads may use constants but make none. */
  inner: boolean;
  reads: string[];
  writes: string[];
}

function scan(text: string): Line {
  const t = text.trim();
  let close = 0;
  while (t[close] === '}') close++;
  const rest = t.slice(close);
  const opens = (rest.match(/\{/g) ?? []).length;
  const closes = (rest.match(/\}/g) ?? []).length;
  const head = opens === 1 && closes === 0 && rest.endsWith('{');
  const inner = !head && opens + closes > 0;
  const writes = [...text.matchAll(WRITE)].map((m) => m[0].slice(0, -3));
  const reads = [...text.matchAll(READ)].map((m) => m[0]).filter((r, i, all) => all.indexOf(r) === i && !writes.includes(r));
  return { text, close, open: inner ? opens - closes : head ? 1 : 0, inner: inner || /^\s*(else|for)\b/.test(rest), reads, writes };
}

/** How often `cell` is read from line i on, in the scope open at line i (until it closes or the cell is written). */
function readsAhead(lines: Line[], i: number, cell: string): number {
  let depth = 0;
  let n = 0;
  for (let j = i; j < lines.length; j++) {
    const l = lines[j]!;
    depth -= l.close;
    if (depth < 0) break;
    if (l.writes.includes(cell)) break;
    if (l.reads.includes(cell)) n += l.text.split(cell).length - 1;
    depth += l.open;
  }
  return n;
}

/** The generated source with each cell read once per scope (−17 % instructions per row of cn-gep-2022, callgrind). */
export function readOnce(source: string): string {
  const lines = source.split('\n').map(scan);
  const out: string[] = [];
  // one map of cell → constant per open scope
  const scopes: Map<string, string>[] = [new Map()];
  let next = 0;
  const known = (cell: string) => {
    for (let s = scopes.length - 1; s >= 0; s--) {
      const name = scopes[s]!.get(cell);
      if (name) return name;
    }
    return undefined;
  };
  lines.forEach((l, i) => {
    for (let k = 0; k < l.close; k++) scopes.pop();
    if (!scopes.length) scopes.push(new Map());
    let text = l.text;
    for (const cell of l.reads) {
      let name = known(cell);
      if (!name && !l.inner && l.close === 0 && readsAhead(lines, i, cell) >= 2) {
        name = `u${next++}`;
        out.push(`const ${name} = ${cell};`);
        scopes[scopes.length - 1]!.set(cell, name);
      }
      if (name) text = text.split(cell).join(name);
    }
    for (const cell of l.writes) for (const s of scopes) s.delete(cell);
    out.push(text);
    for (let k = 0; k < l.open; k++) scopes.push(new Map());
    for (let k = 0; k > l.open; k--) scopes.pop();
  });
  return out.join('\n');
}
