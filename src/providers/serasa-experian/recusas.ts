import type { TipoDocumento } from '../../domain/documents.js';
import type { Recusa } from '../contract.js';
import { ProviderUnavailableError, type TrocaHttp } from '../exchange.js';
import { unavailable, type Par, type WireResponse } from './client.js';
import { firstStr, isObject, obj } from './json.js';

// Serasa's refusals as stable credgate codes. `status_http` is what credgate's API answers
// when it hands a refusal straight back to its caller:
//
// | Serasa answer                            | codigo                   | status_http |
// |------------------------------------------|--------------------------|-------------|
// | 404 DOCUMENT_NOT_FOUND                   | documento_nao_encontrado | 404         |
// | 404 without that code (wrong URL?)       | resposta_inesperada      | 502         |
// | 412 USER-NOT-AUTHORIZED                  | produto_nao_autorizado   | 403         |
// | 412 INVALID-REQUEST, other 412, 400      | requisicao_invalida      | 422         |
// | report, any other 4xx                    | recusada_pelo_provedor   | 502         |
// | 403 on a report                          | acesso_negado            | 424         |
// | 401 after one re-login; login refused    | credenciais_invalidas    | 424         |
// | 403 on PEFIN                             | credenciais_invalidas    | 424         |
// | PEFIN 4xx "NAO PARTICIPANTE DO CONVENIO" | credor_nao_participante  | 422         |
// | PEFIN any other 4xx                      | recusada_pelo_provedor   | 422         |
//
// 424 Failed Dependency: the request was fine, the integration's own setup (credentials,
// contract, allowed IPs) is not. The core keeps negativacoes pending on credenciais_invalidas
// and raises one alert, which is why a PEFIN 403 (typically a source IP outside Brazil, or a
// login without the PEFIN product) uses that code too rather than rejecting each debt.
//
// Not refusals, thrown as ProviderUnavailableError: 429 (`limite_excedido`), 408, 3xx and 5xx
// (`provedor_indisponivel`), all with ambigua=false, except a PEFIN 502/504 and a PEFIN 2xx
// without transactionId, which are ambiguous (see recusaPefin).

export interface ErroSerasa {
  code: string | null;
  message: string | null;
}

/**
 * Serasa's error bodies come as `[{code, message}]` (credit, IAM), `{errorMessage}` (PEFIN),
 * `{message}` or plain text. The code may also only be inside the message:
 * `[ERROR][DOCUMENT_NOT_FOUND] Documento nao encontrado`.
 */
export function errorOf(body: unknown): ErroSerasa {
  const first = Array.isArray(body) ? obj(body[0]) : obj(body);
  const nested = obj(first.error);
  const message = firstStr(
    first.message,
    first.errorMessage,
    nested.message,
    first.error_description,
    typeof body === 'string' ? body.slice(0, 500) : null,
  );
  const tagged = /\[ERROR\]\[([A-Z0-9_-]+)\]/i.exec(message ?? '');
  return {
    code: firstStr(first.code, first.errorCode, nested.code, tagged?.[1]),
    message,
  };
}

function mentions(erro: ErroSerasa, pattern: RegExp): boolean {
  return pattern.test(withoutAccents(`${erro.code ?? ''} ${erro.message ?? ''}`));
}

function withoutAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '');
}

function recusa(
  codigo: string,
  status_http: number,
  mensagem: string,
  erro: ErroSerasa,
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

const NAO_ENCONTRADO: Record<TipoDocumento, string> = {
  cpf:
    'CPF nao encontrado na base da Serasa Experian. A Serasa so cadastra o titular depois que ele ' +
    'tem movimentacoes financeiras; um CPF que acabou de completar 18 anos ou que tem poucas ' +
    'movimentacoes pode levar de 4 a 6 meses para ser cadastrado e poder ser consultado.',
  cnpj:
    'CNPJ nao encontrado na base da Serasa Experian. A Serasa so cadastra a empresa depois que ela ' +
    'tem movimentacoes financeiras; um CNPJ recem-aberto ou com poucas movimentacoes pode levar ' +
    'de 4 a 6 meses para ser cadastrado e poder ser consultado.',
};

/**
 * A report call that did not answer 200. Returns the refusal, or throws when Serasa was
 * unavailable (the caller may try again later).
 */
export function recusaConsulta(
  response: WireResponse,
  tipo: TipoDocumento,
  trocas: TrocaHttp[],
): Recusa {
  const erro = errorOf(response.body);
  const { status } = response;
  if (status === 404) {
    if (mentions(erro, /DOCUMENT_NOT_FOUND|DOCUMENTO NAO ENCONTRADO/i)) {
      return recusa('documento_nao_encontrado', 404, NAO_ENCONTRADO[tipo], erro, trocas);
    }
    return recusa(
      'resposta_inesperada',
      502,
      'a Serasa respondeu HTTP 404 sem DOCUMENT_NOT_FOUND; verifique url_consulta',
      erro,
      trocas,
    );
  }
  if (status === 412 && mentions(erro, /USER-NOT-AUTHORIZED/i)) {
    return recusa(
      'produto_nao_autorizado',
      403,
      'o contrato com a Serasa nao autoriza este produto ou esta transacao para o login de consulta',
      erro,
      trocas,
    );
  }
  if (status === 412 || status === 400) {
    const mensagem = `a Serasa recusou a requisicao: ${erro.message ?? `HTTP ${status}`}`;
    return recusa('requisicao_invalida', 422, mensagem, erro, trocas);
  }
  if (status === 401) return credenciaisInvalidas('consulta', status, erro, trocas);
  if (status === 403) {
    const mensagem =
      'a Serasa negou acesso (HTTP 403) ao relatorio: verifique se o login de consulta tem o ' +
      'produto liberado e se o IP do gateway e aceito';
    return recusa('acesso_negado', 424, mensagem, erro, trocas);
  }
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    const mensagem = `a Serasa recusou a consulta (HTTP ${status}): ${erro.message ?? 'sem mensagem'}`;
    return recusa('recusada_pelo_provedor', 502, mensagem, erro, trocas);
  }
  throw unavailable(response, trocas, 'consulta', erro.message);
}

