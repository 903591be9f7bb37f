import type { AppContext } from '../../app-context.js';
import { notFound, RequestError } from '../../domain/errors.js';
import { integracaoIdOf } from './create-negativacao.js';
import { lockNegativacao } from './negativacao-store.js';
import { presentNegativacao } from './present-negativacao.js';
import { requestBaixa } from './request-baixa.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs' | 'providerClients'>;

/** `DELETE /v1/negativacoes/{id}`: a removal with the caller's motivo (default: the provider's payment motivo). */
export async function removeNegativacao(ctx: Deps, id: string, motivo?: string) {
  const { provider, configuracoes } = await ctx.providerClients.open(await integracaoIdOf(ctx, id));
  const regras = provider.negativacao!(configuracoes);
  const chosen = motivo ?? regras.motivo_pagamento;
  if (!(chosen in regras.motivos_baixa)) {
    throw new RequestError(
      422,
      'motivo_invalido',
      `motivo ${chosen} nao existe na tabela de motivos de baixa do provedor`,
      'motivo',
    );
  }
  const row = await ctx.database.transact(async (tx) => {
    const locked = await lockNegativacao(tx, { id });
    if (!locked) throw notFound('negativacao', id);
    return requestBaixa(ctx, tx, locked, { motivo: chosen, origem: 'api' });
  });
  return presentNegativacao(row);
}
