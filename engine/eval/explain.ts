import { Dec, grouped } from '../core/decimal.ts';
import { givenWhere } from './given.ts';
import type { Diagnostic, Read, TraceNode } from './trace.ts';

/**
 * The chain behind one value, as text: its formula, the inputs and coefficients it read (with their
 * sources and any re-pricing), and the same for every indicator it read, depth first.
 */
export function explain(
  traces: Map<string, TraceNode>,
  id: string,
  opts: { maxDepth?: number; diagnostics?: Diagnostic[]; method?: (id: string) => string | undefined } = {},
): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  const maxDepth = opts.maxDepth ?? 8;
  const node = traces.get(id);
  if (!node) return [`no trace for "${id}" (known: ${[...traces.keys()].join(', ')})`];
  walk(node, 0);
  return lines;

  function walk(n: TraceNode, depth: number): void {
    const pad = '  '.repeat(depth);
    lines.push(`${pad}${n.id} = ${show(n.value)} ${n.unit}`);
    if (seen.has(n.id)) {
      lines.push(`${pad}  (explained above)`);
      return;
    }
    seen.add(n.id);
    if (n.given) {
      lines.push(...givenLines(n, pad));
      return;
    }
    lines.push(`${pad}  = ${n.formula}${n.over ? `   [Σ over ${n.over.join(' × ')}]` : ''}`);
    const method = opts.method?.(n.id); // the method variant in force and its source (lib/method.ts)
    if (method) lines.push(`${pad}  method: ${method}`);
    if (n.conversion) lines.push(`${pad}  unit: ${n.conversion.from} → ${n.conversion.to}, × ${show(n.conversion.factor)}`);
    if (n.by) {
      const entries = Object.entries(n.by);
      lines.push(`${pad}  by ${n.over?.join(' × ')}: ${entries.map(([k, v]) => `${k} ${show(v)}`).join('; ')}`);
    }
    for (const d of opts.diagnostics ?? []) {
      if (d.indicator === n.id) lines.push(`${pad}  ! ${d.code}${d.keys?.length ? ` [${d.keys.join(', ')}]` : ''}: ${d.message}`);
    }
    // Reads of one symbol at several keys are shown on one line, with the source once.
    const groups = new Map<string, Read[]>();
    for (const r of n.reads) groups.set(`${r.kind}:${r.name}`, [...(groups.get(`${r.kind}:${r.name}`) ?? []), r]);
    for (const rs of groups.values()) {
      const r = rs[0]!;
      const child = r.kind === 'indicator' ? traces.get(r.name) : undefined;
      if (child && !r.keys && depth < maxDepth) {
        walk(child, depth + 1);
        continue;
      }
      lines.push(`${pad}  ${describe(rs)}`);
      if (child && depth < maxDepth) walk(child, depth + 1); // read key by key: show how the whole was made
    }
  }
}

/** A given value: the rows that gave it (as written, with file, line and source) and what the formula gives, if it does. */
function givenLines(n: TraceNode, pad: string): string[] {
  const out = [`${pad}  = GIVEN by the dataset (not computed; formula not used: ${n.formula})`];
  for (const g of n.given ?? []) {
    const key = g.key ? `${g.key}: ` : '';
    const value = n.by && g.key ? n.by[g.key] : n.value;
    const deflated = g.indexFactor ? `, deflated × ${show(g.indexFactor)}` : '';
    out.push(`${pad}  given ${key}${g.row.value} ${g.row.unit} → ${show(value ?? '0')} ${n.unit}${deflated} (${givenWhere(g.row)})`);
  }
  if (n.computed !== undefined) out.push(`${pad}  the formula gives ${show(n.computed)} ${n.unit} (dataset.yaml: the given value wins)`);
  return out;
}

/** One line for the reads of one symbol: its value(s) and unit; for a coefficient the entry (from/until), re-pricing, source and status. */
export function describe(rs: Read[]): string {
  const r = rs[0]!;
  const unit = r.unit === '1' ? '' : ` ${r.unit}`;
  const values =
    rs.length === 1 && !r.keys
      ? `= ${show(r.value)}${unit}`
      : `${unit ? `[${unit.trim()}] ` : ''}${rs.map((x) => `${x.keys?.join('|') ?? ''} ${show(x.value)}${x.matched ? ` (row ${x.matched})` : ''}`).join('; ')}`;
  const head = `${r.kind} ${r.name} ${values}`;
  if (r.kind === 'input')
    return `${head}${r.year !== undefined ? ` (data of ${r.year}${r.indexFactor ? `, deflated × ${show(r.indexFactor)}` : ''})` : ''}`;
  if (r.kind === 'indicator') return head;
  const parts: string[] = [];
  if (r.validFrom !== undefined) parts.push(`entry from ${r.validFrom}${r.validUntil !== undefined ? ` until ${r.validUntil}` : ''}`);
  if (rs.some((x) => x.fallback)) parts.push('DEFAULT ROW "*" used');
  if (r.indexFactor) parts.push(`priced ${r.priceYear} × price index ${show(r.indexFactor)}`);
  if (rs.some((x) => x.beforeFirstEntry)) parts.push(`BEFORE ITS FIRST ENTRY: the entry from ${r.validFrom} is used`);
  const local = rs.filter((x) => x.local);
  if (local.length)
    parts.push(
      `LOCAL value${local.length > 1 ? 's' : ''} of the dataset: ${local.map((x) => `${x.keys?.length ? `${x.keys.join('|')} ` : ''}${x.local!.file} line ${x.local!.line}, ${x.source}`).join('; ')}`,
    );
  if (r.source && !r.local) parts.push(`source: ${r.source}`);
  if (r.status) parts.push(`status: ${r.status}`);
  return parts.length ? `${head} (${parts.join('; ')})` : head;
}

function show(v: string): string {
  if (v === 'absent' || v.includes('/')) return v; // an exact fraction ("44/12") reads best as written
  const d = new Dec(v);
  const abs = d.abs();
  const places = abs.gte(1000) ? 2 : abs.gte(1) ? 4 : 8;
  return grouped(d, places)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}
