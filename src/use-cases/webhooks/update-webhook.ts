import type { AppContext } from '../../app-context.js';
import { isoNow } from '../../infra/clock.js';
import { checkWebhookUrl } from './check-webhook-url.js';
import { findWebhook } from './list-webhooks.js';
import { presentWebhook, type WebhookView } from './present-webhook.js';
import { disableWebhook } from './set-webhook-ativo.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'config'>;

/** Changes what was sent; a new URL is checked like at registration. Takes effect on new attempts. */
export async function updateWebhook(
  ctx: Deps,
  id: string,
  patch: { url?: string; descricao?: string; tipos?: string[] },
): Promise<WebhookView> {
  await findWebhook(ctx, id);
  const url = patch.url === undefined ? undefined : await checkWebhookUrl(ctx, patch.url);
  await ctx.database.db
    .updateTable('webhooks')
    .set({
      ...(url !== undefined && { url }),
      ...(patch.descricao !== undefined && { descricao: patch.descricao }),
      ...(patch.tipos !== undefined && { tipos: JSON.stringify([...new Set(patch.tipos)]) }),
      atualizado_em: isoNow(ctx.clock),
    })
    .where('id', '=', id)
    .execute();
  return presentWebhook(await findWebhook(ctx, id), ctx.clock.now());
}

/**
 * Deleting keeps the endpoint's deliveries for the record (`GET /v1/eventos/{id}` still lists
 * them) but wipes its secrets; the endpoint disappears from the API.
 */
export async function deleteWebhook(ctx: Deps, id: string): Promise<void> {
  await findWebhook(ctx, id);
  await ctx.database.transact(async (tx) => {
    await disableWebhook(tx, ctx.clock, id, 'excluido');
    await tx.db
      .updateTable('webhooks')
      .set({
        excluido_em: isoNow(ctx.clock),
        segredo_cifrado: '',
        segredo_anterior_cifrado: null,
        segredo_anterior_ate: null,
      })
      .where('id', '=', id)
      .execute();
  });
}
