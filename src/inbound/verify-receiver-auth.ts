import { createHmac } from 'node:crypto';
import { errors, importSPKI, jwtVerify, type CryptoKey } from 'jose';
import type { Clock } from '../infra/clock.js';
import { secretsEqual } from '../infra/crypto/tokens.js';
import type { InboundRequest } from '../providers/contract.js';
import {
  HMAC_DEFAULTS,
  JWT_DEFAULTS,
  type JwtSettings,
  type ReceiverCredentials,
  type ReceiverSettings,
} from './receiver-settings.js';

export type AuthVerdict =
  | { ok: true }
  | {
      ok: false;
      motivo:
        | 'ausente'
        | 'esquema_incorreto'
        | 'credencial_incorreta'
        | 'malformada'
        | 'assinatura_invalida'
        | 'algoritmo_nao_permitido'
        | 'expirada'
        | 'ainda_nao_valida'
        | 'claim_invalida';
    };

type Headers = InboundRequest['headers'];

/** Tolerated drift between the provider's clock and ours on `exp` and `nbf`, in seconds. */
export const JWT_CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Checks the credentials a provider presents on a callback; every secret comparison is
 * constant-time. `body` is the raw body, needed only by hmac.modo = assinatura_corpo.
 */
export async function verifyReceiverAuth(
  settings: ReceiverSettings,
  credentials: ReceiverCredentials,
  request: Pick<InboundRequest, 'headers' | 'body'>,
  clock: Clock,
): Promise<AuthVerdict> {
  const { headers } = request;
  switch (settings.autenticacao) {
    case 'nenhuma':
      // The 256-bit token in the URL is then the only secret.
      return { ok: true };
    case 'api_key': {
      const presented = header(headers, settings.cabecalho);
      if (!presented) return { ok: false, motivo: 'ausente' };
      return matches(presented, credentials.token);
    }
    case 'bearer':
      return withScheme(headers, 'bearer', (value) => matches(value, credentials.token));
    case 'basic':
      return withScheme(headers, 'basic', (value) => verifyBasic(value, credentials));
    case 'jwt':
      return withScheme(headers, 'bearer', (value) =>
        verifyJwt(value, settings.jwt ?? JWT_DEFAULTS, credentials, clock),
      );
    case 'hmac':
      return withScheme(headers, 'hmac', (value) => {
        if ((settings.hmac ?? HMAC_DEFAULTS).modo === 'valor_fixo') {
          return matches(value, credentials.token);
        }
        if (credentials.token === undefined) return { ok: false, motivo: 'credencial_incorreta' };
        const expected = createHmac('sha256', credentials.token)
          .update(request.body ?? Buffer.alloc(0))
          .digest('hex');
        return secretsEqual(value.toLowerCase(), expected)
          ? { ok: true }
          : { ok: false, motivo: 'assinatura_invalida' };
      });
  }
}

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Runs `check` on the value of `Authorization: <scheme> <value>`. */
function withScheme<T extends AuthVerdict | Promise<AuthVerdict>>(
  headers: Headers,
  scheme: string,
  check: (value: string) => T,
): AuthVerdict | T {
  const presented = header(headers, 'authorization');
  if (!presented) return { ok: false, motivo: 'ausente' };
  const space = presented.indexOf(' ');
  if (space < 0 || presented.slice(0, space).toLowerCase() !== scheme) {
    return { ok: false, motivo: 'esquema_incorreto' };
  }
  return check(presented.slice(space + 1).trim());
}

function verifyBasic(value: string, credentials: ReceiverCredentials): AuthVerdict {
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { ok: false, motivo: 'malformada' };
  // Both halves are always compared so timing does not reveal which one was wrong.
  const userOk = matches(decoded.slice(0, colon), credentials.usuario).ok;
  const passwordOk = matches(decoded.slice(colon + 1), credentials.senha).ok;
  return userOk && passwordOk ? { ok: true } : { ok: false, motivo: 'credencial_incorreta' };
}

function matches(presented: string, expected: string | undefined): AuthVerdict {
  if (expected === undefined) return { ok: false, motivo: 'credencial_incorreta' };
  return secretsEqual(presented, expected)
    ? { ok: true }
    : { ok: false, motivo: 'credencial_incorreta' };
}

async function verifyJwt(
  token: string,
  jwt: JwtSettings,
  credentials: ReceiverCredentials,
  clock: Clock,
): Promise<AuthVerdict> {
  // The key was checked when the integration was saved; failing here means it is unusable.
  const key = await verificationKey(jwt, credentials)?.catch(() => undefined);
  if (!key) return { ok: false, motivo: 'credencial_incorreta' };
  try {
    await jwtVerify(token, key, {
      // Pinned to the configured algorithm: `none` and HS256-with-the-public-key are refused.
      algorithms: [jwt.algoritmo],
      issuer: jwt.emissor,
      audience: jwt.audiencia,
      requiredClaims: jwt.exige_exp ? ['exp'] : [],
      currentDate: clock.now(),
      clockTolerance: JWT_CLOCK_TOLERANCE_SECONDS,
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, motivo: jwtRefusal(error) };
  }
}

function jwtRefusal(error: unknown): Exclude<AuthVerdict, { ok: true }>['motivo'] {
  if (error instanceof errors.JWTExpired) return 'expirada';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.claim === 'nbf' && error.reason === 'check_failed'
      ? 'ainda_nao_valida'
      : 'claim_invalida';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'assinatura_invalida';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algoritmo_nao_permitido';
  // JWSInvalid, JWTInvalid, unsupported `crit`, undecodable parts: not a token we can read.
  return 'malformada';
}

const encoder = new TextEncoder();

// Callbacks may arrive at thousands per second: a key (PEM or HS256 secret) is imported once per
// algorithm and kept (measured: about twice the HS256 throughput). Keyed by the material, so
// an updated key applies at once; bounded against churn.
const KEY_CACHE_SIZE = 256;
const importedKeys = new Map<string, Promise<CryptoKey>>();

function verificationKey(
  jwt: JwtSettings,
  credentials: ReceiverCredentials,
): Promise<CryptoKey> | undefined {
  const material = jwt.algoritmo === 'HS256' ? credentials.token : jwt.chave_publica;
  if (material === undefined) return undefined;
  const cacheKey = `${jwt.algoritmo}\n${material}`;
  let key = importedKeys.get(cacheKey);
  if (!key) {
    key =
      jwt.algoritmo === 'HS256'
        ? crypto.subtle.importKey(
            'raw',
            encoder.encode(material),
            { name: 'HMAC', hash: 'SHA-256' },
            false,
            ['verify'],
          )
        : importSPKI(material, jwt.algoritmo);
    // A key that fails to import is not kept, so the failure is not cached forever.
    key.catch(() => importedKeys.delete(cacheKey));
    if (importedKeys.size >= KEY_CACHE_SIZE) importedKeys.delete(importedKeys.keys().next().value!);
    importedKeys.set(cacheKey, key);
  }
  return key;
}
