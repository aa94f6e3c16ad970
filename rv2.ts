import { gep } from './test/helpers/gep-cli.ts';
process.env.GEP_DATA_DIR = '/tmp/rv/data';
const cases: string[][] = [
  ['keys', 'revoke', 'nonexistent'],
  ['report', 'nonexistent'],
  ['account', '--depth', 'abc'],
  ['explain', '--help'],
  ['carbon', 'inventory', '--grid', 'sichuan:average:0000'],
  ['carbon', 'dualcontrol', '--years', '2021,2022'],
  ['account', '--model', 'nonexistent-model'],
  ['account', '--dataset', '/nonexistent'],
  ['account', '--model', '/etc/passwd'],
];
for (const c of cases) {
  const r = await gep(...c);
  console.log('$ gep', c.join(' '), '->', r.status, '\n', r.stderr.slice(0, 400), r.stdout.slice(0, 200));
}
