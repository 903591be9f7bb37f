import type { AppContext } from '../../app-context.js';
import { notFound } from '../../domain/errors.js';
import { forgetReceivingIntegracoes } from '../../inbound/find-receiving-integracao.js';
import { isoNow } from '../../infra/clock.js';
import { presentIntegracao, type IntegracaoView } from './present-integracao.js';

type Deps = Pick<
  AppContext,
  'database' | 'clock' | 'secretBox' | 'providers' | 'publicUrl' | 'providerClients'
>;

/** Disabling keeps the integration and its history; its inbound URL answers 404 meanwhile. */
export async function setIntegracaoSituacao(
  ctx: Deps,
  id: string,
  situacao: 'ativa' | 'desativada',
): Promise<IntegracaoView> {
  const row = await ctx.database.db
    .updateTable('integracoes')
    .set({ situacao, atualizada_em: isoNow(ctx.clock) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('integracao', id);
  forgetReceivingIntegracoes();
  ctx.providerClients.forget(id);
  return presentIntegracao(ctx, row);
}
