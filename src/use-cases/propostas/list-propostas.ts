import type { AppContext } from '../../app-context.js';
import { notFound, RequestError } from '../../domain/errors.js';
import { normalizeGuid } from '../../domain/guid.js';
import { cursorApos, toPage } from '../paginate.js';
import { presentProposta } from './present-proposta.js';

type Deps = Pick<AppContext, 'database'>;

export interface ListPropostasFilter {
  integracao_id?: string;
  situacao?: number;
  identificador?: string;
  /** ISO 8601 date-time in UTC, as /v1/negativacoes takes `criada_desde`. */
  atualizada_desde?: string;
  atualizada_ate?: string;
  apos?: string;
  limite: number;
}

/** Newest first, cursor-paginated like every list. */
export async function listPropostas(ctx: Deps, filter: ListPropostasFilter) {
  const apos = cursorApos(filter.apos, 'proposta');
  const desde = filter.atualizada_desde && instant(filter.atualizada_desde);
  const ate = filter.atualizada_ate && instant(filter.atualizada_ate);
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
    .$if(!!apos, (qb) => qb.where('id', '<', apos!))
    .orderBy('id', 'desc')
    .limit(filter.limite + 1)
    .execute();
  return toPage(rows, filter.limite, (row) => presentProposta(row));
}

/**
 * Stored timestamps are UTC ISO text with milliseconds, compared as text: a filter is brought to
 * the same form (`12:00:00Z` would sort after `12:00:00.000Z`).
 */
function instant(value: string): string {
  return new Date(value).toISOString();
}

/** Refused callbacks shown in a proposal's history: anyone holding the URL can add to them. */
export const RECUSADAS_MOSTRADAS = 100;

/**
 * One proposal by the provider's GUID (or by our `prp_` id) with its history: every accepted
 * callback, and the latest RECUSADAS_MOSTRADAS refused ones with their total. A GUID is
 * unique per integration; when two integrations received the same GUID, the caller names the
 * integration (`integracao_id`), otherwise the answer is 409 listing them.
 */
export async function getProposta(ctx: Deps, pedida: string, integracaoId?: string) {
  const { db } = ctx.database;
  // Stored GUIDs are lower case (the adapter normalises them): so is the one asked for.
  const proposta = normalizeGuid(pedida);
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
    .innerJoin('eventos_entrada', 'eventos_entrada.id', 'proposta_situacoes.evento_entrada_id')
    .selectAll('proposta_situacoes')
    .select('eventos_entrada.resultado as leitura')
    .where('proposta_situacoes.proposta_id', '=', row.id)
    .orderBy('proposta_situacoes.id')
    .execute();
  const refused = db
    .selectFrom('eventos_entrada')
    .where('integracao_id', '=', row.integracao_id)
    .where('referencia', '=', row.proposta)
    .where('veredito', '<>', 'aceito');
  const recusadas = await refused
    .select(['id', 'metodo', 'recebido_em', 'veredito'])
    .orderBy('id', 'desc')
    .limit(RECUSADAS_MOSTRADAS)
    .execute();
  const { total } = await refused
    .select((eb) => eb.fn.countAll<number | string>().as('total'))
    .executeTakeFirstOrThrow();
  return presentProposta(row, {
    aceitas: aceitas.map(({ leitura, ...s }) => ({
      ...s,
      identificador: identificadorOf(leitura),
    })),
    recusadas: recusadas.reverse(),
    recusadas_total: Number(total),
  });
}

/** The identificador a callback named, from the reading stored when it was applied. */
function identificadorOf(resultado: string | null): string | null {
  if (resultado === null) return null;
  const { leitura } = JSON.parse(resultado) as {
    leitura?: { situacaoProposta?: { identificador?: string } } | null;
  };
  return leitura?.situacaoProposta?.identificador ?? null;
}
