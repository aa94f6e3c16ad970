// The dataset loader alone on a folder (bench/batch.ts, beside the full account): loadDataset (what validate, batch
// and the API read a dataset with), or with `by-region` as a second argument the reader `gep account -d` uses
// (datasets/load-by-region.ts). Prints one JSON line: seconds, CPU seconds, the heap the loaded dataset keeps, peak RSS.
import { loadDataset } from '../../datasets/load.ts';
import { loadDatasetByRegion } from '../../datasets/load-by-region.ts';
import { loadModel } from '../../models/load.ts';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const model = loadModel('cn-gep-2022');
gc();
const heap0 = process.memoryUsage().heapUsed;
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
const dataset = process.argv[3] === 'by-region' ? await loadDatasetByRegion(process.argv[2]!, model) : loadDataset(process.argv[2]!, model);
const cpu = process.cpuUsage(c0);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
gc();
const kept = process.memoryUsage().heapUsed - heap0;
console.log(
  JSON.stringify({
    regions: dataset.regions.length,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    keptHeap: kept,
    maxRss: process.resourceUsage().maxRSS * 1024,
  }),
);
