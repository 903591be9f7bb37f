import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SEGREDO_INVALIDO } from './magic.js';
import type { SandboxState } from './state.js';
import { erroSerasa, MENSAGENS } from './wire-http.js';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** `client_id:secret` from `Basic …`; null when the header is missing or malformed. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  // The secret may itself contain ':'; only the first one separates the pair.
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return null;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/**
 * A JWT-looking token with the claims the PEFIN doc shows (research §1.3). The sandbox never
 * verifies it: the token is only a key into `state.tokens`, so revocation and expiry are exact.
 */
function accessToken(clientId: string, iat: number, exp: number): string {
  const header = b64url({ alg: 'RS256', typ: 'JWT' });
  const claims = b64url({
    logon: 'HOM17687',
    client_id: clientId,
    authorities: ['ROLE_CLI-AUTH-BASIC', 'ROLE_CLI-AUTH-IDENTIFIED'],
    scope: ['READ', 'WRITE'],
    iat,
    exp,
    jti: randomUUID(),
  });
  return `${header}.${claims}.${randomBytes(32).toString('base64url')}`;
}

/** `POST /security/iam/v1/client-identities/login`: Basic in, bearer token out. */
export function iamRoutes(app: FastifyInstance, state: SandboxState): void {
  app.post('/security/iam/v1/client-identities/login', async (request, reply) => {
    const credentials = basicCredentials(request.headers.authorization);
    if (!credentials || credentials.secret.startsWith(SEGREDO_INVALIDO)) {
      return erroSerasa(reply, 401, 'UNAUTHORIZED', MENSAGENS.naoAutorizado);
    }
    state.registros.logins += 1;
    const now = Date.now();
    const expiresAt = now + state.config.token_ttl_segundos * 1000;
    const exp = Math.floor(expiresAt / 1000);
    const token = accessToken(credentials.id, Math.floor(now / 1000), exp);
    state.tokens.set(token, { clientId: credentials.id, expiresAt });
    return reply.code(200).send({
      accessToken: token,
      tokenType: 'Bearer',
      // Observed as an epoch timestamp string, not a duration (research §1.3).
      expiresIn: String(exp),
      scope: ['READ', 'WRITE'],
    });
  });
}

/**
 * The client_id behind the request's bearer token, or null after answering 401 (missing,
 * unknown, revoked or expired token all look the same to the caller, as on Serasa).
 */
export function authorize(
  state: SandboxState,
  request: FastifyRequest,
  reply: FastifyReply,
): string | null {
  const bearer = /^Bearer\s+(\S+)$/.exec(request.headers.authorization ?? '');
  const token = bearer ? state.tokens.get(bearer[1]) : undefined;
  if (!token || token.expiresAt <= Date.now()) {
    if (token) state.tokens.delete(bearer![1]);
    void erroSerasa(reply, 401, 'UNAUTHORIZED', MENSAGENS.naoAutorizado);
    return null;
  }
  return token.clientId;
}
