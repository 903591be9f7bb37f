import type { Database } from '../../infra/db/connect-database.js';
import type { SituacaoLoteLinha } from '../../infra/db/schema.js';
import type { ErroLinha } from './lote-columns.js';
import { readLote } from './lote-store.js';

export interface LinhaFiltro {
  situacao?: SituacaoLoteLinha;
  limite: number;
  /** Cursor: the last row number of the previous page. */
  apos?: string;
}

/** A lote's rows in file order with what each became, joined to its negativacao. */
function selectLinhas(database: Database, loteId: string) {
  return database.db
    .selectFrom('lote_linhas as l')
    .leftJoin('negativacoes as n', 'n.id', 'l.negativacao_id')
    .select([
      'l.linha',
      'l.situacao',
      'l.dados',
      'l.erros',
      'l.erro',
      'l.negativacao_id',
      'n.status as negativacao_status',
      'n.erro as negativacao_erro',
    ])
    .where('l.lote_id', '=', loteId)
    .orderBy('l.linha');
}

type LinhaLida = Awaited<ReturnType<ReturnType<typeof selectLinhas>['execute']>>[number];

export async function listLoteLinhas(database: Database, loteId: string, filtro: LinhaFiltro) {
  await readLote(database, loteId);
  const apos = filtro.apos === undefined ? 0 : Number(filtro.apos);
  const rows = await selectLinhas(database, loteId)
    .$if(filtro.situacao !== undefined, (qb) => qb.where('l.situacao', '=', filtro.situacao!))
    .where('l.linha', '>', Number.isInteger(apos) ? apos : 0)
    .limit(filtro.limite + 1)
    .execute();
  const page = rows.slice(0, filtro.limite);
  return {
    dados: page.map(presentLinha),
    proximo: rows.length > filtro.limite ? String(page.at(-1)!.linha) : null,
  };
}

/** Every row, for the result file; a lote holds at most 50,000. */
export async function readAllLinhas(database: Database, loteId: string) {
  await readLote(database, loteId);
  return (await selectLinhas(database, loteId).execute()).map(presentLinha);
}

function presentLinha(row: LinhaLida) {
  return {
    linha: row.linha,
    situacao: row.situacao,
    dados: JSON.parse(row.dados) as unknown,
    // Invalid rows: the validation errors; failed rows: why the negativacao was not created.
    erros: row.erros
      ? (JSON.parse(row.erros) as ErroLinha[])
      : row.erro
        ? [JSON.parse(row.erro) as ErroLinha]
        : [],
    negativacao_id: row.negativacao_id,
    negativacao_status: row.negativacao_status ?? null,
    // The provider's refusal, when the negativacao was rejected.
    negativacao_erro: row.negativacao_erro
      ? (JSON.parse(row.negativacao_erro) as { codigo?: string; mensagem?: string })
      : null,
  };
}

export type LinhaApresentada = ReturnType<typeof presentLinha>;
