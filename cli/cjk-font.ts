import { execFileSync } from 'node:child_process';

/**
 * A warning for a zh report written on a machine without a Chinese font: every character would show as a box. Asks
 * fontconfig (`fc-list :lang=zh family`); where fc-list is absent (Windows, macOS without fontconfig) or fails, says
 * nothing: this never stops a report. Asked once per process.
 */
let answer: string | undefined | null = null;
export function cjkFontWarning(list: () => string = fcList): string | undefined {
  if (answer !== null && list === fcList) return answer;
  let out: string | undefined;
  try {
    out = list();
  } catch {
    out = undefined; // no fc-list, or it failed: no opinion
  }
  const warning =
    out !== undefined && out.trim() === ''
      ? 'warning: no Chinese font found (fc-list :lang=zh is empty): the zh report will show boxes on this machine; install one, e.g. apt-get install fonts-noto-cjk (or fonts-wqy-microhei)'
      : undefined;
  if (list === fcList) answer = warning;
  return warning;
}

const fcList = () =>
  execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
