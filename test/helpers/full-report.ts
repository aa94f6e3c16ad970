import { runCarbon } from '../../lib/carbon-run.ts';
import { compareRunLines } from '../../lib/compare.ts';
import { runDual } from '../../lib/dual.ts';
import { runAccount } from '../../lib/run.ts';
import { loadScenario, runScenario } from '../../lib/scenario.ts';
import type { Lang } from '../../reports/labels.ts';
import { renderReport } from '../../reports/render.ts';
import { runsReport } from '../../runs/report.ts';
import { run } from '../../runs/registry.ts';
import { fileSources } from '../../runs/sources.ts';

/**
 * The fullest HTML report of the sample, as a director would be handed it: the GEP account under the greenway
 * scenario, dual accounting, the carbon accounts (all parts), the finance view (rights, credit at a lender's
 * ratio, financed emissions, extent change) and the scenario's comparison with the baseline.
 */
export async function fullReportDoc() {
  const scenario = loadScenario('scenarios/greenway.yaml');
  const base = runAccount({});
  const green = runScenario(scenario, {});
  const finance = await run('finance', { credit: { ratio: '0.25' } }, fileSources());
  return runsReport(
    [
      { kind: 'dual', result: runDual({ gep: green }) },
      { kind: 'carbon', result: runCarbon({}) },
      { kind: 'finance', result: finance },
    ],
    { comparison: compareRunLines([base, green]), scenario },
  );
}

export async function fullReport(lang: Lang): Promise<string> {
  return (await renderReport('html', await fullReportDoc(), lang)) as string;
}

/** The park-city model's report (its own dataset). */
export async function parkCityReport(lang: Lang): Promise<string> {
  const gep = runAccount({ model: 'park-city-gep-2023', dataset: 'datasets/tianfu-park-city' });
  return (await renderReport('html', runsReport([{ kind: 'gep', result: gep }]), lang)) as string;
}
