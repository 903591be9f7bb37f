import { CompiledQuery, type Kysely } from 'kysely';
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

const lookupSql = new WeakMap<Kysely<DB>, string>();
const decoded = new Map<string, Pick<ReceivingIntegracao, 'settings' | 'credentials'>>();
const DECODED_CACHE_SIZE = 500;

/**
 * The integration behind an inbound URL token. This runs on every provider request, so the
 * query is compiled once per database and the decrypted receiver settings are memoised by
 * their ciphertext: any update writes a new ciphertext, so a stale entry is never hit.
 */
export async function findReceivingIntegracao(
  ctx: Pick<AppContext, 'database' | 'secretBox'>,
  token: string,
): Promise<ReceivingIntegracao | undefined> {
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
  const result = await db.executeQuery<Row>(CompiledQuery.raw(text, [sha256Hex(token)]));
  const row = result.rows[0];
  if (!row) return undefined;

  const memoKey = row.configuracoes + row.credenciais_cifradas;
  let receiver = decoded.get(memoKey);
  if (!receiver) {
    receiver = {
      settings: (JSON.parse(row.configuracoes) as { recebimento?: ReceiverSettings }).recebimento!,
      credentials:
        ctx.secretBox.openJson<{ recebimento?: ReceiverCredentials }>(row.credenciais_cifradas)
          .recebimento ?? {},
    };
    if (decoded.size >= DECODED_CACHE_SIZE) decoded.delete(decoded.keys().next().value!);
    decoded.set(memoKey, receiver);
  }
  return { id: row.id, provedor: row.provedor, situacao: row.situacao, ...receiver };
}
