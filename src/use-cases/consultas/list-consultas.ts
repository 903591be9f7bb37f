import type { AppContext } from '../../app-context.js';
import { normalizeDocument } from '../../domain/documents.js';
import { notFound } from '../../domain/errors.js';
import { cursorApos, toPage } from '../paginate.js';
import { presentConsulta, type ConsultaRow } from './present-consulta.js';

type Deps = Pick<AppContext, 'database'>;

export async function listConsultas(
  ctx: Deps,
  filter: {
    documento?: string;
    integracao_id?: string;
    situacao?: ConsultaRow['situacao'];
    apos?: string;
    limite: number;
  },
) {
  const apos = cursorApos(filter.apos, 'consulta');
  const rows = await ctx.database.db
    .selectFrom('consultas')
    .selectAll()
    .$if(!!filter.documento, (qb) =>
      qb.where('documento', '=', normalizeDocument(filter.documento!)),
    )
    .$if(!!filter.integracao_id, (qb) => qb.where('integracao_id', '=', filter.integracao_id!))
    .$if(!!filter.situacao, (qb) => qb.where('situacao', '=', filter.situacao!))
    .$if(!!apos, (qb) => qb.where('id', '<', apos!))
    .orderBy('id', 'desc')
    .limit(filter.limite + 1)
    .execute();
  return toPage(rows, filter.limite, (row) => presentConsulta(row));
}

export async function loadConsulta(ctx: Deps, id: string): Promise<ConsultaRow> {
  const row = await ctx.database.db
    .selectFrom('consultas')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('consulta', id);
  return row;
}
