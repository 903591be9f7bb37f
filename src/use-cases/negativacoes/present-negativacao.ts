import type { Selectable } from 'kysely';
import type { NegativacaoEventoTable } from '../../infra/db/schema.js';
import type { DevedorSnapshot, NegativacaoRow } from './negativacao-store.js';

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** The public shape of a negativacao; `historico` only on the single-item read. */
export function presentNegativacao(
  row: NegativacaoRow,
  eventos?: Array<Selectable<NegativacaoEventoTable>>,
) {
  const devedor = JSON.parse(row.devedor) as DevedorSnapshot;
  return {
    id: row.id,
    integracao_id: row.integracao_id,
    provedor: row.provedor,
    status: row.status,
    acao: row.acao,
    credor: row.credor,
    devedor: { documento: row.devedor_documento, ...devedor },
    contrato: row.contrato,
    valor_centavos: row.valor_centavos,
    vencimento: row.vencimento,
    natureza: row.natureza,
    faturas: JSON.parse(row.faturas) as string[],
    referencias: {
      inclusao: row.referencia_inclusao,
      baixa: row.referencia_baixa,
      chaves: JSON.parse(row.chaves_provedor) as Record<string, string>,
    },
    baixa: parse(row.baixa),
    erro: parse(row.erro),
    pagamento: row.pago_em ? { pago_em: row.pago_em, prazo_baixa: row.prazo_baixa } : null,
    transmissao: row.transmissao_desde
      ? { desde: row.transmissao_desde, incerta: row.transmissao_incerta === 1 }
      : null,
    sinalizada_em: row.sinalizada_em,
    substitui_id: row.substitui_id,
    substituida_por_id: row.substituida_por_id,
    criada_em: row.criada_em,
    atualizada_em: row.atualizada_em,
    ...(eventos && {
      historico: eventos.map((e) => ({
        tipo: e.tipo,
        status_anterior: e.status_anterior,
        status: e.status,
        detalhes: JSON.parse(e.detalhes) as unknown,
        ocorrido_em: e.ocorrido_em,
      })),
    }),
  };
}

export type NegativacaoView = ReturnType<typeof presentNegativacao>;
