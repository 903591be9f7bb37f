import { createHmac } from 'node:crypto';
import type { Autenticacao } from './destination.js';
import { MASCARA } from './destination.js';
import { assinarJwt, errado } from './sign-jwt.js';

/**
 * The header BMP sends for each configured method (seed 003's table). With `errada`, the
 * secret (or the signing key) is one the receiver was never given.
 */
export async function cabecalhosDeAutenticacao(
  autenticacao: Autenticacao,
  corpo: string,
  agora: Date,
  errada: boolean,
): Promise<Record<string, string>> {
  const segredo = (valor: string) => (errada ? errado(valor) : valor);
  switch (autenticacao.tipo) {
    case 'nenhuma':
      return {};
    case 'bearer':
      return { authorization: `Bearer ${segredo(autenticacao.token)}` };
    case 'api_key':
      return { 'api-key': segredo(autenticacao.token) };
    case 'x_api_key':
      return { 'x-api-key': segredo(autenticacao.token) };
    case 'basic': {
      const par = `${autenticacao.usuario}:${segredo(autenticacao.senha)}`;
      return { authorization: `Basic ${Buffer.from(par, 'utf8').toString('base64')}` };
    }
    case 'jwt':
      return { authorization: `Bearer ${await assinarJwt(autenticacao, agora, errada)}` };
    case 'hmac': {
      const chave = segredo(autenticacao.token);
      const valor =
        autenticacao.modo === 'assinatura_corpo'
          ? createHmac('sha256', chave).update(corpo, 'utf8').digest('hex')
          : chave;
      return { authorization: `HMAC ${valor}` };
    }
  }
}

/** Headers as records show them: the scheme word stays, the credential never does. */
export function mascararCabecalhos(cabecalhos: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [nome, valor] of Object.entries(cabecalhos)) {
    if (nome === 'authorization') {
      const espaco = valor.indexOf(' ');
      result[nome] = espaco < 0 ? MASCARA : `${valor.slice(0, espaco)} ${MASCARA}`;
    } else {
      result[nome] = nome === 'api-key' || nome === 'x-api-key' ? MASCARA : valor;
    }
  }
  return result;
}
