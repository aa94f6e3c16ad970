import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import YAML from 'yaml';
import { DEFAULT_DATASET } from '../../datasets/load.ts';

// Workbooks for the tests of datasets/xlsx.ts, built with exceljs from the sample's own CSV files, independently
// of the project's writer (datasets/xlsx-write.ts).

export const manifest = YAML.parse(readFileSync(join(DEFAULT_DATASET, 'dataset.yaml'), 'utf8')) as Record<string, unknown> & {
  files: Record<string, string>;
};
export const csv = (name: string) => parse(readFileSync(join(DEFAULT_DATASET, name)), { bom: true }) as string[][];

/** A cell as an analyst types it: a number when the text is a number Excel holds exactly, else text. */
const typed = (t: string): string | number => (t !== '' && String(Number(t)) === t ? Number(t) : t);

/** The sample as a workbook: the manifest as key/value rows (name.zh …, lists as YAML), a sheet per listed CSV. */
export function sampleBook(edit: (book: ExcelJS.Workbook) => void = () => {}): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  const m = book.addWorksheet('dataset');
  m.addRow(['key', 'value']);
  for (const [k, v] of Object.entries(manifest)) {
    if (k === 'files') continue;
    if (k === 'name') for (const [lang, text] of Object.entries(v as object)) m.addRow([`name.${lang}`, text]);
    else if (Array.isArray(v)) m.addRow([k, YAML.stringify(v, { collectionStyle: k === 'years' ? 'flow' : 'block' }).trim()]);
    else m.addRow([k, v]);
  }
  for (const [table, file] of Object.entries(manifest.files)) {
    const ws = book.addWorksheet(table.replaceAll('_', '-'));
    for (const [i, r] of csv(file).entries()) ws.addRow(i === 0 ? r : r.map(typed));
  }
  edit(book);
  return book;
}

/** A zip of one part that inflates to 210 MB of spaces (a few hundred kB on disk): a zip bomb. */
export const zipBomb = () => zip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(210 * 1024 * 1024, 0x20) }]);

/** A minimal zip (stored directory, deflated entries) for the bomb. */
function zip(entries: { name: string; data: Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = deflateRawSync(e.data, { level: 9 });
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(e.data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    central.push(dir, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}
