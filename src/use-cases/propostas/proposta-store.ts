import type { Insertable, Selectable } from 'kysely';
import { newId } from '../../domain/ids.js';
import type { Clock } from '../../infra/clock.js';
import type { Tx } from '../../infra/db/connect-database.js';
import { prepareQuery } from '../../infra/db/prepared-query.js';
import type { PropostaSituacaoTable, PropostaTable } from '../../infra/db/schema.js';

export type PropostaRow = Selectable<PropostaTable>;
export type PropostaSituacaoRow = Selectable<PropostaSituacaoTable>;

/**
 * The proposal a callback names, created by its first callback, locked on PostgreSQL until the
 * caller's transaction ends. Inserting first (and ignoring the conflict) makes the two workers of
 * a race meet on the unique key: the second waits for the first's commit, then locks the row it
 * created. SQLite has a single writer, which gives the same guarantee.
 */
export async function lockProposta(
  tx: Tx,
  clock: Clock,
  chave: { integracao_id: string; proposta: string; identificador: string | null },
): Promise<PropostaRow> {
  const now = clock.now();
  await insertIfAbsent(tx, {
    ...chave,
    id: newId('proposta', now.getTime()),
    criada_em: now.toISOString(),
  });
  const row = (await selectForUpdate(tx, chave)).rows[0];
  if (!row) throw new Error(`proposta ${chave.proposta} vanished after its insert`);
  return row;
}

const insertIfAbsent = prepareQuery<
  {
    id: string;
    integracao_id: string;
    proposta: string;
    identificador: string | null;
    criada_em: string;
  },
  never
>((db, params) =>
  db
    .insertInto('propostas')
    .values({
      id: params.id,
      integracao_id: params.integracao_id,
      proposta: params.proposta,
      identificador: params.identificador,
      situacao: null,
      situacao_nome: null,
      descricao_ocorrencia: null,
      fora_de_ordem: 0,
      criada_em: params.criada_em,
      atualizada_em: params.criada_em,
    })
    .onConflict((oc) => oc.columns(['integracao_id', 'proposta']).doNothing()),
);

const selectForUpdate = prepareQuery<{ integracao_id: string; proposta: string }, PropostaRow>(
  (db, params, dialect) =>
    db
      .selectFrom('propostas')
      .selectAll()
      .where('integracao_id', '=', params.integracao_id)
      .where('proposta', '=', params.proposta)
      .$if(dialect === 'postgres', (qb) => qb.forUpdate()),
);

/** A callback with this key that was not itself a duplicate: what a copy would repeat. */
export const findOriginal = prepareQuery<
  { proposta_id: string; chave_dedup: string },
  Pick<PropostaSituacaoRow, 'id'>
>((db, params) =>
  db
    .selectFrom('proposta_situacoes')
    .select('id')
    .where('proposta_id', '=', params.proposta_id)
    .where('chave_dedup', '=', params.chave_dedup)
    .where('resultado', '<>', 'duplicada')
    .orderBy('id', 'desc')
    .limit(1),
);

/** Whether this proposal already received this status, by any callback. */
export async function hasSeenSituacao(
  tx: Tx,
  propostaId: string,
  situacao: number,
): Promise<boolean> {
  const rows = await findSituacao(tx, { proposta_id: propostaId, situacao });
  return rows.rows.length > 0;
}

const findSituacao = prepareQuery<{ proposta_id: string; situacao: number }, { id: string }>(
  (db, params) =>
    db
      .selectFrom('proposta_situacoes')
      .select('id')
      .where('proposta_id', '=', params.proposta_id)
      .where('situacao', '=', params.situacao)
      .limit(1),
);

export const insertSituacao = prepareQuery<Insertable<PropostaSituacaoTable>, never>((db, row) =>
  db.insertInto('proposta_situacoes').values({
    id: row.id,
    proposta_id: row.proposta_id,
    evento_entrada_id: row.evento_entrada_id,
    situacao: row.situacao,
    nome: row.nome,
    descricao_ocorrencia: row.descricao_ocorrencia,
    corpo: row.corpo,
    metodo: row.metodo,
    recebida_em: row.recebida_em,
    resultado: row.resultado,
    chave_dedup: row.chave_dedup,
  }),
);

/** Every mutable column at once, so the statement keeps one shape whatever changed. */
export const updateProposta = prepareQuery<
  Pick<
    PropostaRow,
    | 'id'
    | 'identificador'
    | 'situacao'
    | 'situacao_nome'
    | 'descricao_ocorrencia'
    | 'fora_de_ordem'
    | 'atualizada_em'
  >,
  never
>((db, row) =>
  db
    .updateTable('propostas')
    .set({
      identificador: row.identificador,
      situacao: row.situacao,
      situacao_nome: row.situacao_nome,
      descricao_ocorrencia: row.descricao_ocorrencia,
      fora_de_ordem: row.fora_de_ordem,
      atualizada_em: row.atualizada_em,
    })
    .where('id', '=', row.id),
);
