// Worker thread of datasets/xlsx-read.ts: exceljs reads a workbook only asynchronously, the dataset loaders are
// synchronous, so the caller starts this worker and waits for it (Atomics.wait). It hands back every non-empty
// cell of every sheet as plain data, uninterpreted; datasets/xlsx.ts decides what each cell means.
import { workerData } from 'node:worker_threads';
import ExcelJS from 'exceljs';

const { port, signal, bytes } = workerData;
const T = ExcelJS.ValueType;

/** A cell's value as [kind, value, number format]: n number, s text, b boolean, d date (ISO), e error, m merged. */
function plain(v, type, numFmt) {
  if (v === null || v === undefined) return undefined;
  if (type === T.Merge) return ['m'];
  if (typeof v === 'number') return ['n', v];
  if (typeof v === 'string') return ['s', v];
  if (typeof v === 'boolean') return ['b', v];
  if (v instanceof Date) return ['d', v.toISOString(), numFmt ?? ''];
  if (v.richText) return ['s', v.richText.map((t) => t.text).join('')];
  if (v.error) return ['e', v.error];
  if (v.text !== undefined) return ['s', String(v.text)]; // a hyperlink shows its text
  return ['s', String(v)];
}

try {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes);
  const sheets = book.worksheets.map((ws) => {
    const cells = [];
    ws.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cell.type === T.Merge) return cells.push({ r, c, v: ['m', cell.master.address] });
        if (cell.type === T.Formula) {
          const result = cell.result;
          return cells.push({ r, c, f: cell.formula ?? '', v: plain(result, undefined, cell.numFmt) });
        }
        const v = plain(cell.value, cell.type, cell.numFmt);
        if (v) cells.push({ r, c, v, ...(cell.isMerged ? { merged: true } : {}) });
      }),
    );
    return { name: ws.name, cells };
  });
  port.postMessage({ ok: true, sheets });
} catch (e) {
  port.postMessage({ ok: false, message: String(e?.message ?? e) });
}
Atomics.store(signal, 0, 1);
Atomics.notify(signal, 0);
