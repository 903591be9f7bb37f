import { createHash } from 'node:crypto';
import { ProviderUnavailableError, type TrocaHttp } from '../exchange.js';
import type { SerasaHosts } from './config.js';
import { isObject } from './json.js';
import {
  HttpFailure,
  parseBody,
  parseRetryAfter,
  sendHttp,
  unavailableAfter,
  type WireResponse,
} from '../send-http.js';
import { maskLoginBody, maskSecretHeaders } from './wire.js';

/** Serasa may issue one client_id/client_secret pair for reports and another for PEFIN. */
export type Par = 'consulta' | 'pefin';

export interface WireRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON; omitted means no body at all (the PEFIN DELETEs carry none). */
  body?: unknown;
}

export type { WireResponse };

export interface TransportOptions {
  hosts: SerasaHosts;
  pairs: Record<Par, { clientId: string; secret: string }>;
  timeoutMs: number;
  /** How long a token is reused; Serasa's `expiresIn` is not trusted (seen as an epoch). */
  tokenTtlMs: number;
  now(): Date;
}

/**
 * The IAM answered the login of a pair with a refusal (401/403, or another 4xx such as a wrong
 * login URL): a configuration problem that retrying will not fix.
 */
export class LoginRefused extends Error {
  override name = 'LoginRefused';
  constructor(
    readonly par: Par,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`o login IAM da Serasa recusou o par ${par} (HTTP ${status})`);
  }
}

type LoginOutcome =
  | { tipo: 'token'; token: string; trocas: TrocaHttp[] }
  | { tipo: 'recusado'; status: number; body: unknown; trocas: TrocaHttp[] }
  | { tipo: 'indisponivel'; error: ProviderUnavailableError; trocas: TrocaHttp[] };

const LOGIN_PATH = '/security/iam/v1/client-identities/login';

/**
 * HTTP to Serasa's REST APIs. Owns the IAM tokens: one per credential pair, reused for the
 * configured TTL, fetched by a single login however many calls need it at once, renewed once
 * when a call answers 401. Every call has a timeout, and every exchange is appended to the
 * caller's audit list with the Authorization header masked and the token never written.
 */
export class SerasaTransport {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();
  private readonly flights = new Map<string, Promise<LoginOutcome>>();
  private readonly cacheKeys: Record<Par, string>;

  constructor(private readonly options: TransportOptions) {
    this.cacheKeys = { consulta: this.keyOf('consulta'), pefin: this.keyOf('pefin') };
  }

  /** A business call with the pair's token; a 401 renews the token once and repeats the call. */
  async call(
    par: Par,
    request: WireRequest,
    trocas: TrocaHttp[],
    signal?: AbortSignal,
  ): Promise<WireResponse> {
    const first = await this.bearer(par, trocas, signal);
    const response = await this.send(withBearer(request, first), trocas, signal);
    // A 401 means the request was not processed, so repeating it (even a POST) is safe. A
    // second 401 with a fresh token is the caller's to report as refused credentials.
    if (response.status !== 401) return response;
    this.forget(par, first);
    const second = await this.bearer(par, trocas, signal);
    return this.send(withBearer(request, second), trocas, signal);
  }

  /** Logs the pair in now, bypassing the cache (for "testar"); the token is cached as usual. */
  async testLogin(par: Par, trocas: TrocaHttp[], signal?: AbortSignal): Promise<void> {
    this.settle(par, await untilAborted(this.login(par), signal, trocas), trocas);
  }

