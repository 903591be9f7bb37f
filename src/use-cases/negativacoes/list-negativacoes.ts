import type { AppContext } from '../../app-context.js';
import { cursorApos, toPage } from '../paginate.js';
import { normalizeDocument } from '../../domain/documents.js';
import { notFound } from '../../domain/errors.js';
import type { StatusNegativacao } from '../../infra/db/schema.js';
import { presentNegativacao } from './present-negativacao.js';

type Deps = Pick<AppContext, 'database'>;

export interface ListNegativacoesFilter {
  status?: StatusNegativacao;
  documento?: string;
  credor?: string;
  integracao_id?: string;
  contrato?: string;
  /** Only those flagged for a missing confirmation or an uncertain transmission. */
  pendencia?: 'sem_confirmacao' | 'transmissao_incerta';
  criada_desde?: string;
  criada_ate?: string;
  apos?: string;
  limite: number;
}

/** Newest first, cursor-paginated like every list. */
export async function listNegativacoes(ctx: Deps, filter: ListNegativacoesFilter) {
  const apos = cursorApos(filter.apos, 'negativacao');
  const rows = await ctx.database.db
    .selectFrom('negativacoes')
    .selectAll()
    .$if(!!filter.status, (qb) => qb.where('status', '=', filter.status!))
    .$if(!!filter.documento, (qb) =>
      qb.where('devedor_documento', '=', normalizeDocument(filter.documento!)),
    )
    .$if(!!filter.credor, (qb) => qb.where('credor', '=', normalizeDocument(filter.credor!)))
    .$if(!!filter.integracao_id, (qb) => qb.where('integracao_id', '=', filter.integracao_id!))
    .$if(!!filter.contrato, (qb) => qb.where('contrato', '=', filter.contrato!))
    .$if(filter.pendencia === 'sem_confirmacao', (qb) => qb.where('sinalizada_em', 'is not', null))
    .$if(filter.pendencia === 'transmissao_incerta', (qb) =>
      qb.where('transmissao_incerta', '=', 1),
    )
    .$if(!!filter.criada_desde, (qb) => qb.where('criada_em', '>=', filter.criada_desde!))
    .$if(!!filter.criada_ate, (qb) => qb.where('criada_em', '<=', filter.criada_ate!))
    .$if(!!apos, (qb) => qb.where('id', '<', apos!))
    .orderBy('id', 'desc')
    .limit(filter.limite + 1)
    .execute();
  return toPage(rows, filter.limite, (row) => presentNegativacao(row));
}

export async function getNegativacao(ctx: Deps, id: string) {
  const row = await ctx.database.db
    .selectFrom('negativacoes')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('negativacao', id);
  const eventos = await ctx.database.db
    .selectFrom('negativacao_eventos')
    .selectAll()
    .where('negativacao_id', '=', id)
    .orderBy('id')
    .execute();
  return presentNegativacao(row, eventos);
}
