import type { Selectable } from 'kysely';
import type { Tx } from '../../infra/db/connect-database.js';
import type { EntregaTable, EventoTable, WebhookTable } from '../../infra/db/schema.js';
import type { JobSpec } from '../../infra/queue/job-queue.js';

export type WebhookRow = Selectable<WebhookTable>;
export type EntregaRow = Selectable<EntregaTable>;
export type EventoRow = Selectable<EventoTable>;

export const DELIVER_WEBHOOK = 'entregar-webhook';

/** Deliveries wait on endpoints for up to 15 s each: they get workers of their own. */
export const WEBHOOK_QUEUE = 'webhooks';

/** Longest wait for an endpoint's answer: success is a 2xx within this time. */
export const DELIVERY_TIMEOUT_MS = 15_000;

/**
 * The job making attempt number `tentativa` of an entrega. The attempt number is in the unique
 * key, so a retried job never schedules its successor twice; `reenvio` (a replay asked through
 * the API) gets a key of its own so that it is not held back by a retry scheduled for later.
 */
export function deliveryJob(
  entregaId: string,
  tentativa: number,
  options: { runAt?: Date; reenvio?: number } = {},
): JobSpec {
  const suffix = options.reenvio === undefined ? '' : `:reenvio:${options.reenvio}`;
  return {
    kind: DELIVER_WEBHOOK,
    queue: WEBHOOK_QUEUE,
    payload: { entregaId, tentativa },
    uniqueKey: `${DELIVER_WEBHOOK}:${entregaId}:${tentativa}${suffix}`,
    runAt: options.runAt,
  };
}

/** Event types an endpoint takes: empty means every type. */
export function acceptsTipo(webhook: Pick<WebhookRow, 'tipos'>, tipo: string): boolean {
  const tipos = JSON.parse(webhook.tipos) as string[];
  return tipos.length === 0 || tipos.includes(tipo);
}

/** The body every attempt of an event's messages sends, byte for byte. */
export function eventoBody(evento: Pick<EventoRow, 'tipo' | 'criado_em' | 'dados'>): string {
  return JSON.stringify({
    type: evento.tipo,
    timestamp: evento.criado_em,
    data: JSON.parse(evento.dados) as unknown,
  });
}

/** Messages still waiting for an endpoint that stops taking them are abandoned, not sent. */
export async function abandonPending(tx: Tx, webhookId: string, motivo: string): Promise<void> {
  await tx.db
    .updateTable('entregas')
    .set({ situacao: 'abandonada', proxima_em: null, ultimo_erro: motivo })
    .where('webhook_id', '=', webhookId)
    .where('situacao', 'in', ['pendente', 'falhou'])
    .execute();
}
