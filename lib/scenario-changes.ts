import type { CompiledModel } from '../engine/model/types.ts';
import type { Scenario } from '../engine/scenario/schema.ts';
import type { TraceNode } from '../engine/eval/trace.ts';

/** What the explanation of one value reads, down to `maxDepth` indicators (as engine/eval/explain.ts walks it). */
export function chainReads(
  traces: Map<string, TraceNode>,
  id: string,
  maxDepth: number,
): { inputs: Set<string>; coefficients: Set<string> } {
  const inputs = new Set<string>();
  const coefficients = new Set<string>();
  const seen = new Set<string>();
  const walk = (n: TraceNode | undefined, depth: number) => {
    if (!n || seen.has(n.id)) return;
    seen.add(n.id);
    for (const r of n.reads) {
      if (r.kind === 'input') inputs.add(r.name);
      else if (r.kind === 'coefficient') coefficients.add(r.name);
      else if (depth < maxDepth) walk(traces.get(r.name), depth + 1);
    }
  };
  walk(traces.get(id), 0);
  return { inputs, coefficients };
}

/**
 * The overrides of a scenario that change a value read in the explanation of `id` for one region and year,
 * one line each with its place in the scenario file and its source: `gep explain --scenario` prints them under
 * the chain, so the analyst sees which values in it are the scenario's and not the dataset's or the model's.
 */
export function scenarioChangesRead(
  scenario: Scenario,
  model: CompiledModel,
  traces: Map<string, TraceNode>,
  at: { id: string; region: string; year: number; maxDepth: number },
): string[] {
  const { inputs, coefficients } = chainReads(traces, at.id, at.maxDepth);
  const { region, year } = at;
  const here = (r: string | undefined) => r === undefined || r === region;
  const key = (k: string) => (k ? ` [${k}]` : '');
  const o = scenario.overrides;
  const extent = [...model.inputs.values()].find((i) => i.table === 'extent')?.name;
  const lines: string[] = [];
  o.coefficients.forEach((c, n) => {
    if (!coefficients.has(c.coefficient) || year < c.from || (c.until !== undefined && year > c.until)) return;
    const change =
      c.value !== undefined ? `= ${c.value}` : c.scale !== undefined ? `× ${c.scale}` : `rows ${Object.keys(c.table!).join(', ')}`;
    lines.push(`coefficient ${c.coefficient} ${change} from ${c.from} (overrides.coefficients[${n}]; source: ${c.source})`);
  });
  o.inputs.forEach((i, n) => {
    if (!inputs.has(i.input) || !here(i.region) || year < i.from || (i.to !== undefined && year > i.to)) return;
    const change = i.value !== undefined ? `= ${i.value} ${i.unit}` : `× ${i.scale}`;
    lines.push(`input ${i.input}${key(i.key)} ${change} from ${i.from} (overrides.inputs[${n}]; source: ${i.source})`);
  });
  o.conversions.forEach((c, n) => {
    if (extent === undefined || !inputs.has(extent) || !here(c.region) || year < c.from) return;
    lines.push(
      `input ${extent}: ${c.area_ha} ha ${c.from_type} → ${c.to_type} from ${c.from} (overrides.conversions[${n}]; source: ${c.source})`,
    );
  });
  o.growth.forEach((g, n) => {
    if (!inputs.has(g.input) || !here(g.region) || year <= g.base_year) return;
    lines.push(`input ${g.input}${key(g.key)} grows ${g.rate} a year from ${g.base_year} (overrides.growth[${n}]; source: ${g.source})`);
  });
  return lines;
}
