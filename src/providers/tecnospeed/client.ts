import { ProviderUnavailableError, type TrocaHttp } from '../exchange.js';
import {
  HttpFailure,
  parseBody,
  parseRetryAfter,
  sendHttp,
  unavailableAfter,
  type WireResponse,
} from '../send-http.js';
import type { TecnospeedCredentials } from './config.js';
import { maskSecretHeaders } from './wire.js';

/**
 * Which credentials a route takes (research A.3): the onboarding routes only the software
 * house's pair, the consulta and negativacao routes also the customer and its SCC Check login.
 */
export type Nivel = 'software_house' | 'usuario';

export interface WireRequest {
  method: 'GET' | 'POST';
  /** Path under the environment's base, e.g. `/negativacao`; query included. */
  path: string;
  nivel: Nivel;
  /** Sent as JSON; omitted means no body. */
  body?: unknown;
}

export type { WireResponse };

export interface TransportOptions {
  /** `${host}/v1` or `${host}/v1/homologacao` (resolveBaseUrl). */
  baseUrl: string;
  credentials: TecnospeedCredentials;
  timeoutMs: number;
  now(): Date;
}

/**
 * HTTP to Tecnospeed's Consulta Negativacao API. Authentication is a set of plain headers on
 * every call, no token; every call has a timeout, and every exchange is appended to the caller's
 * audit list with tokenSH, login and password masked.
 */
export class TecnospeedTransport {
  constructor(private readonly options: TransportOptions) {}

  async call(request: WireRequest, trocas: TrocaHttp[], signal?: AbortSignal) {
    const url = `${this.options.baseUrl}${request.path}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...this.authHeaders(request.nivel),
    };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const troca: TrocaHttp = {
      requisicao: {
        metodo: request.method,
        url,
        cabecalhos: maskSecretHeaders(headers),
        ...(request.body !== undefined && { corpo: request.body }),
      },
      resposta: null,
      duracao_ms: 0,
    };
    if (signal?.aborted) {
      throw new ProviderUnavailableError(
        'chamada cancelada antes do envio',
        'cancelada',
        false,
        trocas,
      );
    }
    trocas.push(troca);
    const started = performance.now();
    try {
      const response = await sendHttp({
        method: request.method,
        url,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        timeoutMs: this.options.timeoutMs,
        signal,
      });
      const body = parseBody(response.text);
      troca.resposta = { status: response.status, corpo: body };
      troca.duracao_ms = Math.round(performance.now() - started);
      const retryAfterMs = parseRetryAfter(response.header('retry-after'), this.options.now());
      return {
        status: response.status,
        body,
        ...(retryAfterMs !== undefined && { retryAfterMs }),
      } satisfies WireResponse;
    } catch (error) {
      troca.duracao_ms = Math.round(performance.now() - started);
      if (!(error instanceof HttpFailure)) throw error;
      troca.falha = error.falha;
      // A GET changes nothing: only a POST that may have reached Tecnospeed leaves the caller
      // unsure whether it was processed (a negativacao registered, a report billed).
      throw unavailableAfter(
        error,
        'a Tecnospeed',
        this.options.timeoutMs,
        request.method === 'POST' && error.maybeSent,
        trocas,
      );
    }
  }

  /** Header names as documented; HTTP header names are case-insensitive anyway. */
  private authHeaders(nivel: Nivel): Record<string, string> {
    const c = this.options.credentials;
    const sh = { cnpjSH: c.cnpj_sh, tokenSH: c.token_sh };
    if (nivel === 'software_house') return sh;
    return { ...sh, cnpjUsuario: c.cnpj_usuario, login: c.login, password: c.senha };
  }
}

/**
 * A 429, 408, 3xx or 5xx: Tecnospeed gave no usable answer. Not ambiguous unless `ambigua` says
 * so (a 502/504 after a POST: the gateway gave up on a service that may have processed it).
 */
export function unavailable(
  response: WireResponse,
  trocas: TrocaHttp[],
  what: string,
  detalhe: string | null = null,
  ambigua = false,
): ProviderUnavailableError {
  const limited = response.status === 429;
  const base = limited
    ? `a Tecnospeed limitou as chamadas (HTTP 429) em ${what}`
    : `a Tecnospeed respondeu HTTP ${response.status} em ${what}`;
  return new ProviderUnavailableError(
    detalhe ? `${base}: ${detalhe}` : base,
    limited ? 'limite_excedido' : 'provedor_indisponivel',
    ambigua,
    trocas,
    response.status,
    response.retryAfterMs,
  );
}
