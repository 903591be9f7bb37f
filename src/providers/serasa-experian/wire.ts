import { isObject } from './json.js';

// What the transport needs around each fetch, kept apart from the token logic: how a failure
// is classified (sent or not), and what the audit trail may show of a request and an answer.

// Errors raised before any byte of the request left: DNS, refused or unreachable connections,
// connect timeouts and TLS failures. Anything else may have happened after Serasa read the
// request (a reset, a close mid-answer), so it is treated as possibly processed.
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Why a fetch produced no answer, and whether the request may have reached Serasa (which only
 * matters for a POST or DELETE: the caller decides).
 */
export function classifyFailure(error: unknown, timeout: AbortSignal, signal?: AbortSignal) {
  if (timeout.aborted) {
    return {
      falha: 'timeout',
      codigo: 'tempo_esgotado',
      maybeSent: true,
      mensagem: (ms: number) => `a Serasa nao respondeu em ${ms} ms`,
    };
  }
  if (signal?.aborted) {
    return {
      falha: 'cancelada',
      codigo: 'cancelada',
      maybeSent: true,
      mensagem: () => 'chamada a Serasa cancelada antes da resposta',
    };
  }
  const codes = causeCodes(error);
  // fetch validates its arguments (an invalid header value, say) before connecting and throws
  // a TypeError without a cause; network failures always carry one.
  const invalidArguments = error instanceof TypeError && error.cause === undefined;
  return {
    falha: 'rede',
    codigo: 'falha_de_rede',
    maybeSent: !invalidArguments && !codes.some((code) => NEVER_SENT.has(code)),
    mensagem: () =>
      `falha de rede ao chamar a Serasa: ${[(error as Error).message, ...codes].join(' ')}`,
  };
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

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

/** `Basic xyz` → `Basic ***`: the audit shows which scheme went, never the credential. */
export function maskSecretHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      SECRET_HEADERS.has(name.toLowerCase()) ? `${value.split(' ')[0]} ***` : value,
    ]),
  );
}

/**
 * The IAM answer carries the token: keep its shape for the audit, not its value. A successful
 * answer that is not JSON is hidden whole, since the token could be anywhere in it.
 */
export function maskLoginBody(body: unknown, ok: boolean): unknown {
  return ok && typeof body === 'string' ? '***' : maskTokens(body);
}

/** accessToken, acessToken, access_token, refreshToken…; not tokenType, which says "Bearer". */
const SECRET_FIELD = /token|secret|password/i;

function maskTokens(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(maskTokens);
  if (!isObject(body)) return body;
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [
      key,
      SECRET_FIELD.test(key) && !/type$/i.test(key) && typeof value === 'string'
        ? '***'
        : maskTokens(value),
    ]),
  );
}

export function parseBody(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function parseRetryAfter(header: string | null, now: Date): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
