import type { AppContext } from '../app-context.js';
import type { Tx } from '../infra/db/connect-database.js';
import { PermanentJobError, type JobHandler } from '../infra/queue/run-worker.js';
import {
  changeNegativacao,
  enqueueTransmission,
  lockNegativacao,
} from '../use-cases/negativacoes/negativacao-store.js';

export const RECONCILE_TRANSMISSION = 'reconciliar-transmissao';

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs' | 'config'>;

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
 * The window passed. If the provider's webhook settled the attempt meanwhile, nothing to do;
 * otherwise there is no evidence it was processed, and the request is sent again.
 */
export function reconcileTransmission(ctx: Deps): JobHandler {
  return async ({ job }) => {
    const { negativacaoId, desde } = job.payload as { negativacaoId?: string; desde?: string };
    if (!negativacaoId || !desde)
      throw new PermanentJobError('payload without negativacaoId/desde');
    await ctx.database.transact(async (tx) => {
      const row = await lockNegativacao(tx, { id: negativacaoId });
      if (!row || row.transmissao_desde !== desde) return;
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
