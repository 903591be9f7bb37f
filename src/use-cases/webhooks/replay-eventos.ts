import type { AppContext } from '../../app-context.js';
import { notFound, RequestError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { isoNow } from '../../infra/clock.js';
import type { Tx } from '../../infra/db/connect-database.js';
import { acceptsTipo, deliveryJob, type WebhookRow } from './entrega-store.js';
import { findWebhook } from './list-webhooks.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs'>;

/** Events one range replay may cover; a larger period is replayed in parts. */
export const MAX_EVENTOS_REENVIO = 10_000;
const PAGE = 500;

/**
 * Sends an event again, now, to one endpoint or to every active endpoint taking its type. A
 * message already delivered is sent again with the same `webhook-id` (a host that deduplicates
 * by it sees a repeat); one never created (the endpoint came later) is created.
 */
export async function replayEvento(ctx: Deps, eventoId: string, webhookId?: string) {
  const evento = await ctx.database.db
    .selectFrom('eventos')
    .select(['id', 'tipo'])
    .where('id', '=', eventoId)
    .executeTakeFirst();
  if (!evento) throw notFound('evento', eventoId);
  const alvos = webhookId
    ? [activeWebhook(await findWebhook(ctx, webhookId), 'webhook_id')]
    : (
        await ctx.database.db
          .selectFrom('webhooks')
          .selectAll()
          .where('ativo', '=', 1)
          .where('excluido_em', 'is', null)
          .execute()
      ).filter((w) => acceptsTipo(w, evento.tipo));
  const entregas = await ctx.database.transact(async (tx) => {
    const feitas: Array<{ id: string; webhook_id: string }> = [];
    for (const webhook of alvos) {
      feitas.push({ id: await requeue(ctx, tx, evento.id, webhook.id), webhook_id: webhook.id });
    }
    return feitas;
  });
  return { evento_id: evento.id, entregas };
}

/**
 * Sends every event of a period (`desde` ≤ criado_em ≤ `ate`) that the endpoint takes again, now,
 * including those that happened while it was disabled or before it existed.
 */
export async function replayPeriodo(ctx: Deps, webhookId: string, desde: string, ate: string) {
  const webhook = activeWebhook(await findWebhook(ctx, webhookId), 'id');
  const [inicio, fim] = [new Date(desde).toISOString(), new Date(ate).toISOString()];
  if (inicio > fim) {
    throw new RequestError(
      400,
      'campo_invalido',
      'ate: deve ser igual ou posterior a desde',
      'ate',
    );
  }
  const tipos = JSON.parse(webhook.tipos) as string[];
  const inRange = () =>
    ctx.database.db
      .selectFrom('eventos')
      .where('criado_em', '>=', inicio)
      .where('criado_em', '<=', fim)
      .$if(tipos.length > 0, (qb) => qb.where('tipo', 'in', tipos));
  const { total } = await inRange()
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  if (Number(total) > MAX_EVENTOS_REENVIO) {
    throw new RequestError(
      422,
      'periodo_grande_demais',
      `ate: o periodo tem ${total} eventos; reenvie no maximo ${MAX_EVENTOS_REENVIO} por vez`,
      'ate',
    );
  }
  let depois = '';
  let eventos = 0;
  for (;;) {
    const page = await inRange()
      .select('id')
      .where('id', '>', depois)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (page.length === 0) break;
    await ctx.database.transact(async (tx) => {
      for (const { id } of page) await requeue(ctx, tx, id, webhook.id);
    });
    eventos += page.length;
    depois = page.at(-1)!.id;
  }
  return { webhook_id: webhook.id, desde: inicio, ate: fim, eventos_reenviados: eventos };
}

function activeWebhook(webhook: WebhookRow, campo: string): WebhookRow {
  if (webhook.ativo !== 1) {
    throw new RequestError(
      409,
      'webhook_desativado',
      `webhook ${webhook.id} esta desativado; ative-o antes de reenviar`,
      campo,
    );
  }
  return webhook;
}

/** The message of an event for an endpoint, made pending again (or created) with its job. */
async function requeue(ctx: Deps, tx: Tx, eventoId: string, webhookId: string): Promise<string> {
  const now = isoNow(ctx.clock);
  const entrega = await tx.db
    .insertInto('entregas')
    .values({
      id: newId('entrega', ctx.clock.now().getTime()),
      evento_id: eventoId,
      webhook_id: webhookId,
      situacao: 'pendente',
      tentativas: 0,
      proxima_em: now,
      criada_em: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['evento_id', 'webhook_id'])
        .doUpdateSet({ situacao: 'pendente', proxima_em: now }),
    )
    .returning(['id', 'tentativas'])
    .executeTakeFirstOrThrow();
  await ctx.jobs.enqueue(
    tx,
    deliveryJob(entrega.id, entrega.tentativas + 1, { reenvio: ctx.clock.now().getTime() }),
  );
  return entrega.id;
}
