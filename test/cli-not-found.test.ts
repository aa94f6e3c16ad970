/**
 * Review: gep keys revoke and gep report name what they could not find by its code (not_found), and the message no
 * longer says "1 problem in the run" for a key (issue 12's example).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { gep } from './helpers/gep-cli.ts';

const DATA = mkdtempSync(join(tmpdir(), 'gep-keys-msg-'));
beforeAll(() => {
  vi.stubEnv('GEP_DATA_DIR', DATA);
  vi.stubEnv('DATABASE_URL', '');
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(DATA, { recursive: true, force: true });
});

it('gep keys revoke <unknown> exits 2 with not_found, not "a problem in the run"', async () => {
  const r = await gep('keys', 'revoke', 'nonexistent');
  expect(r.status).toBe(2);
  expect(r.stderr).not.toContain('in the run');
  expect(r.stderr).toContain('no active key "nonexistent"');
  expect(r.stderr).toContain('[not_found]');
});

it('gep report <unknown run> exits 2 with not_found', async () => {
  const r = await gep('report', 'nope');
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('[not_found]');
});
