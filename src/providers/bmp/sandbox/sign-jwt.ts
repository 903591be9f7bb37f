import {
  createPrivateKey,
  createSecretKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { SignJWT } from 'jose';
import { keyProblem, type AsymmetricJwtAlgorithm } from '../../../infra/crypto/jwt-keys.js';
import type { AutenticacaoJwt } from './destination.js';

/** Why a PEM cannot sign with `algoritmo`, or undefined when it can. */
export function problemaNaChavePrivada(
  algoritmo: AsymmetricJwtAlgorithm,
  pem: string | undefined,
): string | undefined {
  if (pem === undefined) return `obrigatoria com ${algoritmo}`;
  let chave: KeyObject;
  try {
    chave = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    return 'chave privada PEM ilegivel';
  }
  return keyProblem(algoritmo, chave);
}

/** Parsed keys by PEM: a load run signs thousands of tokens with the same one. */
const chavesLidas = new Map<string, KeyObject>();
/** Keys nobody was given, for `autenticacao_errada`; made on first use. */
const chavesErradas = new Map<AsymmetricJwtAlgorithm, KeyObject>();

function chaveAssimetrica(
  algoritmo: AsymmetricJwtAlgorithm,
  pem: string,
  errada: boolean,
): KeyObject {
  if (errada) {
    let chave = chavesErradas.get(algoritmo);
    if (!chave) {
      chave =
        algoritmo === 'RS256'
          ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
          : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      chavesErradas.set(algoritmo, chave);
    }
    return chave;
  }
  let chave = chavesLidas.get(pem);
  if (!chave) {
    chave = createPrivateKey({ key: pem, format: 'pem' });
    if (chavesLidas.size > 32) chavesLidas.clear();
    chavesLidas.set(pem, chave);
  }
  return chave;
}

/** A fresh token per request: iat now, exp = iat + validade_s, iss/aud when configured. */
export async function assinarJwt(
  jwt: AutenticacaoJwt,
  agora: Date,
  errada: boolean,
): Promise<string> {
  const iat = Math.floor(agora.getTime() / 1000);
  let token = new SignJWT({})
    .setProtectedHeader({ alg: jwt.algoritmo, typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + jwt.validade_s);
  if (jwt.emissor !== undefined) token = token.setIssuer(jwt.emissor);
  if (jwt.audiencia !== undefined) token = token.setAudience(jwt.audiencia);
  const chave =
    jwt.algoritmo === 'HS256'
      ? createSecretKey(Buffer.from(errada ? errado(jwt.token ?? '') : (jwt.token ?? '')))
      : chaveAssimetrica(jwt.algoritmo, jwt.chave_privada ?? '', errada);
  return token.sign(chave);
}

/** A value that never equals the configured secret. */
export function errado(segredo: string): string {
  return `${segredo}-errado`;
}
