import type { AppContext } from '../../app-context.js';
import { newId } from '../../domain/ids.js';
import type { SituacaoEntrega } from '../../infra/db/schema.js';
import type { WebhookAnswer } from '../../infra/webhooks/send-webhook.js';
import { parseRetryAfter } from '../../providers/send-http.js';
import { raiseAlerta } from '../alertas/raise-alerta.js';
import type { Alvo } from './claim-entrega.js';
import { deliveryJob } from './entrega-store.js';
import { retryDelayMs } from './retry-schedule.js';
import { disableWebhook, type MotivoDesativacao } from './set-webhook-ativo.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs'>;

/** An endpoint failing every attempt for this long is disabled, with an alert. */
export const DESATIVAR_APOS_FALHAS_MS = 5 * 24 * 3_600_000;

interface Desfecho {
  situacao: SituacaoEntrega;
  proxima: Date | null;
  desativar: MotivoDesativacao | null;
}

/** What an answer means for the message and its endpoint (see recordTentativa). */
export function judgeAnswer(
  alvo: Alvo,
  tentativa: number,
  answer: WebhookAnswer,
  now: Date,
  random: () => number = Math.random,
): Desfecho {
  const status = answer.tipo === 'resposta' ? answer.status : null;
  if (status !== null && status >= 200 && status < 300) {
    return { situacao: 'entregue', proxima: null, desativar: null };
  }
  if (status === 410) {
    return { situacao: 'abandonada', proxima: null, desativar: 'endpoint_respondeu_410' };
  }
  const falhandoDesde = alvo.webhook.falhando_desde;
  if (falhandoDesde && now.getTime() - Date.parse(falhandoDesde) >= DESATIVAR_APOS_FALHAS_MS) {
    return { situacao: 'abandonada', proxima: null, desativar: 'falhas_por_5_dias' };
  }
  const retryAfterMs =
    answer.tipo === 'resposta' && (status === 429 || status === 503)
      ? parseRetryAfter(answer.retryAfter, now)
      : undefined;
  const delay = retryDelayMs(tentativa, retryAfterMs, random);
  if (delay === null) return { situacao: 'abandonada', proxima: null, desativar: null };
  return { situacao: 'falhou', proxima: new Date(now.getTime() + delay), desativar: null };
}

/**
 * Records an attempt and what follows from it, in one transaction: the attempt row, the message
 * (delivered; failed with its next attempt scheduled by the job created here; or abandoned once
 * the schedule ran out), and the endpoint's health (a 2xx clears `falhando_desde`, a 410 or five
 * days of failures disable it with an alert).
 */
export async function recordTentativa(
  ctx: Deps,
  alvo: Alvo,
  jobId: string,
  tentativa: number,
  iniciadaEm: Date,
  answer: WebhookAnswer,
): Promise<SituacaoEntrega> {
  const now = ctx.clock.now();
  const desfecho = judgeAnswer(alvo, tentativa, answer, now);
  const { entrega, webhook } = alvo;
  const status = answer.tipo === 'resposta' ? answer.status : null;
  const erro = answer.tipo === 'falha' ? answer.erro : null;
  await ctx.database.transact(async (tx) => {
    await tx.db
      .insertInto('entrega_tentativas')
      .values({
        id: newId('entregaTentativa', now.getTime()),
        entrega_id: entrega.id,
        numero: tentativa,
        iniciada_em: iniciadaEm.toISOString(),
        status,
        latencia_ms: answer.latenciaMs,
        resposta: answer.tipo === 'resposta' ? answer.resposta : null,
        erro,
        resultado: desfecho.situacao,
      })
      .execute();
    const updated = await tx.db
      .updateTable('entregas')
      .set({
        tentativas: tentativa,
        situacao: desfecho.situacao,
        proxima_em: desfecho.proxima?.toISOString() ?? null,
        ultima_tentativa_em: iniciadaEm.toISOString(),
        ultimo_status: status,
        ultimo_erro: erro ?? (desfecho.situacao === 'entregue' ? null : `HTTP ${status}`),
        entregue_em: desfecho.situacao === 'entregue' ? now.toISOString() : null,
        envio_job: null,
        envio_desde: null,
      })
      .where('id', '=', entrega.id)
      .where('envio_job', '=', jobId)
      .executeTakeFirst();
    // Taken over by another job meanwhile: the attempt is on record, the schedule is the other's.
    if (updated.numUpdatedRows === 0n) return;
    if (desfecho.proxima) {
      await ctx.jobs.enqueue(
        tx,
        deliveryJob(entrega.id, tentativa + 1, { runAt: desfecho.proxima }),
      );
    }
    if (desfecho.situacao === 'entregue') {
      if (webhook.falhando_desde !== null) {
        await tx.db
          .updateTable('webhooks')
          .set({ falhando_desde: null })
          .where('id', '=', webhook.id)
          .execute();
      }
    } else if (desfecho.desativar) {
      await disableWebhook(tx, ctx.clock, webhook.id, desfecho.desativar);
      const { origin, pathname } = new URL(webhook.url);
      await raiseAlerta(tx, ctx.clock, {
        tipo: 'webhook_desativado',
        mensagem:
          `webhook ${webhook.id} (${origin}${pathname}) desativado: ` +
          (desfecho.desativar === 'endpoint_respondeu_410'
            ? 'o endpoint respondeu 410 Gone'
            : `falha em toda tentativa desde ${webhook.falhando_desde}`) +
          '; reative com POST /v1/webhooks/{id}/ativar e reenvie o periodo com .../reenviar',
        detalhes: {
          webhook_id: webhook.id,
          motivo: desfecho.desativar,
          falhando_desde: webhook.falhando_desde,
          entrega_id: entrega.id,
        },
      });
    } else if (webhook.falhando_desde === null) {
      await tx.db
        .updateTable('webhooks')
        .set({ falhando_desde: iniciadaEm.toISOString() })
        .where('id', '=', webhook.id)
        .where('falhando_desde', 'is', null)
        .execute();
    }
  });
  return desfecho.situacao;
}
