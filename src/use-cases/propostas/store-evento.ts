import { newId } from '../../domain/ids.js';
import type { Clock } from '../../infra/clock.js';
import type { Tx } from '../../infra/db/connect-database.js';
import { prepareQuery } from '../../infra/db/prepared-query.js';

/**
 * Stores a host-facing event (`eventos`) in the transaction of the change it tells about, so an
 * event exists exactly when its change committed. Delivering them (Standard Webhooks) is a later
 * step that reads this table.
 */
export async function storeEvento(
  tx: Tx,
  clock: Clock,
  tipo: string,
  dados: Record<string, unknown>,
): Promise<string> {
  const now = clock.now();
  const id = newId('eventoSaida', now.getTime());
  await insertEvento(tx, { id, tipo, dados: JSON.stringify(dados), criado_em: now.toISOString() });
  return id;
}

const insertEvento = prepareQuery<
  { id: string; tipo: string; dados: string; criado_em: string },
  never
>((db, row) =>
  db
    .insertInto('eventos')
    .values({ id: row.id, tipo: row.tipo, dados: row.dados, criado_em: row.criado_em }),
);
