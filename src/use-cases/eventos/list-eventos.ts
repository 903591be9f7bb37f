import type { AppContext } from '../../app-context.js';
import { notFound, RequestError } from '../../domain/errors.js';
import type { EventoTable } from '../../infra/db/schema.js';
import type { Selectable } from 'kysely';
import { cursorApos, toPage } from '../paginate.js';

type Deps = Pick<AppContext, 'database'>;

export interface ListEventosFilter {
  tipo?: string;
  /** ISO 8601 date-time in UTC. */
  desde?: string;
  ate?: string;
  apos?: string;
  limite: number;
}

/**
 * Events for a host that pulls instead of (or besides) receiving webhooks: newest first with a
 * cursor, like every list. Ids follow creation time, not commit time: a puller asking for
 * `desde` should overlap its previous read by a few seconds and skip ids it already has.
 */
export async function listEventos(ctx: Deps, filter: ListEventosFilter) {
  const apos = cursorApos(filter.apos, 'eventoSaida');
  const desde = filter.desde && new Date(filter.desde).toISOString();
  const ate = filter.ate && new Date(filter.ate).toISOString();
  if (desde && ate && desde > ate) {
    throw new RequestError(
      400,
      'campo_invalido',
      'ate: deve ser igual ou posterior a desde',
      'ate',
    );
  }
  const rows = await ctx.database.db
    .selectFrom('eventos')
    .selectAll()
    .$if(!!filter.tipo, (qb) => qb.where('tipo', '=', filter.tipo!))
    .$if(!!desde, (qb) => qb.where('criado_em', '>=', desde!))
    .$if(!!ate, (qb) => qb.where('criado_em', '<=', ate!))
    .$if(!!apos, (qb) => qb.where('id', '<', apos!))
    .orderBy('id', 'desc')
    .limit(filter.limite + 1)
    .execute();
  return toPage(rows, filter.limite, presentEvento);
}

/** One event with where it went: each endpoint's message and how it stands. */
export async function getEvento(ctx: Deps, id: string) {
  const row = await ctx.database.db
    .selectFrom('eventos')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('evento', id);
  const entregas = await ctx.database.db
    .selectFrom('entregas')
    .select([
      'id',
      'webhook_id',
      'situacao',
      'tentativas',
      'proxima_em',
      'ultimo_status',
      'ultimo_erro',
      'entregue_em',
    ])
    .where('evento_id', '=', id)
    .orderBy('id')
    .execute();
  return { ...presentEvento(row), entregas };
}

/** `tipo`, `criado_em` and `dados` are the webhook body's `type`, `timestamp` and `data`. */
export function presentEvento(row: Selectable<EventoTable>) {
  return {
    id: row.id,
    tipo: row.tipo,
    criado_em: row.criado_em,
    dados: JSON.parse(row.dados) as unknown,
    distribuido_em: row.distribuido_em,
  };
}
