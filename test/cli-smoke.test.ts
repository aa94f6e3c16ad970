import { describe, expect, it } from 'vitest';
import { LAUNCH_TIMEOUT, spawnGep } from './helpers/gep-cli.ts';

/**
 * `cli/gep.ts` as a user launches it: the wrapper turns main()'s code into the process's exit code. Every
 * other CLI test calls main() in-process (a launch costs seconds); `gep serve` is launched in test/api/cli.test.ts.
 */
describe('gep as a process', () => {
  it(
    'exits 2 on refused input, with every problem on stderr and nothing on stdout',
    () => {
      const r = spawnGep('carbon', 'dualcontrol', '--years', '2021,2022', '-o', 'out/test/smoke');
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        '1 problem in the run:\n  - --base-year: dual control needs its base year 2020 among the inventory years (years given: 2021, 2022; the data has 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022): choose one of them (--base-year) or add its carbon activity [base_year_unknown]\n',
      );
    },
    LAUNCH_TIMEOUT,
  );
});
