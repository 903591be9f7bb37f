import { createHash } from 'node:crypto';
import type { ProviderConnection } from '../contract.js';
import { ProviderUnavailableError, type TrocaHttp } from '../exchange.js';
import { HOSTS, type SerasaExperianCredentials, type SerasaExperianSettings } from './config.js';

export interface SerasaResponse {
  status: number;
  body: unknown;
  retryAfterMs?: number;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

export type Par = 'consulta' | 'pefin';

/**
 * Transport to Serasa's REST APIs: IAM login per credential pair with a cached token, one
 * re-login on 401, a timeout on every call, and every exchange kept (secrets masked) for audit.
 */
export class SerasaTransport {
  readonly hosts: { consulta: string; pefin: string; loginPefin: string };
  private readonly tokens = new Map<string, CachedToken>();
  private readonly logins = new Map<string, Promise<CachedToken>>();
  private readonly fetch: typeof fetch;

  constructor(
    private readonly connection: ProviderConnection,
    readonly credentials: SerasaExperianCredentials,
    readonly settings: SerasaExperianSettings,
  ) {
    const defaults = HOSTS[connection.ambiente];
    const consulta = trim(settings.url_consulta ?? defaults.consulta);
    this.hosts = {
      consulta,
      pefin: trim(settings.url_pefin ?? defaults.pefin),
      // PEFIN logs in on the credit family's IAM host.
      loginPefin: trim(settings.url_login_pefin ?? consulta),
    };
    this.fetch = connection.fetch ?? fetch;
  }

