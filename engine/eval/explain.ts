import { Dec, grouped } from '../core/decimal.ts';
import type { Read, TraceNode } from './trace.ts';

/**
 * The chain behind one value, as text: its formula, the inputs and coefficients it read (with their
 * sources and any re-pricing), and the same for every indicator it read, depth first.
 */
export function explain(traces: Map<string, TraceNode>, id: string, opts: { maxDepth?: number } = {}): string[] {
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
    if (seen.has(n.id)) { lines.push(`${pad}  (explained above)`); return; }
    seen.add(n.id);
    lines.push(`${pad}  = ${n.formula}${n.over ? `   [Σ over ${n.over.join(' × ')}]` : ''}`);
    if (n.conversion) lines.push(`${pad}  unit: ${n.conversion.from} → ${n.conversion.to}, × ${show(n.conversion.factor)}`);
    if (n.by) {
      const entries = Object.entries(n.by);
      lines.push(`${pad}  by ${n.over?.join(' × ')}: ${entries.map(([k, v]) => `${k} ${show(v)}`).join('; ')}`);
    }
    for (const r of n.reads) {
      if (r.kind === 'indicator') {
        const child = traces.get(r.name);
        if (child && depth < maxDepth && !r.keys) walk(child, depth + 1);
        else lines.push(`${pad}  ${r.name}${keys(r)} = ${show(r.value)} ${r.unit}`);
      } else lines.push(`${pad}  ${describe(r)}`);
    }
  }
}

function keys(r: Read): string {
  return r.keys?.length ? `[${r.keys.join(', ')}]` : '';
}

function describe(r: Read): string {
  const head = `${r.kind} ${r.name}${keys(r)} = ${show(r.value)} ${r.unit}`;
  if (r.kind === 'input') return `${head}${r.year !== undefined ? ` (data of ${r.year}${r.indexFactor ? `, deflated × ${show(r.indexFactor)}` : ''})` : ''}`;
  const parts: string[] = [];
  if (r.validFrom !== undefined) parts.push(`entry from ${r.validFrom}`);
  if (r.matched) parts.push(r.fallback ? 'DEFAULT ROW "*"' : `row "${r.matched}"`);
  if (r.indexFactor) parts.push(`priced ${r.priceYear}, × price index ${show(r.indexFactor)}`);
  if (r.source) parts.push(`source: ${r.source}`);
  return `${head} (${parts.join('; ')})`;
}

function show(v: string): string {
  if (v === 'absent') return v;
  const d = new Dec(v);
  const abs = d.abs();
  const places = abs.gte(1000) ? 2 : abs.gte(1) ? 4 : 8;
  return grouped(d, places).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}
