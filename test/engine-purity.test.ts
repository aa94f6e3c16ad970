import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** engine/ is pure: it may run in a worker or a browser, and nothing outside it may leak in. */
describe('engine purity', () => {
  const root = new URL('../engine/', import.meta.url).pathname;
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));

  it('imports nothing from api/, reports/, datasets/, models/, cli/, lib/ or runs/, and no I/O module', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = readFileSync(join(root, f), 'utf8');
      const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      for (const i of imports) {
        expect(i, `${f} imports ${i}`).not.toMatch(/^(\.\.\/)+(api|reports|datasets|models|cli|lib|runs)\//);
        expect(i, `${f} imports ${i}`).not.toMatch(/^(node:)?(fs|fs\/promises|net|http|https|child_process|worker_threads|os)$/);
      }
      expect(text, `${f} reads the clock or randomness`).not.toMatch(/Date\.now\(|new Date\(|Math\.random\(/);
      expect(text, `${f} parses floats`).not.toMatch(/parseFloat\(/);
    }
  });
});
