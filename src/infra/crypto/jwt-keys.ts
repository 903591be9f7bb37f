import type { KeyObject } from 'node:crypto';

export type AsymmetricJwtAlgorithm = 'RS256' | 'ES256';

/** Longest PEM accepted: an RSA 4096 private key is ~3.3 kB, its public half ~800 bytes. */
export const PEM_MAX_CHARS = 8192;

/**
 * Why `key` (public or private half) cannot sign or verify `algoritmo`, or undefined when it can.
 * The message is Portuguese: operators read it in a 400.
 */
export function keyProblem(algoritmo: AsymmetricJwtAlgorithm, key: KeyObject): string | undefined {
  const details = key.asymmetricKeyDetails ?? {};
  if (algoritmo === 'RS256') {
    // jose refuses RSA keys under 2048 bits, for signing and verifying alike.
    return key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048
      ? undefined
      : 'RS256 exige uma chave RSA de ao menos 2048 bits';
  }
  return key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1'
    ? undefined
    : 'ES256 exige uma chave EC P-256';
}
