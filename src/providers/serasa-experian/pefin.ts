import { normalizeDocument } from '../../domain/documents.js';
import type { DividaParaIncluir, DividaParaRemover } from '../contract.js';
import type { WireRequest } from './client.js';

// PEFIN requests on the wire (research §3.3, §3.9). The core has already validated the debt
// against the limits of catalog.ts; this only shapes it the way Serasa reads it.

export const INCLUSION_PATH = '/collection/debt/';

export function inclusionBody(
  divida: DividaParaIncluir,
  settings: { area_informante: string; natureza_padrao: string },
) {
  const { endereco } = divida.devedor;
  return {
    // Serasa takes reais as a number with 2 decimals; from integer centavos that is exact.
    value: Math.round(divida.valor_centavos) / 100,
    areaInformante: settings.area_informante,
    dueDate: divida.vencimento,
    categoryId: divida.natureza.trim() || settings.natureza_padrao,
    debtor: {
      documentNumber: divida.devedor.documento.numero,
      name: divida.devedor.nome,
      address: {
        zipCode: endereco.cep.replace(/\D/g, ''),
        // One field for street and number ("logradouro com numero", 70 characters).
        addressLine: [endereco.logradouro, endereco.numero].filter(Boolean).join(', '),
        ...(endereco.complemento && { complement: endereco.complemento }),
        district: endereco.bairro,
        city: endereco.cidade,
        state: endereco.uf,
      },
    },
    creditor: { documentNumber: normalizeDocument(divida.credor) },
    contractNumber: divida.contrato,
    debtType: 'PEFIN',
  };
}

/** HTTP header values are bytes: anything outside printable ASCII could not be sent as is. */
const HEADER_SAFE = /^[\x20-\x7E]+$/;

/**
 * The removal: by the CADUS key when the inclusion webhook gave one (it names the exact record),
 * by creditor + debtor + contract otherwise. Always a DELETE without body, parameters in
 * headers. Returns a reason to refuse when the removal cannot be expressed on the wire.
 */
export function removalRequest(
  divida: DividaParaRemover,
  pefinHost: string,
): { ok: true; request: WireRequest } | { ok: false; codigo: string; mensagem: string } {
  // Documented as `reason: {Integer}` although the table lists "01": send 1.
  if (!/^\d{1,2}$/.test(divida.motivo.trim())) {
    return {
      ok: false,
      codigo: 'motivo_invalido',
      mensagem: `motivo de baixa ${divida.motivo} nao e um codigo numerico da tabela da Serasa`,
    };
  }
  const cadusKey = divida.chaves.cadusKey?.trim();
  const headers: Record<string, string> = {
    'creditor-document': normalizeDocument(divida.credor),
    'debtor-document': normalizeDocument(divida.devedor),
    ...(!cadusKey && { 'contract-number': divida.contrato }),
    reason: String(Number(divida.motivo)),
    type: 'PEFIN',
  };
  const unsafe = Object.entries(headers).find(([, value]) => !HEADER_SAFE.test(value));
  if (unsafe) {
    return {
      ok: false,
      codigo: 'requisicao_invalida',
      mensagem: `${unsafe[0]} vazio ou com caracteres que nao podem ir num cabecalho HTTP`,
    };
  }
  const url = cadusKey
    ? `${pefinHost}/collection/debt/cadus/${encodeURIComponent(cadusKey)}`
    : `${pefinHost}/collection/debt/contract`;
  return { ok: true, request: { method: 'DELETE', url, headers } };
}
