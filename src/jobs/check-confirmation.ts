import type { AppContext } from '../app-context.js';
import { PermanentJobError, type JobHandler } from '../infra/queue/run-worker.js';
import {
  changeNegativacao,
  lockNegativacao,
  raiseAlerta,
} from '../use-cases/negativacoes/negativacao-store.js';

export const CHECK_CONFIRMATION = 'verificar-confirmacao';

type Deps = Pick<AppContext, 'database' | 'clock'>;

/**
 * Scheduled at transmission + `negativacao.prazoConfirmacaoMs`: a transmission still without its
 * webhook is flagged (listed with `sinalizada=true`) and alerted. It is not resent: the provider
 * accepted it, and only the provider can say what became of it.
 */
export function checkConfirmation(ctx: Deps): JobHandler {
  return async ({ job }) => {
    const { negativacaoId, referencia } = job.payload as {
      negativacaoId?: string;
      referencia?: string;
    };
    if (!negativacaoId || !referencia)
      throw new PermanentJobError('payload without negativacaoId/referencia');
    await ctx.database.transact(async (tx) => {
      const row = await lockNegativacao(tx, { id: negativacaoId });
      if (!row) return;
      const waiting =
        (row.status === 'aguardando_confirmacao_inserir' &&
          row.referencia_inclusao === referencia) ||
        (row.status === 'aguardando_confirmacao_remover' && row.referencia_baixa === referencia);
      if (!waiting || row.sinalizada_em) return;
      const now = ctx.clock.now().toISOString();
      await changeNegativacao(
        tx,
        ctx.clock,
        row,
        { sinalizada_em: now },
        {
          tipo: 'sem_confirmacao',
          detalhes: { referencia },
        },
      );
      await raiseAlerta(tx, ctx.clock, {
        tipo: 'sem_confirmacao',
        mensagem: `negativacao ${row.id}: o provedor nao confirmou a transmissao ${referencia}`,
        integracao_id: row.integracao_id,
        negativacao_id: row.id,
        detalhes: { referencia, status: row.status },
      });
    });
  };
}
