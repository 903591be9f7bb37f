import { normalizeDocument } from '../../domain/documents.js';
import type { Desfecho } from '../contract.js';
import { firstStr, isObject, obj, str, type Json } from './json.js';

// PEFIN webhooks (research §3.10). One URL receives all six events (debt inclusion, guarantor
// inclusion, exclusion; each as success or error), so the event is told by shape:
//
//   inclusion:  {uuid, debtorDocument, creditorDocument, contract, debtValue, cadusKey, …, error}
//   exclusion:  {uuid, creditor: {documentNumber}, debtor: {documentNumber}, contractNumber,
//                writeOff: {reason}, cadusKey, …, error}
//
// A guarantor inclusion looks exactly like a debt inclusion unless it names the guarantor.
// Serasa asks receivers to rely only on uuid, documents and contract, and says the rest may
// change: so nothing else is required, unknown fields are ignored, and what the payload does
// not say stays undefined. `statusCode` arrives as a number in one event and a string in the
// other.

const EXCLUSION_MARKERS = ['writeOff', 'contractNumber'];
const INCLUSION_MARKERS = ['contract', 'debtValue', 'creditorDocument', 'debtorDocument'];

/** The verdict a webhook carries; undefined when it has no `uuid` to match it by. */
export function readWebhook(body: Json): Desfecho | undefined {
  const referencia = str(body.uuid);
  if (!referencia) return undefined;
  const erro = readError(body.error);
  const contrato = firstStr(body.contractNumber, body.contract);
  const chaves = readKeys(body);
  return {
    referencia,
    operacao: operacao(body),
    sucesso: erro === undefined,
    ...optional('credor', documento(obj(body.creditor).documentNumber ?? body.creditorDocument)),
    ...optional('devedor', documento(obj(body.debtor).documentNumber ?? body.debtorDocument)),
    ...optional('contrato', contrato),
    ...(chaves && { chaves }),
    ...(erro && { erro }),
  };
}

function operacao(body: Json): Desfecho['operacao'] {
  const has = (key: string) => key in body;
  if (EXCLUSION_MARKERS.some(has) || isObject(body.creditor) || isObject(body.debtor)) {
    return 'exclusao';
  }
  if (has('guarantor')) return 'inclusao_avalista';
  if (INCLUSION_MARKERS.some(has)) return 'inclusao';
  return undefined;
}

/**
 * `error` is null on success. An error object whose fields are all empty is read as success
 * too: some serializers write `{"message": null, "statusCode": null}` instead of null, and
 * such an object gives no evidence of a failure.
 */
function readError(value: unknown): Desfecho['erro'] {
  if (value === null || value === undefined || value === false) return undefined;
  if (!isObject(value)) {
    return { codigo: null, mensagem: str(value) ?? 'a Serasa informou um erro sem mensagem' };
  }
  const codigo = firstStr(value.statusCode, value.code);
  const mensagem = firstStr(value.message, value.errorMessage);
  if (codigo === null && mensagem === null) return undefined;
  return { codigo, mensagem: mensagem ?? 'a Serasa informou um erro sem mensagem' };
}

/** The Serasa record keys, kept for a later removal by CADUS key. */
function readKeys(body: Json): Record<string, string> | undefined {
  const chaves: Record<string, string> = {};
  for (const key of ['cadusKey', 'cadusSerie'] as const) {
    const value = str(body[key]);
    if (value) chaves[key] = value;
  }
  return Object.keys(chaves).length > 0 ? chaves : undefined;
}

/** Documents arrive formatted at times (`000.012.095-23` in Serasa's own example). */
function documento(value: unknown): string | null {
  const text = str(value);
  return text ? normalizeDocument(text) : null;
}

function optional<K extends string>(key: K, value: string | null) {
  return value === null ? {} : ({ [key]: value } as Record<K, string>);
}
