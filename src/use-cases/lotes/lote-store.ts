import { sql, type Insertable, type Selectable } from 'kysely';
import { notFound } from '../../domain/errors.js';
import type { Database } from '../../infra/db/connect-database.js';
import { insertManyRows } from '../../infra/db/row-inserts.js';
import type { LoteLinhaTable, LoteTable } from '../../infra/db/schema.js';

export type LoteRow = Selectable<LoteTable>;
export type LoteLinhaRow = Selectable<LoteLinhaTable>;

/** Keys per IN list when looking up active negativacoes. */
const CHAVES_POR_CONSULTA = 500;

/** The lote and its rows in one commit, in multi-row inserts. */
export async function insertLote(
  database: Database,
  lote: Insertable<LoteTable>,
  linhas: Array<Insertable<LoteLinhaTable>>,
): Promise<void> {
  await database.transact(async (tx) => {
    await tx.db.insertInto('lotes').values(lote).execute();
    await insertManyRows(tx, { table: 'lote_linhas', rows: linhas });
  });
}

/** Active negativacoes holding any of `chaves`: key → id. */
export async function findAtivas(
  database: Database,
  chaves: string[],
): Promise<Map<string, string>> {
  const ativas = new Map<string, string>();
  for (let i = 0; i < chaves.length; i += CHAVES_POR_CONSULTA) {
    const rows = await database.db
      .selectFrom('negativacoes')
      .select(['id', 'chave_unica'])
      .where('chave_unica', 'in', chaves.slice(i, i + CHAVES_POR_CONSULTA))
      .execute();
    for (const row of rows) ativas.set(row.chave_unica!, row.id);
  }
  return ativas;
}

export async function readLote(database: Database, id: string): Promise<LoteRow> {
  const lote = await database.db
    .selectFrom('lotes')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!lote) throw notFound('lote', id);
  return lote;
}

export interface Progresso {
  criadas: number;
  /** Created negativacoes past their first transmission (sent, or refused just before). */
  transmitidas: number;
  /** Reached `inserida` (including those removed since). */
  inseridas: number;
  rejeitadas: number;
  /** Valid rows whose negativacao could not be created at confirmation. */
  falhas: number;
  /** Valid rows not yet created, or created and not yet transmitted. */
  pendentes: number;
}

/** Counts from the rows and the negativacoes they became, in one query. */
export async function readProgresso(database: Database, lote: LoteRow): Promise<Progresso> {
  const soma = (condicao: ReturnType<typeof sql>) =>
    sql<number>`coalesce(sum(case when ${condicao} then 1 else 0 end), 0)`;
  const row = await database.db
    .selectFrom('lote_linhas as l')
    .leftJoin('negativacoes as n', 'n.id', 'l.negativacao_id')
    .select([
      soma(sql`l.situacao = 'criada'`).as('criadas'),
      soma(sql`l.situacao = 'falha'`).as('falhas'),
      soma(sql`n.id is not null and not (n.status = 'aguardando' and n.acao = 'inserir')`).as(
        'transmitidas',
      ),
      soma(
        sql`n.status in ('inserida', 'aguardando_confirmacao_remover', 'removida')
            or (n.status = 'aguardando' and n.acao = 'remover')`,
      ).as('inseridas'),
      soma(sql`n.status = 'rejeitada'`).as('rejeitadas'),
    ])
    .where('l.lote_id', '=', lote.id)
    .where('l.situacao', 'in', ['criada', 'falha'])
    .executeTakeFirstOrThrow();
  const [criadas, falhas, transmitidas, inseridas, rejeitadas] = [
    row.criadas,
    row.falhas,
    row.transmitidas,
    row.inseridas,
    row.rejeitadas,
  ].map(Number);
  return {
    criadas,
    transmitidas,
    inseridas,
    rejeitadas,
    falhas,
    pendentes: lote.validas - falhas - transmitidas,
  };
}

export function presentLote(lote: LoteRow, progresso: Progresso) {
  return {
    id: lote.id,
    situacao: lote.situacao,
    integracao_id: lote.integracao_id,
    formato: lote.formato,
    total: lote.total,
    validas: lote.validas,
    invalidas: lote.invalidas,
    progresso,
    criado_em: lote.criado_em,
    confirmado_em: lote.confirmado_em,
    concluido_em: lote.concluido_em,
  };
}

export async function getLote(database: Database, id: string) {
  const lote = await readLote(database, id);
  return presentLote(lote, await readProgresso(database, lote));
}
