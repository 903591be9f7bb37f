import type { AppContext } from '../../app-context.js';
import { notFound, RequestError } from '../../domain/errors.js';
import { toPage } from '../paginate.js';
import { presentProposta } from './present-proposta.js';

type Deps = Pick<AppContext, 'database'>;

export interface ListPropostasFilter {
  integracao_id?: string;
  situacao?: number;
  identificador?: string;
  /** ISO date (whole day, UTC) or date-time with offset. */
  atualizada_desde?: string;
  atualizada_ate?: string;
  apos?: string;
  limite: number;
}

/** Newest first, cursor-paginated like every list. */
export async function listPropostas(ctx: Deps, filter: ListPropostasFilter) {
  const desde = filter.atualizada_desde && instant(filter.atualizada_desde, 'inicio');
  const ate = filter.atualizada_ate && instant(filter.atualizada_ate, 'fim');
  if (desde && ate && desde > ate) {
    throw new RequestError(
      400,
      'campo_invalido',
      'atualizada_ate: deve ser igual ou posterior a atualizada_desde',
      'atualizada_ate',
    );
  }
  const rows = await ctx.database.db
    .selectFrom('propostas')
    .selectAll()
    .$if(!!filter.integracao_id, (qb) => qb.where('integracao_id', '=', filter.integracao_id!))
    .$if(filter.situacao !== undefined, (qb) => qb.where('situacao', '=', filter.situacao!))
    .$if(!!filter.identificador, (qb) => qb.where('identificador', '=', filter.identificador!))
    .$if(!!desde, (qb) => qb.where('atualizada_em', '>=', desde!))
    .$if(!!ate, (qb) => qb.where('atualizada_em', '<=', ate!))
    .$if(!!filter.apos, (qb) => qb.where('id', '<', filter.apos!))
    .orderBy('id', 'desc')
    .limit(filter.limite + 1)
    .execute();
  return toPage(rows, filter.limite, (row) => presentProposta(row));
}

/**
 * Stored timestamps are UTC ISO text, compared as text: a filter is brought to the same form.
 * A bare date covers its whole day.
 */
function instant(value: string, edge: 'inicio' | 'fim'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return `${value}T${edge === 'inicio' ? '00:00:00.000' : '23:59:59.999'}Z`;
  }
  return new Date(value).toISOString();
}

/**
 * One proposal by the provider's GUID (or by our `prp_` id) with its full history. A GUID is
 * unique per integration; when two integrations received the same GUID, the caller names the
 * integration (`integracao_id`), otherwise the answer is 409 listing them.
 */
export async function getProposta(ctx: Deps, proposta: string, integracaoId?: string) {
  const { db } = ctx.database;
  const matches = await db
    .selectFrom('propostas')
    .selectAll()
    .where(proposta.startsWith('prp_') ? 'id' : 'proposta', '=', proposta)
    .$if(!!integracaoId, (qb) => qb.where('integracao_id', '=', integracaoId!))
    .orderBy('id')
    .limit(20)
    .execute();
  if (matches.length === 0) throw notFound('proposta', proposta);
  if (matches.length > 1) {
    throw new RequestError(
      409,
      'proposta_ambigua',
      `a proposta ${proposta} existe em mais de uma integracao; informe integracao_id`,
      'integracao_id',
      matches.map((m) => ({
        campo: 'integracao_id',
        mensagem: `a integracao ${m.integracao_id} recebeu esta proposta`,
      })),
    );
  }
  const row = matches[0];
  const aceitas = await db
    .selectFrom('proposta_situacoes')
    .selectAll()
    .where('proposta_id', '=', row.id)
    .orderBy('id')
    .execute();
  const recusadas = await db
    .selectFrom('eventos_entrada')
    .select(['id', 'metodo', 'recebido_em', 'veredito'])
    .where('integracao_id', '=', row.integracao_id)
    .where('referencia', '=', row.proposta)
    .where('veredito', '<>', 'aceito')
    .orderBy('id')
    .execute();
  return presentProposta(row, { aceitas, recusadas });
}
