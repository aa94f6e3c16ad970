/**
 * The model hash leaves the classification's aliases out (models/load.ts withoutAliases), so runs name the aliases'
 * own hash: a later alias that maps the same dataset text to another key gives another run id.
 */
import { describe, expect, it } from 'vitest';
import { contentHash } from '../../models/versioned.ts';
import { gepIdentity, runId } from '../../lib/run-id.ts';
import { runAccount } from '../../lib/run.ts';
import { GEP_MODEL, loadModel } from '../../models/load.ts';

describe('the aliases’ hash is part of a GEP run’s identity and run block', () => {
  const model = loadModel('cn-gep-2022');

  it('the compiled model carries the hash of its aliases; the run block and identity name it', () => {
    const aliases = Object.fromEntries(Object.entries(model.source.dimensions).flatMap(([n, d]) => (d.aliases ? [[n, d.aliases]] : [])));
    expect(model.namesHash).toBe(contentHash(aliases));
    const run = runAccount({ years: [2022] });
    expect(run.identity.names_hash).toBe(model.namesHash);
    expect(run.meta.names_hash).toBe(model.namesHash);
    // a chosen method compiles the model again: the hash stays
    expect(runAccount({ years: [2022], covers: { pest_control: ['forest'] } }).meta.names_hash).toBe(model.namesHash);
  });

  it('another alias: the same model hash, another names hash and run id', () => {
    const source = structuredClone(model.source);
    source.dimensions.ecosystem_type!.aliases = { ...source.dimensions.ecosystem_type!.aliases, forest: ['某林'] };
    const other = GEP_MODEL.compile!(source, model.hash, 'test');
    expect(other.hash).toBe(model.hash);
    expect(other.namesHash).not.toBe(model.namesHash);
    const facts = { hash: 'd', regions: ['r'], years: [2022], manifest: { price_year: 2020 } };
    expect(runId(gepIdentity(other, facts, {}))).not.toBe(runId(gepIdentity(model, facts, {})));
  });
});
