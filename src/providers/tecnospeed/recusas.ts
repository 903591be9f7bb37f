import type { Recusa } from '../contract.js';
import type { TrocaHttp } from '../exchange.js';
import { unavailable, type WireResponse } from './client.js';
import { firstStr, isObject, normalizeText, obj, str } from './wire.js';

// Tecnospeed's refusals as stable credgate codes. `status_http` is what credgate's API answers
// when it hands a refusal straight back to its caller. The internalCode catalogue is unknown
// (research A.9), so refusals are classified by HTTP status and only a few message patterns:
//
// | Tecnospeed answer                                 | codigo                   | status_http |
// |---------------------------------------------------|--------------------------|-------------|
// | 401 (any route)                                   | credenciais_invalidas    | 424         |
// | 403 (any route)                                   | credenciais_invalidas    | 424         |
// | 404/422 naming a protocolo not found (GET routes) | protocolo_desconhecido   | 404         |
// | 422 naming a document not found (consulta)        | documento_nao_encontrado | 404         |
// | 422, 400                                          | recusada_pelo_provedor   | 422         |
// | 404 (wrong url_base?)                             | resposta_inesperada      | 502         |
// | any other 4xx                                     | recusada_pelo_provedor   | 502         |
//
// Not refusals, thrown as ProviderUnavailableError: 429 (`limite_excedido`), 408, 3xx, 5xx
// (`provedor_indisponivel`), ambiguous only for a 502/504 answering a POST.

export type Operacao =
  | 'consulta'
  | 'resultado da consulta'
  | 'inclusao'
  | 'baixa'
  | 'acompanhamento'
  | 'localizacao'
  | 'cadastro'
  | 'consulta do cadastro';

const POSTS: ReadonlySet<Operacao> = new Set(['consulta', 'inclusao', 'baixa', 'cadastro']);

export interface ErroTecnospeed {
  /** `errors[0].internalCode`, or the body's `code` when there is no list. */
  code: string | null;
  /** Every `errors[].message` joined by "; ", or the body's `message`, or its text. */
  message: string | null;
}

/**
 * Error bodies come as `{code, message, errors:[{message, internalCode}]}` (422), `{code,
 * message}` (401; the help article prints it wrapped in a stray extra pair of braces, which is
 * not JSON and arrives here as text) or plain text.
 */
export function errorOf(body: unknown): ErroTecnospeed {
  if (typeof body === 'string') return { code: null, message: str(body.slice(0, 500)) };
  const root = obj(body);
  const errors = Array.isArray(root.errors) ? root.errors.map(obj) : [];
  const messages = errors.map((e) => str(e.message)).filter((m) => m !== null);
  return {
    code: firstStr(errors[0]?.internalCode, errors.length === 0 ? root.code : null),
    message: messages.length > 0 ? messages.join('; ') : firstStr(root.message, root.mensagem),
  };
}

function recusa(
  codigo: string,
  status_http: number,
  mensagem: string,
  erro: ErroTecnospeed,
  trocas: TrocaHttp[],
): Recusa {
  return {
    tipo: 'recusada',
    codigo,
    mensagem,
    codigo_provedor: erro.code,
    mensagem_provedor: erro.message,
    status_http,
    trocas,
  };
}

/**
 * An answer that is not the operation's success. Returns the refusal, or throws when Tecnospeed
 * gave no usable answer (the caller may try again later, or must reconcile when ambiguous).
 */
export function recusaDe(response: WireResponse, operacao: Operacao, trocas: TrocaHttp[]): Recusa {
  const erro = errorOf(response.body);
  const { status } = response;
  if (status === 401 || status === 403) return credenciaisInvalidas(status, operacao, erro, trocas);
  if (status < 400 || status === 408 || status === 429 || status >= 500) {
    const ambigua = POSTS.has(operacao) && (status === 502 || status === 504);
    throw unavailable(response, trocas, operacao, erro.message, ambigua);
  }
  const [codigo, status_http, mensagem] = classificar(status, operacao, erro);
  return recusa(codigo, status_http, mensagem, erro, trocas);
}

/** A 4xx other than 401/403/408/429 as [codigo, status_http, mensagem]. */
function classificar(
  status: number,
  operacao: Operacao,
  erro: ErroTecnospeed,
): [string, number, string] {
  const texto = normalizeText(erro.message ?? '');
  const naoAchou = NAO_ACHOU.test(texto);
  if ((status === 422 || status === 404) && !POSTS.has(operacao) && naoAchou) {
    if (/PROTOCOLO/.test(texto)) {
      return [
        'protocolo_desconhecido',
        404,
        `a Tecnospeed nao conhece o protocolo: ${erro.message}`,
      ];
    }
  }
  if (status === 422 && operacao === 'consulta' && naoAchou && /DOCUMENTO/.test(texto)) {
    return ['documento_nao_encontrado', 404, `documento nao encontrado: ${erro.message}`];
  }
  const detalhe = `(HTTP ${status}): ${erro.message ?? 'sem mensagem'}`;
  if (status === 422 || status === 400) {
    return ['recusada_pelo_provedor', 422, `a Tecnospeed recusou a ${operacao} ${detalhe}`];
  }
  if (status === 404) {
    const mensagem = `a Tecnospeed respondeu HTTP 404 na ${operacao}; verifique url_base`;
    return ['resposta_inesperada', 502, mensagem];
  }
  return ['recusada_pelo_provedor', 502, `a Tecnospeed recusou a ${operacao} ${detalhe}`];
}

const NAO_ACHOU = /NAO (FOI )?ENCONTRAD|INEXISTENTE|NAO LOCALIZAD/;

function credenciaisInvalidas(
  status: number,
  operacao: Operacao,
  erro: ErroTecnospeed,
  trocas: TrocaHttp[],
): Recusa {
  const quais =
    operacao === 'cadastro'
      ? 'cnpj_sh/token_sh'
      : 'cnpj_sh/token_sh, cnpj_usuario, login/senha da SCC Check';
  const mensagem =
    status === 401
      ? `a Tecnospeed recusou as credenciais da integracao (${quais}) na ${operacao}`
      : `a Tecnospeed negou acesso (HTTP 403) na ${operacao}: verifique as credenciais (${quais}) ` +
        'e se o CNPJ do usuario ja tem cadastro aprovado e contrato assinado com a SCC Check';
  return recusa('credenciais_invalidas', 424, mensagem, erro, trocas);
}

/** A request credgate refuses to send: Tecnospeed could not accept it as built. */
export function recusaLocal(codigo: string, mensagem: string): Recusa {
  return recusa(codigo, 422, mensagem, { code: null, message: null }, []);
}

export function isJsonDocument(body: unknown): boolean {
  return isObject(body) || Array.isArray(body);
}
