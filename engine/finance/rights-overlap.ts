import type { Dec } from '../core/decimal.ts';
import type { Band } from './rights-band.ts';
import type { ValuedRight } from './rights-ledger.ts';

/** What the GEP account says of one service in a region-year (its physical flow and money value). */
export interface ServiceFigure {
  physical?: Dec;
  physicalUnit: string;
  money: Dec;
}

/**
 * A GEP service and the rights that describe the same flow (sink credits and carbon sequestration, water
 * rights and water supply): shown side by side. There is deliberately no total: the right is a claim on part
 * of the flow the service already values, so adding the two would count the flow twice.
 */
export interface SameFlow {
  region: string;
  year: number;
  service: string;
  gep: ServiceFigure | undefined;
  rights: { type: string; holder: string; quantity: Dec; unit: string; status: string; value: Band; line: number }[];
}

/** The same-flow pairs of a valued ledger, in ledger order of their first right. */
export function sameFlows(
  valued: readonly ValuedRight[],
  service: (region: string, year: number, id: string) => ServiceFigure | undefined,
): SameFlow[] {
  const out = new Map<string, SameFlow>();
  for (const v of valued) {
    if (!v.value) continue;
    const { region, year } = v.row;
    for (const s of v.sameFlowAs) {
      const id = `${region}\0${year}\0${s}`;
      let pair = out.get(id);
      if (!pair) out.set(id, (pair = { region, year, service: s, gep: service(region, year, s), rights: [] }));
      pair.rights.push({
        type: v.row.type,
        holder: v.row.holder,
        quantity: v.row.quantity,
        unit: v.row.unit,
        status: v.row.status,
        value: v.value,
        line: v.row.line,
      });
    }
  }
  return [...out.values()];
}
