import { newId } from '../../domain/ids.js';
import type { Clock } from '../../infra/clock.js';
import type { Tx } from '../../infra/db/connect-database.js';
import { storeEvento } from '../eventos/store-evento.js';
import { INTEGRACAO_ALERTA } from '../eventos/tipos-evento.js';

/**
 * Alert types told to the host by an event of their own instead of `integracao.alerta`, so one
 * occurrence is one event.
 */
const ALERTAS_COM_EVENTO_PROPRIO = new Set(['prazo_baixa_em_risco']);

/** Stores an alert for the operator and, in the same transaction, its event for the host. */
export async function raiseAlerta(
  tx: Tx,
  clock: Clock,
  alerta: {
    tipo: string;
    mensagem: string;
    integracao_id?: string | null;
    negativacao_id?: string | null;
    detalhes?: Record<string, unknown>;
  },
): Promise<void> {
  const now = clock.now();
  const row = {
    id: newId('alerta', now.getTime()),
    tipo: alerta.tipo,
    mensagem: alerta.mensagem,
    integracao_id: alerta.integracao_id ?? null,
    negativacao_id: alerta.negativacao_id ?? null,
    detalhes: alerta.detalhes ?? {},
    criado_em: now.toISOString(),
  };
  await tx.db
    .insertInto('alertas')
    .values({ ...row, detalhes: JSON.stringify(row.detalhes) })
    .execute();
  if (!ALERTAS_COM_EVENTO_PROPRIO.has(alerta.tipo)) {
    await storeEvento(tx, clock, INTEGRACAO_ALERTA, row);
  }
}
