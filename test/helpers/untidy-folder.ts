import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDatasetFolder } from '../../bench/batch/dataset-folder.ts';

/** A generated folder of 6 regions × 2020–2022 with its rows out of region order, a byte order mark, CRLF, empty lines and a quoted line break. */
export function untidy(dir: string): string {
  writeDatasetFolder(dir, 6, [2020, 2021, 2022]);
  for (const f of ['observations.csv', 'extent.csv']) {
    const [head, ...rows] = readFileSync(join(dir, f), 'utf8').trimEnd().split('\n');
    // a fixed shuffle: every 7th row from each start
    const mixed = Array.from({ length: 7 }, (_, s) => rows.filter((_, n) => n % 7 === s)).flat();
    mixed[3] = mixed[3]!.replace(/,bench copy of the sample$/, ',"two\nlines"');
    mixed.splice(10, 0, '', '');
    writeFileSync(join(dir, f), `\ufeff${[head, ...mixed].join('\r\n')}`);
  }
  return dir;
}