  /** A business call with the pair's token; on 401 the token is renewed once and the call repeated. */
  async call(
    par: Par,
    request: { method: string; url: string; headers?: Record<string, string>; body?: unknown },
    trocas: TrocaHttp[],
    signal?: AbortSignal,
  ): Promise<SerasaResponse> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.token(par, trocas, signal);
      const response = await this.send(
        { ...request, headers: { ...request.headers, authorization: `Bearer ${token.token}` } },
        trocas,
        signal,
      );
      if (response.status !== 401 || attempt === 1) return response;
      this.tokens.delete(this.cacheKey(par));
    }
  }

  /** Logs a pair in (bypassing the cache); used by "testar". */
  async login(par: Par, trocas: TrocaHttp[], signal?: AbortSignal): Promise<SerasaResponse> {
    const [id, secret] = this.pair(par);
    return this.send(
      {
        method: 'POST',
        url: `${par === 'consulta' ? this.hosts.consulta : this.hosts.loginPefin}/security/iam/v1/client-identities/login`,
        headers: { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` },
        body: {},
        // A login has no side effect: a timeout is simply a failure.
        idempotent: true,
        secretResponse: true,
      },
      trocas,
      signal,
    );
  }

  private async token(par: Par, trocas: TrocaHttp[], signal?: AbortSignal): Promise<CachedToken> {
    const key = this.cacheKey(par);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.connection.now().getTime()) return cached;
    // Single flight: concurrent callers share one login.
    let pending = this.logins.get(key);
    if (!pending) {
      pending = this.fetchToken(par, trocas, signal).finally(() => this.logins.delete(key));
      this.logins.set(key, pending);
    }
    return pending;
  }

  private async fetchToken(par: Par, trocas: TrocaHttp[], signal?: AbortSignal) {
    const response = await this.login(par, trocas, signal);
    const body = (response.body ?? {}) as Record<string, unknown>;
    // One integrator saw the typo `AcessToken` in production; accept the spellings seen.
    const token = [body.accessToken, body.acessToken, body.AcessToken, body.access_token].find(
      (v): v is string => typeof v === 'string' && v.length > 0,
    );
    if (response.status >= 500 || response.status === 429) {
      throw unavailable(response, trocas, 'login');
    }
    if (response.status !== 200 && response.status !== 201) {
      throw new LoginRefused(par, response.status);
    }
    if (!token) throw new LoginRefused(par, response.status);
    const cached = {
      token,
      expiresAt: this.connection.now().getTime() + this.settings.token_ttl_segundos * 1000,
    };
    this.tokens.set(this.cacheKey(par), cached);
    return cached;
  }

  private pair(par: Par): [string, string] {
    const c = this.credentials;
    return par === 'consulta'
      ? [c.login_consulta, c.senha_consulta]
      : [c.login_pefin, c.senha_pefin];
  }

  private cacheKey(par: Par): string {
    const [id, secret] = this.pair(par);
    const host = par === 'consulta' ? this.hosts.consulta : this.hosts.loginPefin;
    return `${host}|${id}|${createHash('sha256').update(secret).digest('hex')}`;
  }

  private async send(
    request: {
      method: string;
      url: string;
      headers?: Record<string, string>;
      body?: unknown;
      idempotent?: boolean;
      /** The answer carries a credential (the IAM token): audit only its shape. */
      secretResponse?: boolean;
    },
    trocas: TrocaHttp[],
    signal?: AbortSignal,
  ): Promise<SerasaResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const troca: TrocaHttp = {
      requisicao: {
        metodo: request.method,
        url: request.url,
        cabecalhos: maskHeaders(headers),
        ...(request.body !== undefined && { corpo: request.body }),
      },
      resposta: null,
      duracao_ms: 0,
    };
    trocas.push(troca);
    const started = performance.now();
    const timeout = AbortSignal.timeout(this.settings.timeout_ms);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const response = await this.fetch(request.url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: combined,
      });
      const text = await response.text();
      const body = parseBody(text);
      troca.resposta = {
        status: response.status,
        corpo: request.secretResponse ? maskTokens(body) : body,
      };
      troca.duracao_ms = Math.round(performance.now() - started);
      const retryAfter = Number(response.headers.get('retry-after'));
      return {
        status: response.status,
        body,
        ...(retryAfter > 0 && { retryAfterMs: retryAfter * 1000 }),
      };
    } catch (error) {
      troca.duracao_ms = Math.round(performance.now() - started);
      const timedOut = timeout.aborted;
      const refused = isConnectionRefused(error);
      troca.falha = timedOut ? 'timeout' : 'rede';
      // Refused before the request reached Serasa: certainly not processed. A timeout, a reset
      // or our own shutdown after sending: it may have been, unless the call had no side effect.
      const ambigua = !request.idempotent && request.method !== 'GET' && !refused;
      throw new ProviderUnavailableError(
        timedOut
          ? `Serasa nao respondeu em ${this.settings.timeout_ms} ms`
          : `falha de rede ao chamar a Serasa: ${(error as Error).message}`,
        timedOut ? 'tempo_esgotado' : 'falha_de_rede',
        ambigua,
        trocas,
      );
    }
  }
}

/** A credential pair the IAM refused: a configuration problem, not a transient one. */
export class LoginRefused extends Error {
  override name = 'LoginRefused';
  constructor(
    readonly par: Par,
    readonly status: number,
  ) {
    super(`login da Serasa recusado para o par ${par} (HTTP ${status})`);
  }
}

export function unavailable(response: SerasaResponse, trocas: TrocaHttp[], what: string) {
  const limited = response.status === 429;
  return new ProviderUnavailableError(
    limited
      ? `Serasa limitou as chamadas (429) em ${what}`
      : `Serasa respondeu ${response.status} em ${what}`,
    limited ? 'limite_excedido' : 'provedor_indisponivel',
    false,
    trocas,
    response.status,
    response.retryAfterMs,
  );
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      SECRET_HEADERS.has(name.toLowerCase()) ? `${value.split(' ')[0]} ***` : value,
    ]),
  );
}

function maskTokens(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [key, /token/i.test(key) ? '***' : value]),
  );
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isConnectionRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(cause?.code ?? '');
}

function trim(url: string): string {
  return url.replace(/\/+$/, '');
}
