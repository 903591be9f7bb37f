import { CompiledQuery, type Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { AppContext } from '../app-context.js';
import { sha256Hex } from '../infra/crypto/tokens.js';
import type { DB } from '../infra/db/schema.js';
import type { ReceiverCredentials, ReceiverSettings } from './receiver-settings.js';

export interface ReceivingIntegracao {
  id: string;
  provedor: string;
  situacao: 'ativa' | 'desativada';
  settings: ReceiverSettings;
  credentials: ReceiverCredentials;
}

interface Row {
  id: string;
  provedor: string;
  situacao: 'ativa' | 'desativada';
  configuracoes: string;
  credenciais_cifradas: string;
}

/**
 * Resolved tokens, trusted for 2 s without asking the database. Changes made in this process
 * apply at once (see forgetReceivingIntegracoes); other processes see them within 2 s. Unknown
 * tokens are never cached.
 */
const cache = new LRUCache<string, ReceivingIntegracao>({ max: 1000, ttl: 2000 });
const lookupSql = new WeakMap<Kysely<DB>, string>();

/**
 * The integration behind an inbound URL token. This runs on every provider request, so
 * resolutions are cached briefly and the lookup query is compiled once per database.
 */
export async function findReceivingIntegracao(
  ctx: Pick<AppContext, 'database' | 'secretBox'>,
  token: string,
): Promise<ReceivingIntegracao | undefined> {
  const tokenHash = sha256Hex(token);
  const cached = cache.get(tokenHash);
  if (cached) return cached;

  const { db } = ctx.database;
  let text = lookupSql.get(db);
  if (!text) {
    text = db
      .selectFrom('integracoes')
      .select(['id', 'provedor', 'situacao', 'configuracoes', 'credenciais_cifradas'])
      .where('token_hash', '=', '')
      .compile().sql;
    lookupSql.set(db, text);
  }
  const row = (await db.executeQuery<Row>(CompiledQuery.raw(text, [tokenHash]))).rows[0];
  if (!row) return undefined;
  const integracao: ReceivingIntegracao = {
    id: row.id,
    provedor: row.provedor,
    situacao: row.situacao,
    settings: (JSON.parse(row.configuracoes) as { recebimento?: ReceiverSettings }).recebimento!,
    credentials:
      ctx.secretBox.openJson<{ recebimento?: ReceiverCredentials }>(row.credenciais_cifradas)
        .recebimento ?? {},
  };
  cache.set(tokenHash, integracao);
  return integracao;
}

/** Called after any change to an integration, so this process applies it to the next request. */
export function forgetReceivingIntegracoes(): void {
  cache.clear();
}
