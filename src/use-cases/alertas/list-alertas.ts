import type { AppContext } from '../../app-context.js';
import { maskUrlSecrets } from '../../infra/logging/create-logger.js';
import { cursorApos, toPage } from '../paginate.js';

type Deps = Pick<AppContext, 'database'>;

const jsonOf = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** Alerts for an operator, newest first. */
export async function listAlertas(
  ctx: Deps,
  filter: {
    tipo?: string;
    negativacao_id?: string;
    integracao_id?: string;
    apos?: string;
    limite: number;
  },
) {
  const apos = cursorApos(filter.apos, 'alerta');
  const rows = await ctx.database.db
    .selectFrom('alertas')
    .selectAll()
    .$if(!!filter.tipo, (qb) => qb.where('tipo', '=', filter.tipo!))
    .$if(!!filter.negativacao_id, (qb) => qb.where('negativacao_id', '=', filter.negativacao_id!))
    .$if(!!filter.integracao_id, (qb) => qb.where('integracao_id', '=', filter.integracao_id!))
    .$if(!!apos, (qb) => qb.where('id', '<', apos!))
    .orderBy('id', 'desc')
    .limit(filter.limite + 1)
    .execute();
  return toPage(rows, filter.limite, (row) => ({ ...row, detalhes: jsonOf(row.detalhes) }));
}

/** Inbound events as received (token masked in the path), newest first. */
export async function listEventosEntrada(
  ctx: Deps,
  filter: {
    situacao?: 'pendente' | 'processado' | 'rejeitado' | 'falhou' | 'sem_correspondencia';
    integracao_id?: string;
    apos?: string;
    limite: number;
  },
) {
  const apos = cursorApos(filter.apos, 'eventoEntrada');
  const rows = await ctx.database.db
    .selectFrom('eventos_entrada')
    .selectAll()
    .$if(!!filter.situacao, (qb) => qb.where('situacao', '=', filter.situacao!))
    .$if(!!filter.integracao_id, (qb) => qb.where('integracao_id', '=', filter.integracao_id!))
    .$if(!!apos, (qb) => qb.where('id', '<', apos!))
    .orderBy('id', 'desc')
    .limit(filter.limite + 1)
    .execute();
  return toPage(rows, filter.limite, (row) => ({
    ...row,
    caminho: maskUrlSecrets(row.caminho),
    query: jsonOf(row.query),
    cabecalhos: jsonOf(row.cabecalhos),
    corpo: row.corpo ? Buffer.from(row.corpo).toString('utf8') : null,
    resultado: jsonOf(row.resultado),
  }));
}
