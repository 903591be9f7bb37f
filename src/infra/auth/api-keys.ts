import { LRUCache } from 'lru-cache';
import { newId } from '../../domain/ids.js';
import { isoNow, type Clock } from '../clock.js';
import type { Database } from '../db/connect-database.js';
import { prepareQuery } from '../db/prepared-query.js';
import { generateToken, sha256Hex } from '../crypto/tokens.js';

const KEY_PREFIX = 'cg_';
const SHOWN_PREFIX_LENGTH = 10;

export interface ApiKeySummary {
  id: string;
  name: string;
  key_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Creates a key and returns it in clear exactly once; only its hash is stored. */
export async function createApiKey(
  database: Database,
  clock: Clock,
  name: string,
  key: string = generateToken(KEY_PREFIX),
): Promise<{ id: string; key: string }> {
  const row = apiKeyRow(clock, name, key);
  await database.db.insertInto('api_keys').values(row).execute();
  return { id: row.id, key };
}

function apiKeyRow(clock: Clock, name: string, key: string) {
  return {
    id: newId('apiKey', clock.now().getTime()),
    name,
    key_prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
    key_hash: sha256Hex(key),
    created_at: isoNow(clock),
  };
}

/**
 * Active keys by hash, trusted for 2 s without asking the database: every /v1 request is
 * authenticated, and on PostgreSQL that lookup was one of the ten round trips of a negativacao.
 * A revocation applies at once in the process that made it and within 2 s in the others.
 * Unknown keys are never cached.
 */
const activeKeys = new LRUCache<string, string>({ max: 1000, ttl: 2000 });

/** The id of the active key matching `key`, or undefined. */
export async function findActiveApiKey(
  database: Database,
  key: string,
): Promise<string | undefined> {
  const hash = sha256Hex(key);
  const cached = activeKeys.get(hash);
  if (cached) return cached;
  const id = (await selectActiveKey(database, { hash })).rows[0]?.id;
  if (id) activeKeys.set(hash, id);
  return id;
}

const selectActiveKey = prepareQuery<{ hash: string }, { id: string }>((db, params) =>
  db
    .selectFrom('api_keys')
    .select('id')
    .where('key_hash', '=', params.hash)
    .where('revoked_at', 'is', null),
);

export async function listApiKeys(database: Database): Promise<ApiKeySummary[]> {
  return database.db
    .selectFrom('api_keys')
    .select(['id', 'name', 'key_prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .orderBy('id')
    .execute();
}

export async function revokeApiKey(database: Database, clock: Clock, id: string): Promise<boolean> {
  const result = await database.db
    .updateTable('api_keys')
    .set({ revoked_at: isoNow(clock) })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  activeKeys.clear();
  return result.numUpdatedRows > 0n;
}

/** CREDGATE_BOOTSTRAP_API_KEY: registers the given key unless it is already known. */
export async function ensureApiKey(
  database: Database,
  clock: Clock,
  name: string,
  key: string,
): Promise<'created' | 'existing'> {
  // One statement: processes starting together (a deployment's replicas) all register it, and
  // the ones that lose the race find it there instead of failing their start.
  const inserted = await database.db
    .insertInto('api_keys')
    .values(apiKeyRow(clock, name, key))
    .onConflict((oc) => oc.column('key_hash').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted ? 'created' : 'existing';
}
