import { describe, expect, it } from 'vitest';
import { plan } from '../../runs/registry.ts';
import { fileSources } from '../../runs/sources.ts';

// Review of issue 16 items 1 and 4 (rights, PCAF, credit): defects found, each held by a test that failed first.
const sources = fileSources();

describe("the lender's ratio through the run kind (the API's path), not only the CLI", () => {
  it('a ratio of 25 written for 25 % is refused (at most 1), as gep finance --credit-ratio refuses it', async () => {
    await expect(plan('finance', { credit: { ratio: '25' } }, sources)).rejects.toThrow(/at most 1/);
    await expect(plan('finance', { credit: { ratio: '1' } }, sources)).resolves.toBeDefined();
    // text that is no number is still refused as such (the bound does not stand in front of it)
    await expect(plan('finance', { credit: { ratio: 'abc' } }, sources)).rejects.toThrow(/"abc" is not a number/);
  });
});
