/**
 * Combined factor sets take each fuel whole from the first set that has it (engine/carbon/combine.ts), unit
 * included: with the IPCC set first, natural gas is counted by mass (IPCC 2006 Vol.2 Ch.1 Table 1.2 gives its NCV
 * per Gg), and the energy balance's 10^8 m3 cannot be converted. The refusal must name the set the fuel came from,
 * not only the combination, so that the analyst knows which set to put first.
 */
import { describe, expect, it } from 'vitest';
import { loadCarbonData } from '../../datasets/carbon.ts';
import { IssuesError } from '../../engine/core/errors.ts';
import { loadFactorSet } from '../../models/carbon-factors.ts';

describe('a fuel whose unit comes from another set of a combination', () => {
  it('names the set that counts the fuel (ipcc-2006-tier1@1.1.0, by mass), not just the combined ref', () => {
    const set = loadFactorSet('ipcc-2006-tier1@1.1.0,cn-carbon-factors@1.2.0');
    let err: unknown;
    try {
      loadCarbonData('test/fixtures/carbon-province-17', set);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IssuesError);
    const gas = (err as IssuesError).issues.filter((i) => i.code === 'unit_mismatch');
    expect(gas.length).toBe(3); // the three natural-gas rows, lines 23–25
    for (const i of gas) expect(i.message).toMatch(/natural_gas is taken from ipcc-2006-tier1@1\.1\.0, which counts it in t/);
  });
});
