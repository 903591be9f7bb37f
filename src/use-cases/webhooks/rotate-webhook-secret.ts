import type { AppContext } from '../../app-context.js';
import { isoNow } from '../../infra/clock.js';
import { generateSecret } from '../../infra/webhooks/sign-webhook.js';
import { checkSecret } from './create-webhook.js';
import { findWebhook } from './list-webhooks.js';
import { presentWebhook, type WebhookView } from './present-webhook.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'secretBox'>;

export const SOBREPOSICAO_PADRAO_HORAS = 24;

/**
 * A new secret, shown once. The previous one stays valid for `horas` (messages carry both
 * signatures meanwhile) so the host can switch without losing a message; 0 drops it at once.
 * Rotating again during an overlap keeps only the secret being replaced.
 */
export async function rotateWebhookSecret(
  ctx: Deps,
  id: string,
  options: { manter_anterior_por_horas?: number; segredo?: string },
): Promise<{ webhook: WebhookView; segredo: string }> {
  const atual = await findWebhook(ctx, id);
  const segredo = options.segredo ?? generateSecret();
  checkSecret(segredo);
  const horas = options.manter_anterior_por_horas ?? SOBREPOSICAO_PADRAO_HORAS;
  const ate = new Date(ctx.clock.now().getTime() + horas * 3_600_000).toISOString();
  const row = await ctx.database.db
    .updateTable('webhooks')
    .set({
      segredo_cifrado: ctx.secretBox.seal(segredo),
      segredo_anterior_cifrado: horas > 0 ? atual.segredo_cifrado : null,
      segredo_anterior_ate: horas > 0 ? ate : null,
      atualizado_em: isoNow(ctx.clock),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { webhook: presentWebhook(row, ctx.clock.now()), segredo };
}
