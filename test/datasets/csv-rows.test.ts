import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Issue } from '../../engine/core/errors.ts';
import { readCsv } from '../../datasets/csv.ts';

// readCsv turns each record into its row while parsing (datasets/csv.ts): the problems it reports are those of
// parsing the whole file first, and the parser's records are never all kept beside the rows.
const COLS = ['region', 'year', 'value', 'source'] as const;
const read = (text: string | Buffer) => {
  const issues: Issue[] = [];
  const rows = readCsv('t.csv', Buffer.isBuffer(text) ? text : Buffer.from(text), COLS, issues);
  return { rows, issues: issues.map((i) => [i.code, i.row, i.column, i.message]) };
};
const tmp = mkdtempSync(join(tmpdir(), 'gep-csv-rows-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('readCsv', () => {
  it('a syntax error anywhere is the only problem, even after rows with the wrong number of cells', () => {
    const r = read('region,year,value,source\na,2020,1\na,2021,2,s\na,"20"22,3,s\n');
    expect(r.rows).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]![0]).toBe('csv_syntax');
  });

  it('the header problems come before the cell counts; a header that does not fit reads no row', () => {
    expect(read('region,year,value,source,extra\na,2020,1\n').issues).toEqual([
      ['column_unknown', 1, 'extra', 'unknown column "extra" (columns are: region, year, value, source)'],
      ['cell_count', 2, undefined, 'the row has 3 cells, the header 5'],
    ]);
    expect(read('region,region,value,source\na,2020,1\n')).toEqual({
      rows: [],
      issues: [
        ['column_missing', 1, 'year', 'required column "year" is missing (columns are: region, year, value, source)'],
        ['column_duplicate', 1, 'region', 'column "region" appears twice'],
      ],
    });
  });

  it('one byte order mark or two, empty lines and quoted line breaks read as the UTF-8 text did', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const body = Buffer.from('region,year,value,source\n\na,2020," 1 ",s\n\nb,2021,2,"two\nlines"\n');
    const want = {
      rows: [
        { line: 3, cells: { region: 'a', year: '2020', value: '1', source: 's' } },
        { line: 6, cells: { region: 'b', year: '2021', value: '2', source: 'two\nlines' } },
      ],
      issues: [],
    };
    expect(read(body)).toEqual(want);
    expect(read(Buffer.concat([bom, body]))).toEqual(want);
    expect(read(Buffer.concat([bom, bom, body]))).toEqual(want);
    expect(read(Buffer.from([0x61, 0xff, 0x0a])).issues).toEqual([
      ['not_utf8', undefined, undefined, 'the file is not UTF-8 text (save it as "CSV UTF-8")'],
    ]);
    expect(read('').issues).toEqual([['file_empty', undefined, undefined, 'no header row']]);
  });

  it('reads 150,000 rows within a 64 MiB heap (the parsed records kept whole beside the rows needed ~100 MiB)', () => {
    const file = join(tmp, 'big.csv');
    const lines = ['region,year,value,source'];
    for (let i = 0; i < 150_000; i++) lines.push(`r${i % 3000},${2013 + (i % 10)},${i}.5,bench`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const script = `import { readFileSync } from 'node:fs';
import { readCsv } from ${JSON.stringify(resolve(import.meta.dirname, '../../datasets/csv.ts'))};
const issues = [];
const rows = readCsv('big.csv', readFileSync(${JSON.stringify(file)}), ['region', 'year', 'value', 'source'], issues);
console.log(rows.length, issues.length);`;
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', '--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(r.stderr).not.toMatch(/heap out of memory/);
    expect(r.stdout.trim()).toBe('150000 0');
  }, 60_000);
});
