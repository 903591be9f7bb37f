import type { AppContext } from '../../app-context.js';
import { newId } from '../../domain/ids.js';
import { isoNow } from '../../infra/clock.js';
import type { Tx } from '../../infra/db/connect-database.js';
import { acceptsTipo, deliveryJob } from './entrega-store.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs'>;

/** Events fanned out per transaction. */
const BATCH = 200;
/** Rows per INSERT, well under SQLite's bound-variable limit. */
const INSERT_CHUNK = 100;

/**
 * Fans one batch of stored events out to the active endpoints that take their type and existed
 * when they happened: one `entregas` row per event and endpoint, and its delivery job, in the
 * transaction that marks the events distributed. A crash before the commit leaves the events
 * pending; after it, their messages and jobs exist. Returns how many events were handled.
 */
export async function fanOutEventos(ctx: Deps): Promise<number> {
  const waiting = await ctx.database.db
    .selectFrom('eventos')
    .select('id')
    .where('distribuido_em', 'is', null)
    .limit(1)
    .executeTakeFirst();
  if (!waiting) return 0;
  return ctx.database.transact(async (tx) => {
    const eventos = await claimPending(tx, isoNow(ctx.clock));
    if (eventos.length === 0) return 0;
    const webhooks = await tx.db
      .selectFrom('webhooks')
      .select(['id', 'tipos', 'criado_em'])
      .where('ativo', '=', 1)
      .execute();
    const now = isoNow(ctx.clock);
    const rows = eventos.flatMap((evento) =>
      webhooks
        .filter((w) => w.criado_em <= evento.criado_em && acceptsTipo(w, evento.tipo))
        .map((w) => ({
          id: newId('entrega', ctx.clock.now().getTime()),
          evento_id: evento.id,
          webhook_id: w.id,
          situacao: 'pendente' as const,
          tentativas: 0,
          proxima_em: now,
          criada_em: now,
        })),
    );
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const inserted = await tx.db
        .insertInto('entregas')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .onConflict((oc) => oc.columns(['evento_id', 'webhook_id']).doNothing())
        .returning('id')
        .execute();
      for (const { id } of inserted) await ctx.jobs.enqueue(tx, deliveryJob(id, 1));
    }
    return eventos.length;
  });
}

/** Marks the oldest pending events distributed and returns them (skipping another process's). */
function claimPending(tx: Tx, now: string) {
  return tx.db
    .updateTable('eventos')
    .set({ distribuido_em: now })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('eventos')
        .select('id')
        .where('distribuido_em', 'is', null)
        .orderBy('id')
        .limit(BATCH)
        .$if(tx.dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
    )
    .returning(['id', 'tipo', 'criado_em'])
    .execute();
}
