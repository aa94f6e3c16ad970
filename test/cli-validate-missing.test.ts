import { dirname } from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../datasets/load.ts';
import { serviceInputs } from '../engine/model/service-inputs.ts';
import { missingInputs } from '../lib/missing-inputs.ts';
import { loadModel } from '../models/load.ts';
import { copySample, readLines, writeLines } from './fixtures/sample-copy.ts';
import { gep } from './helpers/gep-cli.ts';

/**
 * `gep validate` lists every missing input at once (issue 10 item 7), across services and region-years, from each
 * indicator's declared inputs: the dry run used to stop at recreation.physical when visits had no rows, which
 * hid travel_cost (read only by recreation.money), and reported nep once per region-year.
 */
const ds = copySample('gep-validate-missing-');
afterAll(() => rmSync(dirname(ds), { recursive: true, force: true }));
writeLines(
  ds,
  'observations.csv',
  readLines(ds, 'observations.csv').filter(
    (l) => !/^tianfu,\d{4},(visits|travel_cost|nep),/.test(l) && !l.startsWith('tianfu,2021,hot_days,'),
  ),
);
const model = loadModel('cn-gep-2022');

describe('gep validate: every missing input at once', () => {
  it('one problem per input, region and years, with the services that need it; exit 2; nothing else repeated', async () => {
    const r = await gep('validate', ds);
    expect(r.status).toBe(2);
    expect(r.stdout).not.toContain('OK:');
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('  - '));
    expect(lines).toEqual([
      '  - observations.csv: input "nep" (tC/ha by ecosystem_type) has no rows for region "tianfu" in 2020, 2021, 2022; needed by carbon_sequestration, oxygen_release [data_missing]',
      '  - observations.csv: input "hot_days" (d) has no rows for region "tianfu" in 2021; needed by climate_regulation [data_missing]',
      '  - observations.csv: input "visits" (visit by visit_site) has no rows for region "tianfu" in 2020, 2021, 2022; needed by recreation [data_missing]',
      '  - observations.csv: input "travel_cost" (CNY/visit by visit_site) has no rows for region "tianfu" in 2020, 2021, 2022; needed by recreation [data_missing]',
    ]);
  });

  it('the sample itself has nothing missing', () => {
    expect(missingInputs(model, loadDataset('datasets/tianfu-sample', model))).toEqual([]);
  });
});

describe('the hook for given quantities: what a given indicator makes unnecessary', () => {
  it('serviceInputs follows indicators through the ones they read', () => {
    const needs = serviceInputs(model);
    expect(needs.get('carbon_sequestration')).toEqual(['area', 'nep']);
    expect(needs.get('oxygen_release')).toEqual(['area', 'nep']); // it reads carbon_sequestration.physical
    expect(needs.get('recreation')).toEqual(['visits', 'travel_cost']);
  });

  it('a given physical quantity drops what only its formula reads, not the price its money value reads', () => {
    const data = loadDataset(ds, model);
    const given = new Set(['carbon_sequestration.physical', 'recreation.physical']);
    expect(serviceInputs(model, given).get('oxygen_release')).toEqual([]);
    const missing = missingInputs(model, data, { given }).map((m) => [m.input, m.services]);
    expect(missing).toEqual([
      ['hot_days', ['climate_regulation']],
      ['travel_cost', ['recreation']],
    ]);
    // given per region-year: only 2020 given, so nep is still missing in 2021 and 2022
    const perYear = missingInputs(model, data, { given: (_r, y) => (y === 2020 ? given : new Set()) });
    expect(perYear.find((m) => m.input === 'nep')?.years).toEqual([2021, 2022]);
  });
});