/** A refused IAM login, or a 401 that survived one re-login. */
export function credenciaisInvalidas(
  par: Par,
  status: number,
  erro: ErroSerasa,
  trocas: TrocaHttp[],
): Recusa {
  const mensagem =
    status === 401
      ? `a Serasa recusou as credenciais ${par} da integracao (login_${par}/senha_${par})`
      : `o login IAM da Serasa respondeu HTTP ${status} ao par ${par}; verifique as credenciais e ` +
        `a URL de login (${par === 'pefin' ? 'url_login_pefin' : 'url_consulta'})`;
  return recusa('credenciais_invalidas', 424, mensagem, erro, trocas);
}

/**
 * A PEFIN inclusion or removal that did not answer 2xx with a transactionId. Throws when the
 * request was not processed for a transient reason, or when it may have been (see below).
 */
export function recusaPefin(
  response: WireResponse,
  method: 'POST' | 'DELETE',
  trocas: TrocaHttp[],
): Recusa {
  const erro = errorOf(response.body);
  const { status } = response;
  const what = method === 'POST' ? 'inclusao' : 'baixa';
  if (status >= 200 && status < 300) {
    // Serasa took the request but gave no transactionId to wait for: it may well act on it, so
    // sending again could negativar twice. Ambiguous: the core reconciles by contract instead.
    throw new ProviderUnavailableError(
      `a Serasa respondeu HTTP ${status} sem transactionId`,
      'resposta_invalida',
      true,
      trocas,
      status,
    );
  }
  if (status === 502 || status === 504) {
    // Deliberately stricter than "5xx is retryable": a gateway error or gateway timeout means an
    // intermediary gave up waiting on the service behind it, which may still have processed the
    // POST/DELETE. Resending could duplicate a negativacao, so this is ambiguous, like a timeout.
    const error = unavailable(response, trocas, what, erro.message);
    throw new ProviderUnavailableError(
      error.message,
      error.codigo,
      true,
      trocas,
      status,
      error.retryAfterMs,
    );
  }
  if (status === 401) return credenciaisInvalidas('pefin', status, erro, trocas);
  if (status === 403) {
    const mensagem =
      'a Serasa negou acesso (HTTP 403) ao PEFIN: verifique se o login PEFIN tem o produto e se o ' +
      'IP do gateway e brasileiro ou esta liberado pela Serasa';
    return recusa('credenciais_invalidas', 424, mensagem, erro, trocas);
  }
  if (status < 400 || status === 408 || status === 429 || status >= 500) {
    throw unavailable(response, trocas, what, erro.message);
  }
  if (mentions(erro, /NAO PARTICIPANTE DO CONVENIO/i)) {
    return recusa(
      'credor_nao_participante',
      422,
      'o CNPJ do credor nao participa do convenio PEFIN da Serasa',
      erro,
      trocas,
    );
  }
  const mensagem = `a Serasa recusou a requisicao (HTTP ${status}): ${erro.message ?? 'sem mensagem'}`;
  return recusa('recusada_pelo_provedor', 422, mensagem, erro, trocas);
}

/** A request credgate refuses to send: Serasa could not accept it as built. */
export function recusaLocal(codigo: string, mensagem: string): Recusa {
  return recusa(codigo, 422, mensagem, { code: null, message: null }, []);
}

export function isJsonDocument(body: unknown): boolean {
  return isObject(body) || Array.isArray(body);
}
