import type { AccountRun } from '../lib/run.ts';
export async function xlsxReport(_run: AccountRun, _lang: 'zh' | 'en'): Promise<Buffer> { throw new Error('not yet'); }
