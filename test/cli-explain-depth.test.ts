/** Review: gep explain --depth is a whole number read like every option; "abc" was taken as depth NaN (exit 0). */
import { expect, it } from 'vitest';
import { gep } from './helpers/gep-cli.ts';

it.each(['abc', '-1', '2.5', '1e3'])('gep explain --depth %s exits 2 naming the option', async (depth) => {
  const r = await gep('explain', 'water_supply', '-r', 'tianfu', '-y', '2020', '--depth', depth);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('--depth');
  expect(r.stderr).toContain('[option_invalid]');
});

it('gep explain --depth 1 still explains', async () => {
  const r = await gep('explain', 'water_supply', '-r', 'tianfu', '-y', '2020', '--depth', '1');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('water_supply.money');
});
