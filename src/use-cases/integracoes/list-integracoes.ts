import type { AppContext } from '../../app-context.js';
import { cursorApos, toPage } from '../paginate.js';
import { notFound } from '../../domain/errors.js';
import { presentIntegracao, type IntegracaoView } from './present-integracao.js';

type Deps = Pick<AppContext, 'database' | 'secretBox' | 'providers' | 'publicUrl'>;

export interface ListIntegracoesFilter {
  provedor?: string;
  situacao?: 'ativa' | 'desativada';
  /** Cursor: the last id of the previous page. */
  apos?: string;
  limite: number;
}

/** Newest first; `proximo` is the cursor of the next page, null on the last one. */
export async function listIntegracoes(ctx: Deps, filter: ListIntegracoesFilter) {
  const apos = cursorApos(filter.apos, 'integracao');
  const rows = await ctx.database.db
    .selectFrom('integracoes')
    .selectAll()
    .$if(filter.provedor !== undefined, (qb) => qb.where('provedor', '=', filter.provedor!))
    .$if(filter.situacao !== undefined, (qb) => qb.where('situacao', '=', filter.situacao!))
    .$if(!!apos, (qb) => qb.where('id', '<', apos!))
    .orderBy('id', 'desc')
    .limit(filter.limite + 1)
    .execute();
  return toPage(rows, filter.limite, (row) => presentIntegracao(ctx, row));
}

export async function getIntegracao(ctx: Deps, id: string): Promise<IntegracaoView> {
  const row = await ctx.database.db
    .selectFrom('integracoes')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('integracao', id);
  return presentIntegracao(ctx, row);
}
