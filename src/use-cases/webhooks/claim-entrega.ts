import type { AppContext } from '../../app-context.js';
import { isoNow } from '../../infra/clock.js';
import type { EntregaRow, EventoRow, WebhookRow } from './entrega-store.js';

type Deps = Pick<AppContext, 'database' | 'clock'>;

/**
 * A claim older than this belongs to a sender that died without its job being retried (its job
 * exhausted its attempts): another job may take the message over. Well above the 15 s answer
 * deadline plus recording.
 */
const STALE_CLAIM_MS = 2 * 60_000;

export interface Alvo {
  entrega: EntregaRow;
  webhook: WebhookRow;
  evento: EventoRow;
}

/**
 * Takes attempt number `tentativa` of a message for job `jobId`, committed before anything is
 * sent, so two jobs (a scheduled retry and a replay) never send one message at once. The same
 * job run again after a crash takes its claim back and sends again: at least once, with the same
 * `webhook-id`. Null when the attempt is no longer due (made by another job, delivered, or
 * abandoned).
 */
export async function claimEntrega(
  ctx: Deps,
  entregaId: string,
  tentativa: number,
  jobId: string,
): Promise<Alvo | null> {
  const now = ctx.clock.now();
  const stale = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
  const entrega = await ctx.database.commitOne(({ db }) =>
    db
      .updateTable('entregas')
      .set({ envio_job: jobId, envio_desde: isoNow(ctx.clock) })
      .where('id', '=', entregaId)
      .where('tentativas', '=', tentativa - 1)
      .where('situacao', 'in', ['pendente', 'falhou'])
      .where((eb) =>
        eb.or([
          eb('envio_job', 'is', null),
          eb('envio_job', '=', jobId),
          eb('envio_desde', '<', stale),
        ]),
      )
      .returningAll()
      .executeTakeFirst(),
  );
  if (!entrega) return null;
  const [webhook, evento] = await Promise.all([
    ctx.database.db
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', entrega.webhook_id)
      .executeTakeFirstOrThrow(),
    ctx.database.db
      .selectFrom('eventos')
      .selectAll()
      .where('id', '=', entrega.evento_id)
      .executeTakeFirstOrThrow(),
  ]);
  return { entrega, webhook, evento };
}
