import type { Divida } from './state.js';

/**
 * The two webhook bodies of research §3.10. Success and error differ only by `error`; its
 * `statusCode` is a number in the inclusion payload and a string in the exclusion one, as
 * Serasa documents (receivers must parse both).
 */

export interface InclusaoRecebida {
  credor: string;
  devedor: string;
  contrato: string;
  valor: number;
  vencimento: string;
  categoria: string;
  area: string;
}

export function payloadInclusao(
  uuid: string,
  pedido: InclusaoRecebida,
  registro: Pick<Divida, 'cadusKey' | 'cadusSerie'> | null,
  erro: { message: string; statusCode: number } | null,
) {
  return {
    uuid,
    debtorDocument: pedido.devedor,
    creditorDocument: pedido.credor,
    requester: null,
    contract: pedido.contrato,
    debtValue: pedido.valor,
    debtDate: pedido.vencimento,
    cadusKey: registro?.cadusKey ?? null,
    cadusSerie: registro?.cadusSerie ?? null,
    debtType: 'PEFIN',
    creditorArea: pedido.area,
    categoryId: pedido.categoria,
    error: erro,
  };
}

const tipoDocumento = (documento: string) => (documento.length === 14 ? 'CNPJ' : 'CPF');

export function payloadExclusao(
  uuid: string,
  pedido: { credor: string; devedor: string; contrato: string | null; motivo: string },
  divida: Divida | undefined,
  erro: { statusCode: string; message: string } | null,
) {
  return {
    uuid,
    requester: null,
    creditor: { documentNumber: pedido.credor, documentType: tipoDocumento(pedido.credor) },
    debtor: { documentNumber: pedido.devedor, documentType: tipoDocumento(pedido.devedor) },
    cadusKey: divida?.cadusKey ?? null,
    cadusSerie: divida?.cadusSerie ?? null,
    contractNumber: divida?.contrato ?? pedido.contrato,
    creditorArea: divida?.area ?? null,
    categoryId: divida?.categoria ?? null,
    writeOff: { reason: pedido.motivo },
    error: erro,
  };
}
