import type { AppContext } from '../../app-context.js';
import { RequestError } from '../../domain/errors.js';
import {
  BlockedAddressError,
  resolveTarget,
  UnresolvedHostError,
  type Resolver,
} from '../../infra/webhooks/guard-address.js';

const MAX_URL_LENGTH = 2000;

/**
 * An endpoint URL the gateway may call: http(s), no credentials in it, https unless private
 * webhooks are allowed (events carry CPFs and CNPJs in full), and a host that resolves only to
 * public addresses unless `allowPrivateWebhooks`. Checked again before every delivery.
 */
export async function checkWebhookUrl(
  ctx: Pick<AppContext, 'config'>,
  value: string,
  resolve?: Resolver,
): Promise<string> {
  const refuse = (codigo: string, mensagem: string) =>
    new RequestError(400, codigo, `url: ${mensagem}`, 'url');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse('url_invalida', 'nao e uma URL absoluta');
  }
  if (value.length > MAX_URL_LENGTH) {
    throw refuse('url_invalida', `mais de ${MAX_URL_LENGTH} caracteres`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw refuse('url_invalida', 'use https://');
  }
  if (url.username || url.password) {
    throw refuse(
      'url_invalida',
      'usuario e senha na URL nao sao aceitos (seriam guardados em claro)',
    );
  }
  const allowPrivate = ctx.config.allowPrivateWebhooks;
  if (url.protocol === 'http:' && !allowPrivate) {
    throw refuse(
      'url_insegura',
      'use https:// (http so com CREDGATE_ALLOW_PRIVATE_WEBHOOKS=true, para testes)',
    );
  }
  try {
    await resolveTarget(url, { allowPrivate, resolve });
  } catch (error) {
    if (error instanceof BlockedAddressError) {
      throw refuse(
        'url_nao_permitida',
        `${error.message}; enderecos internos so com CREDGATE_ALLOW_PRIVATE_WEBHOOKS=true`,
      );
    }
    if (error instanceof UnresolvedHostError) throw refuse('url_nao_resolvida', error.message);
    throw error;
  }
  return url.toString();
}
