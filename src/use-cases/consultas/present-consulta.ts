import type { Selectable } from 'kysely';
import type { ConsultaTable } from '../../infra/db/schema.js';

export type ConsultaRow = Selectable<ConsultaTable>;

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** The list shape; `completa` adds the normalized report, the provider's own answer and the raw exchanges. */
export function presentConsulta(row: ConsultaRow, completa = false) {
  const base = `/v1/consultas/${row.id}`;
  return {
    id: row.id,
    integracao_id: row.integracao_id,
    provedor: row.provedor,
    produto: row.produto,
    tipo_documento: row.tipo_documento,
    documento: row.documento,
    situacao: row.situacao,
    finalidade: row.finalidade,
    resumo: parse(row.resumo),
    erro: parse(row.erro),
    criada_em: row.criada_em,
    concluida_em: row.concluida_em,
    links:
      row.situacao === 'concluida'
        ? { relatorio_html: `${base}/relatorio.html`, relatorio_pdf: `${base}/relatorio.pdf` }
        : null,
    ...(completa && {
      relatorio: parse(row.relatorio),
      original: parse(row.original),
      trocas: parse(row.trocas),
    }),
  };
}
