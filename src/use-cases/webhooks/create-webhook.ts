import type { AppContext } from '../../app-context.js';
import { RequestError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { isoNow } from '../../infra/clock.js';
import { generateSecret, secretKey } from '../../infra/webhooks/sign-webhook.js';
import { checkWebhookUrl } from './check-webhook-url.js';
import { presentWebhook, type WebhookView } from './present-webhook.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'config' | 'secretBox'>;

export interface NovoWebhook {
  url: string;
  descricao?: string;
  tipos?: string[];
  /** A `whsec_` secret of the host's own; generated when absent. */
  segredo?: string;
}

/**
 * Registers an endpoint. The secret is returned here and at rotation only: it is stored
 * encrypted and never shown again.
 */
export async function createWebhook(
  ctx: Deps,
  input: NovoWebhook,
): Promise<{ webhook: WebhookView; segredo: string }> {
  const url = await checkWebhookUrl(ctx, input.url);
  const segredo = input.segredo ?? generateSecret();
  checkSecret(segredo);
  const now = isoNow(ctx.clock);
  const row = {
    id: newId('webhook', ctx.clock.now().getTime()),
    url,
    descricao: input.descricao ?? '',
    tipos: JSON.stringify([...new Set(input.tipos ?? [])]),
    segredo_cifrado: ctx.secretBox.seal(segredo),
    segredo_anterior_cifrado: null,
    segredo_anterior_ate: null,
    ativo: 1,
    desativado_motivo: null,
    desativado_em: null,
    falhando_desde: null,
    excluido_em: null,
    criado_em: now,
    atualizado_em: now,
  };
  await ctx.database.db.insertInto('webhooks').values(row).execute();
  return { webhook: presentWebhook(row, ctx.clock.now()), segredo };
}

/** 400 naming `segredo` unless it is `whsec_` + base64 of 24 to 64 bytes. */
export function checkSecret(segredo: string): void {
  if (!secretKey(segredo)) {
    throw new RequestError(
      400,
      'segredo_invalido',
      'segredo: use whsec_ seguido de 24 a 64 bytes aleatorios em base64 (com padding)',
      'segredo',
    );
  }
}