  private async bearer(par: Par, trocas: TrocaHttp[], signal?: AbortSignal): Promise<string> {
    const key = this.cacheKeys[par];
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.options.now().getTime()) return cached.token;
    // Single flight: concurrent callers share one login. It runs without any caller's signal,
    // so one caller giving up does not fail the others; each stops waiting on its own signal.
    let flight = this.flights.get(key);
    if (!flight) {
      flight = this.login(par).finally(() => this.flights.delete(key));
      this.flights.set(key, flight);
    }
    return this.settle(par, await untilAborted(flight, signal, trocas), trocas);
  }

  /** Every caller that waited on a login gets its exchange in its own audit list. */
  private settle(par: Par, outcome: LoginOutcome, trocas: TrocaHttp[]): string {
    trocas.push(...outcome.trocas);
    if (outcome.tipo === 'token') return outcome.token;
    if (outcome.tipo === 'recusado') throw new LoginRefused(par, outcome.status, outcome.body);
    const { error } = outcome;
    throw new ProviderUnavailableError(
      error.message,
      error.codigo,
      error.ambigua,
      trocas,
      error.status,
      error.retryAfterMs,
    );
  }

  private async login(par: Par): Promise<LoginOutcome> {
    const { clientId, secret } = this.options.pairs[par];
    const host = par === 'consulta' ? this.options.hosts.consulta : this.options.hosts.loginPefin;
    const trocas: TrocaHttp[] = [];
    let response: WireResponse;
    try {
      response = await this.send(
        {
          method: 'POST',
          url: `${host}${LOGIN_PATH}`,
          headers: {
            authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
          },
          // No grant, no form: the pair travels only in the Basic header; the body is `{}`.
          body: {},
        },
        trocas,
        undefined,
        'login',
      );
    } catch (error) {
      if (error instanceof ProviderUnavailableError) return { tipo: 'indisponivel', error, trocas };
      throw error;
    }
    const { status } = response;
    if (status === 429 || status === 408 || status >= 500) {
      return { tipo: 'indisponivel', error: unavailable(response, trocas, 'login'), trocas };
    }
    if (status < 200 || status >= 300)
      return { tipo: 'recusado', status, body: response.body, trocas };
    const token = readAccessToken(response.body);
    if (!token) {
      const error = new ProviderUnavailableError(
        `o login IAM da Serasa respondeu HTTP ${status} sem accessToken`,
        'resposta_invalida',
        false,
        trocas,
        status,
      );
      return { tipo: 'indisponivel', error, trocas };
    }
    const expiresAt = this.options.now().getTime() + this.options.tokenTtlMs;
    this.tokens.set(this.cacheKeys[par], { token, expiresAt });
    return { tipo: 'token', token, trocas };
  }

  /** Drops the pair's token, unless a concurrent caller already replaced it with a fresh one. */
  private forget(par: Par, token: string): void {
    const key = this.cacheKeys[par];
    if (this.tokens.get(key)?.token === token) this.tokens.delete(key);
  }

  /** Host + client_id + a hash of the secret: a changed secret never reuses the old token. */
  private keyOf(par: Par): string {
    const { clientId, secret } = this.options.pairs[par];
    const host = par === 'consulta' ? this.options.hosts.consulta : this.options.hosts.loginPefin;
    return `${host}\n${clientId}\n${createHash('sha256').update(secret).digest('hex')}`;
  }

  private async send(
    request: WireRequest,
    trocas: TrocaHttp[],
    signal: AbortSignal | undefined,
    kind: 'login' | 'business' = 'business',
  ): Promise<WireResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const troca: TrocaHttp = {
      requisicao: {
        metodo: request.method,
        url: request.url,
        cabecalhos: maskSecretHeaders(headers),
        ...(request.body !== undefined && { corpo: request.body }),
      },
      resposta: null,
      duracao_ms: 0,
    };
    if (signal?.aborted) throw cancelledBeforeSending(trocas);
    trocas.push(troca);
    const started = performance.now();
    try {
      const response = await sendHttp({
        method: request.method,
        url: request.url,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        timeoutMs: this.options.timeoutMs,
        signal,
      });
      const body = parseBody(response.text);
      const ok = response.status >= 200 && response.status < 300;
      troca.resposta = {
        status: response.status,
        corpo: kind === 'login' ? maskLoginBody(body, ok) : body,
      };
      troca.duracao_ms = Math.round(performance.now() - started);
      const retryAfterMs = parseRetryAfter(response.header('retry-after'), this.options.now());
      return { status: response.status, body, ...(retryAfterMs !== undefined && { retryAfterMs }) };
    } catch (error) {
      troca.duracao_ms = Math.round(performance.now() - started);
      if (!(error instanceof HttpFailure)) throw error;
      troca.falha = error.falha;
      // A login changes nothing at Serasa and a GET neither: only a POST or DELETE that may
      // have reached Serasa leaves the caller unsure whether it was processed.
      const sideEffect = kind === 'business' && request.method !== 'GET';
      throw unavailableAfter(
        error,
        'a Serasa',
        this.options.timeoutMs,
        sideEffect && error.maybeSent,
        trocas,
      );
    }
  }
}

/** A 429, a 5xx or a 408: Serasa did not process the request; try again later. */
export function unavailable(
  response: WireResponse,
  trocas: TrocaHttp[],
  what: string,
  detalhe?: string | null,
): ProviderUnavailableError {
  const limited = response.status === 429;
  const base = limited
    ? `a Serasa limitou as chamadas (HTTP 429) em ${what}`
    : `a Serasa respondeu HTTP ${response.status} em ${what}`;
  return new ProviderUnavailableError(
    detalhe ? `${base}: ${detalhe}` : base,
    limited ? 'limite_excedido' : 'provedor_indisponivel',
    false,
    trocas,
    response.status,
    response.retryAfterMs,
  );
}

function withBearer(request: WireRequest, token: string): WireRequest {
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
}

function cancelledBeforeSending(trocas: TrocaHttp[]): ProviderUnavailableError {
  return new ProviderUnavailableError(
    'chamada cancelada antes do envio',
    'cancelada',
    false,
    trocas,
  );
}

/** Resolves with `promise`, or rejects (nothing sent yet) as soon as the caller's signal aborts. */
function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  trocas: TrocaHttp[],
) {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(cancelledBeforeSending(trocas));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledBeforeSending(trocas));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** One integrator saw `AcessToken` in production: accept the spellings seen, in any case. */
function readAccessToken(body: unknown): string | null {
  if (!isObject(body)) return null;
  for (const [key, value] of Object.entries(body)) {
    const name = key.toLowerCase().replace(/_/g, '');
    if ((name === 'accesstoken' || name === 'acesstoken') && typeof value === 'string' && value) {
      return value;
    }
  }
  return null;
}
