import type { AppContext } from '../../app-context.js';
import { notFound, RequestError } from '../../domain/errors.js';
import type { Ambiente } from '../../providers/contract.js';
import { forgetReceivingIntegracoes } from '../../inbound/find-receiving-integracao.js';
import { isoNow } from '../../infra/clock.js';
import { presentIntegracao, type IntegracaoView } from './present-integracao.js';
import { requireProvider, validateProviderConfig } from './validate-provider-config.js';

export interface UpdateIntegracaoInput {
  /** Accepted only when it is the integration's own provider: another one is refused. */
  provedor?: string;
  ambiente?: Ambiente;
  descricao?: string;
  /** Merged over the stored credentials: send only what changes (secrets are never read back). */
  credenciais?: Record<string, unknown>;
  /** Replaces the stored settings. */
  configuracoes?: unknown;
}

type Deps = Pick<
  AppContext,
  'database' | 'clock' | 'secretBox' | 'providers' | 'publicUrl' | 'providerClients'
>;

export async function updateIntegracao(
  ctx: Deps,
  id: string,
  input: UpdateIntegracaoInput,
): Promise<IntegracaoView> {
  return ctx.database.transact(async (tx) => {
    const row = await tx.db
      .selectFrom('integracoes')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('integracao', id);
    // Credentials, settings, references and inbound URL all belong to one provider.
    if (input.provedor !== undefined && input.provedor !== row.provedor) {
      throw new RequestError(
        422,
        'provedor_imutavel',
        `o provedor de uma integracao nao muda (esta e ${row.provedor}); ` +
          `cadastre uma nova integracao para ${input.provedor} em POST /v1/integracoes`,
        'provedor',
      );
    }
    const provider = requireProvider(ctx.providers, row.provedor);
    const stored = ctx.secretBox.openJson<Record<string, unknown>>(row.credenciais_cifradas);
    const valid = validateProviderConfig(provider, {
      credenciais: mergeDeep(stored, input.credenciais ?? {}),
      configuracoes: input.configuracoes ?? (JSON.parse(row.configuracoes) as unknown),
    });
    const updated = {
      ...row,
      ambiente: input.ambiente ?? row.ambiente,
      descricao: input.descricao ?? row.descricao,
      configuracoes: JSON.stringify(valid.configuracoes),
      credenciais_cifradas: ctx.secretBox.sealJson(valid.credenciais),
      atualizada_em: isoNow(ctx.clock),
    };
    await tx.db.updateTable('integracoes').set(updated).where('id', '=', id).execute();
    tx.afterCommit(forgetReceivingIntegracoes);
    tx.afterCommit(() => ctx.providerClients.forget(id));
    return presentIntegracao(ctx, updated);
  });
}

function mergeDeep(
  base: Record<string, unknown>,
  top: Record<string, unknown>,
): Record<string, unknown> {
  const result = { ...base };
  for (const [key, value] of Object.entries(top)) {
    const current = result[key];
    const bothObjects =
      typeof current === 'object' &&
      current !== null &&
      typeof value === 'object' &&
      value !== null;
    result[key] = bothObjects
      ? mergeDeep(current as Record<string, unknown>, value as Record<string, unknown>)
      : value;
  }
  return result;
}
