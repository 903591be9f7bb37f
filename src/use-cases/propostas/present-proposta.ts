import type { Selectable } from 'kysely';
import type { EventoEntradaTable } from '../../infra/db/schema.js';
import type { PropostaRow, PropostaSituacaoRow } from './proposta-store.js';

export type ChamadaRecusada = Pick<
  Selectable<EventoEntradaTable>,
  'id' | 'metodo' | 'recebido_em' | 'veredito'
>;

/** The public shape of a proposal; `historico` only on the single-item read. */
export function presentProposta(
  row: PropostaRow,
  historico?: { aceitas: PropostaSituacaoRow[]; recusadas: ChamadaRecusada[] },
) {
  return {
    id: row.id,
    integracao_id: row.integracao_id,
    proposta: row.proposta,
    identificador: row.identificador,
    situacao: row.situacao,
    situacao_nome: row.situacao_nome,
    descricao_ocorrencia: row.descricao_ocorrencia,
    fora_de_ordem: row.fora_de_ordem,
    criada_em: row.criada_em,
    atualizada_em: row.atualizada_em,
    ...(historico && { historico: presentHistorico(historico.aceitas, historico.recusadas) }),
  };
}

/**
 * Every callback stored for the proposal, in arrival order: accepted ones with what they did,
 * refused ones (bad credentials, malformed) with why they were refused.
 */
function presentHistorico(aceitas: PropostaSituacaoRow[], recusadas: ChamadaRecusada[]) {
  const entries = [
    ...aceitas.map((s) => ({
      evento_entrada_id: s.evento_entrada_id,
      recebida_em: s.recebida_em,
      metodo: s.metodo,
      veredito: 'aceito',
      situacao: s.situacao,
      nome: s.nome,
      descricao_ocorrencia: s.descricao_ocorrencia,
      resultado: s.resultado,
      corpo: s.corpo === null ? null : (JSON.parse(s.corpo) as unknown),
    })),
    ...recusadas.map((e) => ({
      evento_entrada_id: e.id,
      recebida_em: e.recebido_em,
      metodo: e.metodo,
      veredito: e.veredito,
    })),
  ];
  // Inbound event ids are time-sortable: ordering by them is ordering by arrival.
  return entries.sort((a, b) => (a.evento_entrada_id < b.evento_entrada_id ? -1 : 1));
}

export type PropostaView = ReturnType<typeof presentProposta>;
