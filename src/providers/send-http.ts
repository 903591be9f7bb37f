import { request, type Dispatcher } from 'undici';
import { ProviderUnavailableError, type TrocaHttp } from './exchange.js';

// Provider calls go through undici's request API rather than fetch: the same connection pool
// without the WHATWG Request/Response/stream objects, about a quarter of fetch's CPU per call
// (measured on 127.0.0.1, README "Benchmarks").

export interface HttpCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Longest wait for the answer's headers, and for each pause in its body, ms. */
  timeoutMs: number;
  /** The caller giving up (a worker shutting down). */
  signal?: AbortSignal;
  /** A pool of the integration's own (client certificate, trust store); the global one otherwise. */
  dispatcher?: Dispatcher;
  /** Read the answer as ISO-8859-1, one character per byte (fixed-width layouts), not UTF-8. */
  latin1?: boolean;
}

export interface HttpAnswer {
  status: number;
  text: string;
  header(name: string): string | undefined;
}

/**
 * No answer came. `maybeSent` says whether the request may have reached the provider: only
 * failures before any byte left (DNS, refused connection, TLS, invalid arguments) are certain.
 */
export class HttpFailure extends Error {
  override name = 'HttpFailure';
  constructor(
    readonly falha: 'timeout' | 'cancelada' | 'rede',
    readonly maybeSent: boolean,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

const NEVER_SENT = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_INVALID_URL',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** One request; redirects are not followed (a 3xx comes back as it is). */
export async function sendHttp(call: HttpCall): Promise<HttpAnswer> {
  try {
    const response = await request(call.url, {
      method: call.method as 'GET',
      headers: call.headers,
      body: call.body,
      signal: call.signal,
      headersTimeout: call.timeoutMs,
      bodyTimeout: call.timeoutMs,
      dispatcher: call.dispatcher,
    });
    const text = call.latin1
      ? Buffer.from(await response.body.arrayBuffer()).toString('latin1')
      : await response.body.text();
    const { headers } = response;
    return {
      status: response.statusCode,
      text,
      header: (name) => {
        const value = headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(', ') : value;
      },
    };
  } catch (error) {
    throw classify(error, call.signal);
  }
}

function classify(error: unknown, signal: AbortSignal | undefined): HttpFailure {
  const codes = causeCodes(error);
  const detail = [(error as Error)?.message ?? String(error), ...codes].join(' ');
  if (codes.some((code) => TIMEOUTS.has(code))) return new HttpFailure('timeout', true, detail);
  if (signal?.aborted) return new HttpFailure('cancelada', true, detail);
  return new HttpFailure('rede', !codes.some((code) => NEVER_SENT.has(code)), detail);
}

function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error, depth = 0; isObjectLike(current) && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function isObjectLike(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

const FAILURE_CODES = {
  timeout: 'tempo_esgotado',
  cancelada: 'cancelada',
  rede: 'falha_de_rede',
} as const;

/**
 * A call that got no answer, as the provider error the core retries. `provedor` names it with
 * its article ("a Serasa"); `ambigua` says the request may have been processed.
 */
export function unavailableAfter(
  failure: HttpFailure,
  provedor: string,
  timeoutMs: number,
  ambigua: boolean,
  trocas: TrocaHttp[],
): ProviderUnavailableError {
  const mensagem =
    failure.falha === 'timeout'
      ? `${provedor} nao respondeu em ${timeoutMs} ms`
      : failure.falha === 'cancelada'
        ? `chamada ${provedor} cancelada antes da resposta`
        : `falha de rede ao chamar ${provedor}: ${failure.detail}`;
  return new ProviderUnavailableError(mensagem, FAILURE_CODES[failure.falha], ambigua, trocas);
}

/** A provider's answer as its client reads it. */
export interface WireResponse {
  status: number;
  /** Parsed JSON (parseBody), the raw text when it is not JSON, null when empty. */
  body: unknown;
  /** From Retry-After (seconds or HTTP date). */
  retryAfterMs?: number;
}

/** A response body as JSON when it parses, the raw text otherwise, null when empty. */
export function parseBody(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Retry-After in ms, from seconds or an HTTP date. */
export function parseRetryAfter(header: string | undefined, now: Date): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
