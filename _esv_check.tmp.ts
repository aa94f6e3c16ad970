import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModelFromDir } from './models/load.ts';
import { loadDataset } from './datasets/load.ts';
import { evaluateRegionYear } from './engine/eval/evaluate.ts';

const model = loadModelFromDir('models/esv-equivalent-2015');
console.log('loaded', model.ref, model.kind, model.status, 'services', model.services.length, 'hash', model.hash.slice(0, 12));
let data;
try {
  data = loadDataset('datasets/tianfu-sample', model);
  console.log('dataset loaded as is');
} catch (e: any) {
  const issues = e.issues ?? [];
  console.log('dataset as is REFUSED:', issues.length, 'issues; codes', [...new Set(issues.map((i: any) => i.code))], 'first:', issues[0]?.message);
  const dir = mkdtempSync(join(tmpdir(), 'esv-ds-'));
  cpSync('datasets/tianfu-sample', dir, { recursive: true });
  writeFileSync(join(dir, 'observations.csv'), 'region,year,variable,key,value,unit,source\n');
  data = loadDataset(dir, model);
  console.log('loaded a /tmp copy with an empty observations.csv:', dir);
}
const r = evaluateRegionYear(model, data, 'tianfu', 2020);
console.log('issues', r.issues, 'diagnostics', r.diagnostics.length);
let total = model.services.length ? null : null;
let sum: any;
const byCat = new Map<string, any>();
for (const s of model.services) {
  const v = r.values.get(s.money)!.value;
  const ph = r.values.get(s.physical)!.value;
  sum = sum ? sum.plus(v) : v;
  byCat.set(s.category, byCat.has(s.category) ? byCat.get(s.category).plus(v) : v);
  console.log(s.id.padEnd(28), s.category.padEnd(13), 'phys', ph.toFixed(2).padStart(12), 'ha  money', v.toFixed(2).padStart(18), 'CNY');
}
for (const [c, v] of byCat) console.log('category', c, v.toFixed(2));
console.log('ESV total 2020', sum.toFixed(2), 'CNY');
console.log('wetland gas by key', r.values.get('gas_regulation.money')!.by?.get('wetland')?.toString());
console.log('paddy water by key', r.values.get('water_supply.money')!.by?.get('paddy')?.toString());
for (const y of [2021, 2022]) {
  const ry = evaluateRegionYear(model, data, 'tianfu', y);
  let t: any; for (const s of model.services) { const v = ry.values.get(s.money)!.value; t = t ? t.plus(v) : v; }
  console.log('ESV total', y, t.toFixed(2), ry.issues.length);
}
