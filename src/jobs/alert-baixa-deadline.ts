import type { AppContext } from '../app-context.js';
import { PermanentJobError, type JobHandler } from '../infra/queue/run-worker.js';
import { lockNegativacao, recordEvento } from '../use-cases/negativacoes/negativacao-store.js';
import { raiseAlerta } from '../use-cases/alertas/raise-alerta.js';
import { storeEvento } from '../use-cases/eventos/store-evento.js';
import { NEGATIVACAO_PRAZO_BAIXA_EM_RISCO } from '../use-cases/eventos/tipos-evento.js';

export const ALERT_BAIXA_DEADLINE = 'alertar-prazo-baixa';

type Deps = Pick<AppContext, 'database' | 'clock'>;

/**
 * Runs at the start of the 4th business day after a payment: a removal the provider has not
 * confirmed by then risks Sumula 548's 5-business-day limit, so the operator is told while there
 * is still a day to act.
 */
export function alertBaixaDeadline(ctx: Deps): JobHandler {
  return async ({ job }) => {
    const { negativacaoId, prazo } = job.payload as { negativacaoId?: string; prazo?: string };
    if (!negativacaoId) throw new PermanentJobError('payload without negativacaoId');
    await ctx.database.transact(async (tx) => {
      const row = await lockNegativacao(tx, { id: negativacaoId });
      if (!row || row.status === 'removida' || row.status === 'rejeitada') return;
      const detalhes = { prazo_baixa: prazo ?? row.prazo_baixa, status: row.status };
      await recordEvento(tx, ctx.clock, row.id, row.status, row.status, {
        tipo: 'prazo_baixa_em_risco',
        detalhes,
      });
      await raiseAlerta(tx, ctx.clock, {
        tipo: 'prazo_baixa_em_risco',
        mensagem: `negativacao ${row.id}: baixa ainda nao confirmada; o prazo da Sumula 548 vence em ${detalhes.prazo_baixa}`,
        integracao_id: row.integracao_id,
        negativacao_id: row.id,
        detalhes,
      });
      await storeEvento(tx, ctx.clock, NEGATIVACAO_PRAZO_BAIXA_EM_RISCO, {
        id: row.id,
        status: row.status,
        prazo_baixa: detalhes.prazo_baixa,
        pago_em: row.pago_em,
        integracao_id: row.integracao_id,
        credor: row.credor,
        devedor_documento: row.devedor_documento,
        contrato: row.contrato,
      });
    });
  };
}
