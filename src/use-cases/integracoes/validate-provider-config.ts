import type { ProviderAdapter } from '../../providers/contract.js';
import type { ProviderRegistry } from '../../providers/registry.js';
import { invalidInput, RequestError } from '../../domain/errors.js';
import {
  requiredReceiverCredentials,
  weakReceiverCredential,
  type ReceiverCredentials,
  type ReceiverSettings,
} from '../../inbound/receiver-settings.js';

export function requireProvider(providers: ProviderRegistry, id: string): ProviderAdapter {
  const provider = providers.get(id);
  if (!provider) {
    const known = [...providers.keys()].join(', ');
    throw new RequestError(
      400,
      'provedor_desconhecido',
      `provedor deve ser um de: ${known}`,
      'provedor',
    );
  }
  return provider;
}

/** Validates credentials and settings with the provider's own schemas; errors name the field. */
export function validateProviderConfig(
  provider: ProviderAdapter,
  input: { credenciais: unknown; configuracoes: unknown },
): { credenciais: unknown; configuracoes: unknown } {
  const credenciais = provider.credentialsSchema.safeParse(input.credenciais);
  if (!credenciais.success) throw invalidInput(credenciais.error, 'credenciais');
  const configuracoes = provider.settingsSchema.safeParse(input.configuracoes ?? {});
  if (!configuracoes.success) throw invalidInput(configuracoes.error, 'configuracoes');
  if (provider.inbound) requireReceiverCredentials(configuracoes.data, credenciais.data);
  return { credenciais: credenciais.data, configuracoes: configuracoes.data };
}

/** An auth scheme without its secret would reject every callback: refuse it when saving. */
function requireReceiverCredentials(settings: unknown, credentials: unknown): void {
  const receiver = (settings as { recebimento?: ReceiverSettings }).recebimento;
  const scheme =
    receiver?.autenticacao === 'jwt'
      ? `jwt com jwt.algoritmo = ${receiver.jwt?.algoritmo ?? 'HS256'}`
      : (receiver?.autenticacao ?? 'nenhuma');
  const secrets = (credentials as { recebimento?: ReceiverCredentials }).recebimento ?? {};
  for (const field of requiredReceiverCredentials(receiver)) {
    if (!secrets[field]) {
      throw new RequestError(
        400,
        'campo_obrigatorio',
        `obrigatorio quando configuracoes.recebimento.autenticacao = ${scheme}`,
        `credenciais.recebimento.${field}`,
      );
    }
  }
  const weak = weakReceiverCredential(receiver, secrets);
  if (weak) {
    const campo = `credenciais.recebimento.${weak.campo}`;
    throw new RequestError(400, 'campo_invalido', `${campo}: ${weak.mensagem}`, campo);
  }
}
