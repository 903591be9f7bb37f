import type { Selectable } from 'kysely';
import type { EventoEntradaTable } from '../../infra/db/schema.js';
import type { PropostaRow, PropostaSituacaoRow } from './proposta-store.js';

type ChamadaRecusada = Pick<
  Selectable<EventoEntradaTable>,
  'id' | 'metodo' | 'recebido_em' | 'veredito'
>;

/** An accepted callback with the identificador it named (null when it named none). */
type ChamadaAceita = PropostaSituacaoRow & { identificador: string | null };

interface HistoricoProposta {
  aceitas: ChamadaAceita[];
  /** The latest refused callbacks only (see getProposta). */
  recusadas: ChamadaRecusada[];
  /** Every refused callback, shown or not. */
  recusadas_total: number;
}

// Type aliases, not interfaces: the routes' response schemas take them as plain records.

/** One callback in a proposal's history; accepted ones carry what they said and did. */
export type EntradaHistorico = {
  evento_entrada_id: string;
  recebida_em: string;
  metodo: string;
  veredito: string;
  situacao?: number;
  nome?: string | null;
  identificador?: string | null;
  descricao_ocorrencia?: string | null;
  resultado?: string;
  corpo?: unknown;
};

/** The public shape of a proposal; `historico` and `recusados_total` only on the single read. */
export type PropostaView = PropostaRow & {
  historico?: EntradaHistorico[];
  recusados_total?: number;
};

export function presentProposta(row: PropostaRow, historico?: HistoricoProposta): PropostaView {
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
    ...(historico && {
      historico: presentHistorico(historico.aceitas, historico.recusadas),
      recusados_total: historico.recusadas_total,
    }),
  };
}

/**
 * The callbacks stored for the proposal, in arrival order: accepted ones with what they did,
 * refused ones (bad credentials, malformed) with why they were refused.
 */
function presentHistorico(
  aceitas: ChamadaAceita[],
  recusadas: ChamadaRecusada[],
): EntradaHistorico[] {
  const entries: EntradaHistorico[] = [
    ...aceitas.map((s) => ({
      evento_entrada_id: s.evento_entrada_id,
      recebida_em: s.recebida_em,
      metodo: s.metodo,
      veredito: 'aceito',
      situacao: s.situacao,
      nome: s.nome,
      identificador: s.identificador,
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
