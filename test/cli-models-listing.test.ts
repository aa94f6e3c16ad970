import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedListing, folderHash, keepListing, type ModelsListingCache } from '../cli/models-listing.ts';
import { MODELS_DIR } from '../models/load.ts';

// `gep models` kept by the models' files (cli/models-listing.ts): a listing is given back only for the same files.
const tmp = mkdtempSync(join(tmpdir(), 'gep-models-listing-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the kept models listing', () => {
  const modelsDir = join(tmp, 'models');
  cpSync(MODELS_DIR, modelsDir, { recursive: true });
  const cache: ModelsListingCache = { modelsDir, file: join(tmp, 'dist', '.cache', 'models-listing.json') };

  it('is given back for the files it was made from, and not once a file is edited, added or removed', () => {
    expect(cachedListing(cache)).toBeUndefined();
    keepListing(cache, folderHash(modelsDir), 'listing\n');
    expect(cachedListing(cache)).toBe('listing\n');
    const coefs = join(modelsDir, 'cn-gep-2022', 'coefficients.yaml');
    const text = readFileSync(coefs, 'utf8');
    writeFileSync(coefs, `${text}\n`);
    expect(cachedListing(cache)).toBeUndefined();
    writeFileSync(coefs, text);
    expect(cachedListing(cache)).toBe('listing\n');
    writeFileSync(join(modelsDir, 'classifications', 'extra.yaml'), 'keys: {}\n');
    expect(cachedListing(cache)).toBeUndefined();
    rmSync(join(modelsDir, 'classifications', 'extra.yaml'));
    expect(cachedListing(cache)).toBe('listing\n');
  });

  it('keys a file by its path as well as its bytes, and keeps nothing from the sources (no cache)', () => {
    const h = folderHash(modelsDir);
    cpSync(join(modelsDir, 'dual'), join(modelsDir, 'dual2'), { recursive: true });
    expect(folderHash(modelsDir)).not.toBe(h);
    rmSync(join(modelsDir, 'dual2'), { recursive: true });
    expect(folderHash(modelsDir)).toBe(h);
    // a kept listing edited by hand, or its key copied in from the folder as it is, is not printed
    keepListing(cache, h, 'listing\n');
    const kept = readFileSync(cache.file, 'utf8');
    writeFileSync(cache.file, kept.replace('listing', '<b>forged</b>'));
    expect(cachedListing(cache)).toBeUndefined();
    writeFileSync(cache.file, JSON.stringify({ models: h, text: 'forged\n' }));
    expect(cachedListing(cache)).toBeUndefined();
    writeFileSync(cache.file, kept);
    expect(cachedListing(cache)).toBe('listing\n');
    writeFileSync(cache.file, '{not json');
    expect(cachedListing(cache)).toBeUndefined();
    expect(cachedListing(undefined)).toBeUndefined();
    keepListing(undefined, h, 'x'); // no cache from the sources: nothing written, nothing thrown
  });
});
