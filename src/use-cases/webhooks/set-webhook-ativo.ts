import type { AppContext } from '../../app-context.js';
import { isoNow, type Clock } from '../../infra/clock.js';
import type { Tx } from '../../infra/db/connect-database.js';
import { abandonPending } from './entrega-store.js';
import { findWebhook } from './list-webhooks.js';
import { presentWebhook, type WebhookView } from './present-webhook.js';

type Deps = Pick<AppContext, 'database' | 'clock'>;

/** Why an endpoint stopped receiving. */
export type MotivoDesativacao =
  'manual' | 'endpoint_respondeu_410' | 'falhas_por_5_dias' | 'excluido';

/**
 * Stops deliveries to an endpoint: its waiting messages are abandoned (a replay sends them again
 * once it is active) and new events are no longer fanned out to it.
 */
export async function disableWebhook(
  tx: Tx,
  clock: Clock,
  webhookId: string,
  motivo: MotivoDesativacao,
): Promise<void> {
  const now = isoNow(clock);
  await tx.db
    .updateTable('webhooks')
    .set({ ativo: 0, desativado_motivo: motivo, desativado_em: now, atualizado_em: now })
    .where('id', '=', webhookId)
    .execute();
  await abandonPending(tx, webhookId, `webhook desativado (${motivo})`);
}

/**
 * `ativar` starts a clean slate (no failures counted); `desativar` stops deliveries. Messages
 * abandoned meanwhile are not resent by activation: replay the period (POST .../reenviar).
 */
export async function setWebhookAtivo(ctx: Deps, id: string, ativo: boolean): Promise<WebhookView> {
  await findWebhook(ctx, id);
  await ctx.database.transact(async (tx) => {
    if (!ativo) return disableWebhook(tx, ctx.clock, id, 'manual');
    await tx.db
      .updateTable('webhooks')
      .set({
        ativo: 1,
        desativado_motivo: null,
        desativado_em: null,
        falhando_desde: null,
        atualizado_em: isoNow(ctx.clock),
      })
      .where('id', '=', id)
      .execute();
  });
  return presentWebhook(await findWebhook(ctx, id), ctx.clock.now());
}
