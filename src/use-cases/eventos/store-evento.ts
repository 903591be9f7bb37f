import { newId } from '../../domain/ids.js';
import type { Clock } from '../../infra/clock.js';
import type { Tx } from '../../infra/db/connect-database.js';
import { prepareQuery } from '../../infra/db/prepared-query.js';
import type { TipoEvento } from './tipos-evento.js';

export type EventoRow = {
  id: string;
  tipo: string;
  dados: string;
  criado_em: string;
};

/**
 * Stores a host-facing event (`eventos`) in the transaction of the change it tells about, so an
 * event exists exactly when its change committed. Fanning it out to the webhook endpoints starts
 * once the commit is done (see announceEventos).
 */
export async function storeEvento(
  tx: Tx,
  clock: Clock,
  tipo: TipoEvento,
  dados: Record<string, unknown>,
): Promise<string> {
  const row = eventoRow(clock, tipo, dados);
  await insertEvento(tx, row);
  tx.afterCommit(announceEventos);
  return row.id;
}

/** The row storeEvento inserts, for callers that fold the insert into a larger statement. */
export function eventoRow(clock: Clock, tipo: TipoEvento, dados: Record<string, unknown>) {
  const now = clock.now();
  return {
    id: newId('eventoSaida', now.getTime()),
    tipo,
    dados: JSON.stringify(dados),
    criado_em: now.toISOString(),
  } satisfies EventoRow;
}

export const insertEvento = prepareQuery<EventoRow, never>((db, row) =>
  db
    .insertInto('eventos')
    .values({ id: row.id, tipo: row.tipo, dados: row.dados, criado_em: row.criado_em }),
);

const listeners = new Set<() => void>();

/**
 * Tells this process's fan-out loop that events were committed, so they leave within
 * milliseconds; other processes find them at their next poll. A lost signal costs latency only:
 * the pending events are the rows whose `distribuido_em` is null.
 */
export function announceEventos(): void {
  for (const listener of listeners) listener();
}

/** Subscribes to announceEventos; returns the unsubscribe. */
export function onEventosAnnounced(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
