import type { AppContext } from '../../app-context.js';
import type { Tx } from '../../infra/db/connect-database.js';
import { prepareQuery } from '../../infra/db/prepared-query.js';
import type { RegrasPropostas } from '../../providers/contract.js';

type Deps = Pick<AppContext, 'providers'>;

/**
 * How long a process trusts the rules it resolved for an integration, ms: callbacks arrive by
 * the thousand per second, and their integration's settings rarely change. A change (such as
 * `produto`) is seen within this time, in every process.
 */
const TTL_MS = 2000;
const CACHE_SIZE = 1000;

interface Entry {
  /** The integration's settings (JSON text) the rules were built from. */
  stamp: string;
  readAt: number;
  regras: RegrasPropostas | undefined;
}

const cache = new Map<string, Entry>();

/**
 * The proposal status table an integration's callbacks are judged by: its provider's table for
 * the product its settings name. Undefined when the provider has none.
 */
export async function resolveRegrasPropostas(
  ctx: Deps,
  tx: Tx,
  integracaoId: string,
): Promise<RegrasPropostas | undefined> {
  const cached = cache.get(integracaoId);
  const now = performance.now();
  if (cached && now - cached.readAt < TTL_MS) return cached.regras;
  const row = (await readIntegracao(tx, { id: integracaoId })).rows[0];
  if (!row) throw new Error(`integracao ${integracaoId} not found`);
  if (cached && cached.stamp === row.configuracoes) {
    cached.readAt = now;
    return cached.regras;
  }
  const provider = ctx.providers.get(row.provedor);
  const stored: unknown = JSON.parse(row.configuracoes);
  // Settings were validated when saved. Should a later schema refuse some unrelated field of a
  // stored row, the callbacks must still apply: the adapter then reads the row as stored.
  const parsed = provider?.settingsSchema.safeParse(stored);
  const regras = provider?.propostas?.(parsed?.success ? parsed.data : stored);
  if (!cached && cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(integracaoId, { stamp: row.configuracoes, readAt: now, regras });
  return regras;
}

const readIntegracao = prepareQuery<{ id: string }, { provedor: string; configuracoes: string }>(
  (db, params) =>
    db.selectFrom('integracoes').select(['provedor', 'configuracoes']).where('id', '=', params.id),
);
