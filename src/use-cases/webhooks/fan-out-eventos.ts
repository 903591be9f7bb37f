import type { AppContext } from '../../app-context.js';
import { newId } from '../../domain/ids.js';
import { isoNow } from '../../infra/clock.js';
import type { Tx } from '../../infra/db/connect-database.js';
import { prepareQuery } from '../../infra/db/prepared-query.js';
import { acceptsTipo, deliveryJob } from './entrega-store.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs'>;

/** Events fanned out per transaction; a run that handled fewer found no more waiting. */
export const FAN_OUT_BATCH = 200;
/** Rows per INSERT, well under SQLite's bound-variable limit. */
const INSERT_CHUNK = 100;

/**
 * Fans one batch of stored events out to the active endpoints that take their type and existed
 * when they happened: one `entregas` row per event and endpoint, and its delivery job, in the
 * transaction that marks the events distributed. A crash before the commit leaves the events
 * pending; after it, their messages and jobs exist. Returns how many events were handled.
 */
export async function fanOutEventos(ctx: Deps): Promise<number> {
  const semDestino = await distributeWithoutEndpoints(ctx);
  if (semDestino !== undefined) return semDestino;
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

/**
 * While no endpoint is active (most installations, most of the time), a batch is only marked
 * distributed: one statement instead of a transaction of five, on the path every status change
 * takes. Undefined when endpoints exist (or, on SQLite, when nothing waits): the caller fans out.
 * An endpoint registered at this very moment misses nothing it would otherwise get: events older
 * than its registration are not sent to it.
 */
async function distributeWithoutEndpoints(ctx: Deps): Promise<number | undefined> {
  const now = isoNow(ctx.clock);
  if (ctx.database.dialect === 'postgres') {
    const { rows } = await markUnlessEndpoints(ctx.database, { now, batch: FAN_OUT_BATCH });
    const [result] = rows;
    return Number(result.ativos) > 0 ? undefined : Number(result.marcados);
  }
  const ativo = await ctx.database.db
    .selectFrom('webhooks')
    .select('id')
    .where('ativo', '=', 1)
    .limit(1)
    .executeTakeFirst();
  if (ativo) return undefined;
  const marked = await ctx.database.db
    .updateTable('eventos')
    .set({ distribuido_em: now })
    .where('distribuido_em', 'is', null)
    .executeTakeFirst();
  return Number(marked.numUpdatedRows);
}

/** PostgreSQL: the endpoint check and the marking in one statement (data-modifying CTE). */
const markUnlessEndpoints = prepareQuery<
  { now: string; batch: number },
  { ativos: string; marcados: string }
>((db, params) =>
  db
    .with('ativos', (db) =>
      db
        .selectFrom('webhooks')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('ativo', '=', 1),
    )
    .with('marcados', (db) =>
      db
        .updateTable('eventos')
        .set({ distribuido_em: params.now })
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('eventos')
            .select('id')
            .where('distribuido_em', 'is', null)
            .orderBy('id')
            .limit(params.batch)
            .forUpdate()
            .skipLocked(),
        )
        .where((eb) => eb(eb.selectFrom('ativos').select('n'), '=', '0'))
        .returning('id'),
    )
    .selectNoFrom((eb) => [
      eb.selectFrom('ativos').select('n').as('ativos'),
      eb
        .selectFrom('marcados')
        .select((e) => e.fn.countAll<string>().as('c'))
        .as('marcados'),
    ]),
);

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
        .limit(FAN_OUT_BATCH)
        .$if(tx.dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
    )
    .returning(['id', 'tipo', 'criado_em'])
    .execute();
}
