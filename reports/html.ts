import type { AccountRun } from '../lib/run.ts';
export function htmlReport(_run: AccountRun, _lang: 'zh' | 'en'): string { throw new Error('not yet'); }
