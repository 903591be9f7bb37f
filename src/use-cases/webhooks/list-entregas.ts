import type { Selectable } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { EntregaTentativaTable, SituacaoEntrega } from '../../infra/db/schema.js';
import { cursorApos, toPage } from '../paginate.js';
import type { EntregaRow } from './entrega-store.js';
import { findWebhook } from './list-webhooks.js';

type Deps = Pick<AppContext, 'database'>;

/** An endpoint's messages, newest first, each with every attempt made. */
export async function listEntregas(
  ctx: Deps,
  webhookId: string,
  filter: { situacao?: SituacaoEntrega; evento_id?: string; apos?: string; limite: number },
) {
  await findWebhook(ctx, webhookId);
  const apos = cursorApos(filter.apos, 'entrega');
  const rows = await ctx.database.db
    .selectFrom('entregas')
    .innerJoin('eventos', 'eventos.id', 'entregas.evento_id')
    .selectAll('entregas')
    .select('eventos.tipo')
    .where('entregas.webhook_id', '=', webhookId)
    .$if(!!filter.situacao, (qb) => qb.where('entregas.situacao', '=', filter.situacao!))
    .$if(!!filter.evento_id, (qb) => qb.where('entregas.evento_id', '=', filter.evento_id!))
    .$if(!!apos, (qb) => qb.where('entregas.id', '<', apos!))
    .orderBy('entregas.id', 'desc')
    .limit(filter.limite + 1)
    .execute();
  const ids = rows.slice(0, filter.limite).map((row) => row.id);
  const tentativas =
    ids.length === 0
      ? []
      : await ctx.database.db
          .selectFrom('entrega_tentativas')
          .selectAll()
          .where('entrega_id', 'in', ids)
          .orderBy('id')
          .execute();
  const byEntrega = new Map<string, typeof tentativas>();
  for (const t of tentativas)
    byEntrega.set(t.entrega_id, [...(byEntrega.get(t.entrega_id) ?? []), t]);
  return toPage(rows, filter.limite, (row) => presentEntrega(row, byEntrega.get(row.id) ?? []));
}

export function presentEntrega(
  row: EntregaRow & { tipo: string },
  tentativas: Array<Selectable<EntregaTentativaTable>>,
) {
  return {
    id: row.id,
    evento_id: row.evento_id,
    webhook_id: row.webhook_id,
    tipo: row.tipo,
    situacao: row.situacao,
    proxima_em: row.proxima_em,
    entregue_em: row.entregue_em,
    ultimo_status: row.ultimo_status,
    ultimo_erro: row.ultimo_erro,
    criada_em: row.criada_em,
    // Attempts committed after the message's row was read belong to a later picture of it.
    tentativas: tentativas
      .filter((t) => t.numero <= row.tentativas)
      .map((t) => ({
        numero: t.numero,
        iniciada_em: t.iniciada_em,
        status: t.status,
        latencia_ms: t.latencia_ms,
        resposta: t.resposta,
        erro: t.erro,
        resultado: t.resultado,
      })),
  };
}
