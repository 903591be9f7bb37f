import { isObject } from './json.js';

// What the transport needs around each call, kept apart from the token logic: what the audit
// trail may show of a request and an answer.

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
