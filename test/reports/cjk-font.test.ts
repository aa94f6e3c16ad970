import { describe, expect, it } from 'vitest';
import { cjkFontWarning } from '../../cli/cjk-font.ts';

describe('the CLI warns when a zh report is written on a machine without a Chinese font', () => {
  it('warns when fc-list finds no zh font, names the package to install', () => {
    expect(cjkFontWarning(() => '')).toMatch(/no Chinese font.*fonts-noto-cjk/);
  });
  it('says nothing when a font is there, or when fc-list is absent or fails (never stops a report)', () => {
    expect(cjkFontWarning(() => 'Noto Sans CJK SC,Noto Sans CJK SC Regular\n')).toBeUndefined();
    expect(
      cjkFontWarning(() => {
        throw Object.assign(new Error('spawn fc-list ENOENT'), { code: 'ENOENT' });
      }),
    ).toBeUndefined();
  });
});
