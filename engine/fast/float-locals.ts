/**
 * Scratch cells kept in local variables (engine/fast/compile-float.ts): a service's indicators (physical, parts,
 * money) are generated into one function, and a breakdown or flag that only the same function reads needs no
 * typed-array cell: the physical value at each key goes to the money formula in a local. A store and a load of a
 * Float64Array cell are ~10 instructions each (index add, overflow, bounds and detach checks); a local is a register.
 *
 * Each function's text is the generator's: a cell is `B[b + N]`, written `B[b + N] = …`, and `O[o + j]` is the output
 * of indicator j. A cell that no other function reads or writes becomes `wN`, declared NaN at the start of each
 * row (as a scratch cell no statement of the row wrote reads NaN); an output read later in the function that wrote it
 * is kept in `oj` beside its store.
 */

const CELL = /B\[b \+ (\d+)\]/g;

/** The functions' texts with each cell only its own function reads made a local (functions in order, then others). */
export function localScratch(functions: string[][], others: string[] = []): string[][] {
  const texts = functions.map((f) => f.join('\n'));
  // the functions that read or write each cell
  const users = new Map<string, Set<number>>();
  [...texts, others.join('\n')].forEach((t, i) => {
    for (const m of t.matchAll(CELL)) {
      let s = users.get(m[1]!);
      if (!s) users.set(m[1]!, (s = new Set()));
      s.add(i);
    }
  });
  return functions.map((f, i) => {
    const own = new Set<string>();
    for (const m of texts[i]!.matchAll(CELL)) {
      // (a cell nothing reads keeps its store, which compile-float.ts drops)
      if (users.get(m[1]!)!.size === 1 && new RegExp(`B\\[b \\+ ${m[1]}\\](?! = )`).test(texts[i]!)) own.add(m[1]!);
    }
    const outs = new Set<string>();
    const lines = f.map((l) => l.replace(CELL, (cell, n: string) => (own.has(n) ? `w${n}` : cell)));
    // an output read after its store in the same function: the value from a local, not from O
    const written = new Set<string>();
    const read = lines.map((l) => {
      const w = /^O\[o \+ (\d+)\] = v;$/.exec(l);
      const text = l.replace(/O\[o \+ (\d+)\](?! = )/g, (cell, j: string) => {
        if (!written.has(j)) return cell;
        outs.add(j);
        return `o${j}`;
      });
      if (w) written.add(w[1]!);
      return text;
    });
    const out = read.map((l) => {
      const w = /^O\[o \+ (\d+)\] = v;$/.exec(l);
      return w && outs.has(w[1]!) ? `o${w[1]} = v; ${l}` : l;
    });
    const decl = [...[...own].map((n) => `w${n} = NaN`), ...[...outs].map((j) => `o${j} = 0`)];
    if (!decl.length) return out;
    // the declarations go first in the row's body: after the head of the row loop
    const at = out.findIndex((l) => l.startsWith('for (let r = r0;'));
    return [...out.slice(0, at + 1), `let ${decl.join(', ')};`, ...out.slice(at + 1)];
  });
}
