import type { Updateable } from 'kysely';
import type { NegativacaoTable } from '../../infra/db/schema.js';
import type { NegativacaoRow } from '../negativacoes/negativacao-store.js';

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/**
 * `negativacao.status_alterado`'s data. The host owns the debtor's data, so the document goes
 * in full (logs mask it, events do not). `transicao` is the history entry's type and
 * `historico_id` its id: time-ordered, so a host can order events that arrive out of order.
 */
export function statusAlteradoDados(
  row: NegativacaoRow,
  patch: Updateable<NegativacaoTable>,
  historico: { id: string; tipo: string; status_anterior: string | null; ocorrido_em: string },
): Record<string, unknown> {
  const after = { ...row, ...patch };
  return {
    id: row.id,
    status: after.status,
    status_anterior: historico.status_anterior,
    acao: after.acao,
    transicao: historico.tipo,
    historico_id: historico.id,
    integracao_id: row.integracao_id,
    provedor: row.provedor,
    credor: row.credor,
    devedor_documento: row.devedor_documento,
    contrato: row.contrato,
    valor_centavos: row.valor_centavos,
    faturas: parse(after.faturas ?? null),
    referencias: { inclusao: after.referencia_inclusao, baixa: after.referencia_baixa },
    erro: parse(after.erro ?? null),
    ocorrido_em: historico.ocorrido_em,
  };
}
