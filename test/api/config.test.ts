/** Server settings from the environment (api/config.ts): whole numbers, bounded, and a refusal that names the variable. */
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../api/config.ts';

const refusal = (env: Record<string, string>) => {
  try {
    configFromEnv(env);
  } catch (e) {
    return (e as { issues: { path: string; message: string }[] }).issues[0];
  }
  return undefined;
};

describe('configFromEnv', () => {
  it('reads whole numbers and gives the defaults for what is unset or empty', () => {
    const c = configFromEnv({ GEP_MAX_QUEUED_JOBS: '25', GEP_QUEUE_CHECK_MS: '' });
    expect(c.maxQueuedJobs).toBe(25);
    expect(c.queueCheckMs).toBe(1000);
    expect(configFromEnv({}).maxQueuedJobs).toBe(10_000);
    expect(configFromEnv({ GEP_MAX_QUEUED_JOBS: '9007199254740991' }).maxQueuedJobs).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses text, signs, fractions and numbers past 2^53 − 1, naming the variable (a long value cut)', () => {
    for (const v of ['x', '-1', '1.5', '1e3', '9007199254740992', '9'.repeat(400)])
      expect(refusal({ GEP_MAX_QUEUED_JOBS: v }), v).toMatchObject({ path: 'GEP_MAX_QUEUED_JOBS' });
    expect(refusal({ GEP_JOB_POLL_MS: '12x' })!.message).toBe(
      'GEP_JOB_POLL_MS must be a whole number from 0 to 9007199254740991, not "12x"',
    );
    expect(refusal({ GEP_JOB_POLL_MS: '9'.repeat(400) })!.message).toBe(
      `GEP_JOB_POLL_MS must be a whole number from 0 to 9007199254740991, not "${'9'.repeat(40)}… (400 characters)"`,
    );
  });
});
