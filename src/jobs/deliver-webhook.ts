import type { AppContext } from '../app-context.js';
import { PermanentJobError, type JobHandler } from '../infra/queue/run-worker.js';
import type { Resolver } from '../infra/webhooks/guard-address.js';
import { sendWebhook } from '../infra/webhooks/send-webhook.js';
import { signWebhook } from '../infra/webhooks/sign-webhook.js';
import { claimEntrega, type Alvo } from '../use-cases/webhooks/claim-entrega.js';
import {
  DELIVER_WEBHOOK,
  DELIVERY_TIMEOUT_MS,
  eventoBody,
  type WebhookRow,
} from '../use-cases/webhooks/entrega-store.js';
import { recordTentativa } from '../use-cases/webhooks/record-tentativa.js';

export { DELIVER_WEBHOOK };

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs' | 'config' | 'secretBox' | 'logger'>;

/**
 * One attempt of one message (Standard Webhooks): claim it, sign the event with the endpoint's
 * secret(s), POST it, record the answer and schedule what follows. `resolve` replaces DNS in
 * tests.
 */
export function deliverWebhook(ctx: Deps, options: { resolve?: Resolver } = {}): JobHandler {
  return async ({ job, signal }) => {
    const { entregaId, tentativa } = job.payload as { entregaId?: string; tentativa?: number };
    if (!entregaId || !tentativa) throw new PermanentJobError('payload without entregaId');
    const alvo = await claimEntrega(ctx, entregaId, tentativa, job.id);
    if (!alvo) return;
    if (alvo.webhook.ativo !== 1) return abandon(ctx, alvo, job.id);
    const iniciadaEm = ctx.clock.now();
    const body = eventoBody(alvo.evento);
    const headers = signWebhook(
      alvo.entrega.id,
      Math.floor(iniciadaEm.getTime() / 1000),
      body,
      secretsInForce(ctx, alvo.webhook, iniciadaEm),
    );
    const answer = await sendWebhook({
      url: alvo.webhook.url,
      headers: { ...headers },
      body,
      allowPrivate: ctx.config.allowPrivateWebhooks,
      timeoutMs: DELIVERY_TIMEOUT_MS,
      signal,
      resolve: options.resolve,
    });
    const situacao = await recordTentativa(ctx, alvo, job.id, tentativa, iniciadaEm, answer);
    ctx.logger.info(
      {
        webhookId: alvo.webhook.id,
        entregaId,
        tentativa,
        status: answer.tipo === 'resposta' ? answer.status : null,
        erro: answer.tipo === 'falha' ? answer.erro : undefined,
        latenciaMs: answer.latenciaMs,
        situacao,
      },
      'webhook delivery attempt',
    );
  };
}

/** The current secret, and the previous one while a rotation's overlap lasts. */
function secretsInForce(ctx: Pick<Deps, 'secretBox'>, webhook: WebhookRow, now: Date): string[] {
  const secrets = [ctx.secretBox.open(webhook.segredo_cifrado)];
  if (
    webhook.segredo_anterior_cifrado &&
    webhook.segredo_anterior_ate &&
    webhook.segredo_anterior_ate > now.toISOString()
  ) {
    secrets.push(ctx.secretBox.open(webhook.segredo_anterior_cifrado));
  }
  return secrets;
}

/** The endpoint was disabled after the message was queued: nothing is sent. */
async function abandon(ctx: Deps, alvo: Alvo, jobId: string): Promise<void> {
  await ctx.database.db
    .updateTable('entregas')
    .set({
      situacao: 'abandonada',
      proxima_em: null,
      ultimo_erro: `webhook desativado (${alvo.webhook.desativado_motivo ?? 'manual'})`,
      envio_job: null,
      envio_desde: null,
    })
    .where('id', '=', alvo.entrega.id)
    .where('envio_job', '=', jobId)
    .execute();
}
