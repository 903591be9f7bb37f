import { secretsEqual } from '../infra/crypto/tokens.js';
import type { ReceiverCredentials, ReceiverSettings } from './receiver-settings.js';

export type AuthVerdict =
  | { ok: true }
  | { ok: false; motivo: 'ausente' | 'esquema_incorreto' | 'credencial_incorreta' | 'malformada' };

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Checks the credentials a provider presents on a callback; every comparison is constant-time. */
export function verifyReceiverAuth(
  settings: ReceiverSettings,
  credentials: ReceiverCredentials,
  headers: Headers,
): AuthVerdict {
  switch (settings.autenticacao) {
    case 'nenhuma':
      // The 256-bit token in the URL is then the only secret.
      return { ok: true };
    case 'api_key': {
      const presented = header(headers, settings.cabecalho);
      if (!presented) return { ok: false, motivo: 'ausente' };
      return matches(presented, credentials.token);
    }
    case 'bearer': {
      const presented = header(headers, 'authorization');
      if (!presented) return { ok: false, motivo: 'ausente' };
      const [scheme, value] = splitScheme(presented);
      if (scheme !== 'bearer') return { ok: false, motivo: 'esquema_incorreto' };
      return matches(value, credentials.token);
    }
    case 'basic': {
      const presented = header(headers, 'authorization');
      if (!presented) return { ok: false, motivo: 'ausente' };
      const [scheme, value] = splitScheme(presented);
      if (scheme !== 'basic') return { ok: false, motivo: 'esquema_incorreto' };
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return { ok: false, motivo: 'malformada' };
      // Both halves are always compared so timing does not reveal which one was wrong.
      const userOk = matches(decoded.slice(0, colon), credentials.usuario).ok;
      const passwordOk = matches(decoded.slice(colon + 1), credentials.senha).ok;
      return userOk && passwordOk ? { ok: true } : { ok: false, motivo: 'credencial_incorreta' };
    }
  }
}

function splitScheme(value: string): [string, string] {
  const space = value.indexOf(' ');
  if (space < 0) return ['', value];
  return [value.slice(0, space).toLowerCase(), value.slice(space + 1).trim()];
}

function matches(presented: string, expected: string | undefined): AuthVerdict {
  if (expected === undefined) return { ok: false, motivo: 'credencial_incorreta' };
  return secretsEqual(presented, expected)
    ? { ok: true }
    : { ok: false, motivo: 'credencial_incorreta' };
}

/** Which credential fields each scheme needs, checked when an integration is saved. */
export const REQUIRED_RECEIVER_CREDENTIALS: Record<string, Array<keyof ReceiverCredentials>> = {
  nenhuma: [],
  api_key: ['token'],
  bearer: ['token'],
  basic: ['usuario', 'senha'],
};
