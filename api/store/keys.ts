import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from './db.ts';
import { prepared } from './prepared.ts';

/**
 * API keys: 32 random bytes, shown once at creation. Only their sha256 is stored: a key has 256 bits of
 * entropy, so a fast hash is enough (slow hashes such as scrypt are for guessable passwords).
 */
export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export async function createKey(db: Db, name: string, now: string): Promise<{ id: string; key: string }> {
  const key = `gep_${randomBytes(32).toString('base64url')}`;
  const id = randomBytes(6).toString('hex');
  await db
    .insertInto('api_keys')
    .values({ id, name, hash: hashKey(key), prefix: key.slice(0, 8), created_at: now, revoked_at: null })
    .execute();
  return { id, key };
}

// a prepared statement: keyed requests (every write, every read with GEP_KEYED_READS) look their key up each time
const keyByHash = prepared(
  'api_key_by_hash',
  (db) => db.selectFrom('api_keys').select(['id', 'hash', 'revoked_at']).where('hash', '=', ''),
  (hash: string) => [hash],
);

/** The key's id when it is known and not revoked. */
export async function checkKey(db: Db, key: string): Promise<string | undefined> {
  const h = hashKey(key);
  const [row] = await keyByHash(db, h);
  if (!row || row.revoked_at) return undefined;
  return timingSafeEqual(Buffer.from(row.hash), Buffer.from(h)) ? row.id : undefined;
}

export const listKeys = (db: Db) =>
  db.selectFrom('api_keys').select(['id', 'name', 'prefix', 'created_at', 'revoked_at']).orderBy('created_at').orderBy('id').execute();

export async function revokeKey(db: Db, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
