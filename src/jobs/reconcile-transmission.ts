import type { AppContext } from '../app-context.js';
import type { Tx } from '../infra/db/connect-database.js';
import { PermanentJobError, type JobHandler } from '../infra/queue/run-worker.js';
import { ProviderUnavailableError } from '../providers/exchange.js';
import { acceptance } from '../use-cases/negativacoes/accept-transmission.js';
import {
  changeNegativacao,
  enqueueTransmission,
  lockNegativacao,
  readNegativacao,
  type NegativacaoRow,
} from '../use-cases/negativacoes/negativacao-store.js';
import { startPolling } from './poll-negativacao.js';
import { respectRateLimits } from './respect-rate-limits.js';

export const RECONCILE_TRANSMISSION = 'reconciliar-transmissao';

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs' | 'config' | 'providerClients'>;

/**
 * A transmission whose outcome is unknown: keep the marker (so a webhook for it is matched by
 * creditor + debtor + contract) and check back after the reconciliation window.
 */
export async function markUncertain(
  ctx: Deps,
  tx: Tx,
  id: string,
  desde: string,
  cause: unknown,
): Promise<void> {
  const row = await lockNegativacao(tx, { id });
  if (!row || row.transmissao_desde !== desde || row.transmissao_incerta) return;
  const janelaMs = ctx.config.negativacao.janelaReconciliacaoMs;
  await changeNegativacao(
    tx,
    ctx.clock,
    row,
    { transmissao_incerta: 1 },
    {
      tipo: 'transmissao_incerta',
      detalhes: {
        causa: cause instanceof Error ? cause.message : String(cause),
        trocas: (cause as { trocas?: unknown }).trocas ?? [],
        reenvio_apos_ms: janelaMs,
      },
    },
  );
  await ctx.jobs.enqueue(tx, {
    kind: RECONCILE_TRANSMISSION,
    payload: { negativacaoId: id, desde },
    runAt: new Date(ctx.clock.now().getTime() + janelaMs),
  });
}

/**
 * The window passed. If the provider's webhook settled the attempt meanwhile, nothing to do.
 * A provider that can be asked (Tecnospeed, which has no webhooks) is: if it holds the inclusion,
 * or shows the removal under way, the reference is adopted and polled, and nothing is sent again.
 * Otherwise there is no evidence it was processed, and the request is sent again.
 */
export function reconcileTransmission(ctx: Deps & Pick<AppContext, 'rateLimiter'>): JobHandler {
  return async ({ job, signal }) => {
    const { negativacaoId, desde } = job.payload as { negativacaoId?: string; desde?: string };
    if (!negativacaoId || !desde)
      throw new PermanentJobError('payload without negativacaoId/desde');
    const before = (await readNegativacao(ctx.database, { id: negativacaoId })).rows[0];
    if (!before || before.transmissao_desde !== desde) return;
    const found = await lookUp(ctx, before, signal);
    await ctx.database.transact(async (tx) => {
      const row = await lockNegativacao(tx, { id: negativacaoId });
      if (!row || row.transmissao_desde !== desde) return;
      if (found) {
        const { patch, evento } = acceptance(
          ctx,
          row,
          found.referencia,
          found.trocas,
          true,
          'transmissao_reconciliada',
        );
        await changeNegativacao(tx, ctx.clock, row, patch, evento);
        await startPolling(ctx, tx, row.id, found.referencia, found.regras);
        return;
      }
      await changeNegativacao(
        tx,
        ctx.clock,
        row,
        { transmissao_desde: null, transmissao_job: null, transmissao_incerta: 0 },
        { tipo: 'reenvio_apos_reconciliacao', detalhes: { tentativa_incerta_em: desde } },
      );
      await enqueueTransmission(ctx, tx, negativacaoId);
    });
  };
}

/**
 * What a provider that can be asked holds for a transmission whose answer was lost. An
 * inclusion is looked up by debtor and contract; a removal, by polling the inclusion's reference:
 * a status past the inclusion (removal sent or done) is the removal's own evidence. Without that
 * check a removal the provider took would be sent again, refused ("already removed") and the
 * negativacao put back to `inserida` although the bureau removed it.
 */
async function lookUp(
  ctx: Deps & Pick<AppContext, 'rateLimiter'>,
  row: NegativacaoRow,
  signal: AbortSignal,
) {
  const { client, provider, configuracoes } = await ctx.providerClients.open(row.integracao_id);
  if (!client.acompanhar || !provider.acompanhamento) return undefined;
  const regras = provider.acompanhamento(configuracoes);
  // A lookup is a read like a poll, and shares the polls' budget with the provider.
  await respectRateLimits(ctx, row.integracao_id, regras);
  if (row.acao === 'remover') {
    if (!row.referencia_inclusao) return undefined;
    const result = await client.acompanhar(row.referencia_inclusao, signal);
    if (result.tipo !== 'acompanhamento') {
      throw new ProviderUnavailableError(result.mensagem, result.codigo, false, result.trocas);
    }
    if (result.fase !== 'baixa_enviada' && result.fase !== 'baixada') return undefined;
    return { referencia: row.referencia_inclusao, trocas: result.trocas, regras };
  }
  if (row.acao !== 'inserir' || !client.localizar) return undefined;
  const result = await client.localizar(
    { documento: row.devedor_documento, contrato: row.contrato },
    signal,
  );
  if (result.tipo !== 'localizada') {
    // Not knowing is not "absent": try again later rather than risk a second inclusion.
    throw new ProviderUnavailableError(result.mensagem, result.codigo, false, result.trocas);
  }
  const referencia = result.referencias.at(-1);
  if (!referencia) return undefined;
  return { referencia, trocas: result.trocas, regras };
}
