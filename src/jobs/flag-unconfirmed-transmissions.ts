import type { AppContext } from '../app-context.js';
import { isoNow } from '../infra/clock.js';
import { recurring, scheduleRecurring } from '../infra/queue/recurring-job.js';
import type { JobHandler } from '../infra/queue/run-worker.js';
import { changeNegativacao, lockNegativacao } from '../use-cases/negativacoes/negativacao-store.js';
import { raiseAlerta } from '../use-cases/alertas/raise-alerta.js';

export const FLAG_UNCONFIRMED_TRANSMISSIONS = 'sinalizar-sem-confirmacao';

/** The deadline itself is `negativacao.prazoConfirmacaoMs` (a day); a minute late is nothing. */
const INTERVAL_MS = 60_000;
const BATCH = 200;
const AWAITING = ['aguardando_confirmacao_inserir', 'aguardando_confirmacao_remover'] as const;

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs'>;

/**
 * Every minute: a transmission whose webhook has not come by its `confirmacao_ate` is flagged
 * (listed with `pendencia=sem_confirmacao`) and alerted. It is not resent: the provider accepted
 * it, and only the provider can say what became of it.
 */
export function flagUnconfirmedTransmissions(ctx: Deps): JobHandler {
  return recurring(ctx, FLAG_UNCONFIRMED_TRANSMISSIONS, INTERVAL_MS, async () => {
    for (;;) {
      const due = await dueIds(ctx);
      for (const id of due) await flag(ctx, id);
      if (due.length < BATCH) return;
    }
  });
}

export function scheduleFlagging(ctx: Pick<AppContext, 'clock' | 'jobs'>) {
  return scheduleRecurring(ctx, FLAG_UNCONFIRMED_TRANSMISSIONS, INTERVAL_MS);
}

async function dueIds(ctx: Deps): Promise<string[]> {
  const rows = await ctx.database.db
    .selectFrom('negativacoes')
    .select('id')
    .where('confirmacao_ate', '<=', isoNow(ctx.clock))
    .where('status', 'in', AWAITING)
    .where('sinalizada_em', 'is', null)
    .orderBy('confirmacao_ate')
    .limit(BATCH)
    .execute();
  return rows.map((row) => row.id);
}

async function flag(ctx: Deps, id: string): Promise<void> {
  await ctx.database.transact(async (tx) => {
    const row = await lockNegativacao(tx, { id });
    const now = isoNow(ctx.clock);
    // Checked again under the lock: the webhook may have come since the sweep read the row.
    if (!row || row.sinalizada_em || !row.confirmacao_ate || row.confirmacao_ate > now) return;
    if (!(AWAITING as readonly string[]).includes(row.status)) return;
    const referencia =
      row.status === 'aguardando_confirmacao_inserir'
        ? row.referencia_inclusao
        : row.referencia_baixa;
    await changeNegativacao(
      tx,
      ctx.clock,
      row,
      { sinalizada_em: now },
      { tipo: 'sem_confirmacao', detalhes: { referencia } },
    );
    await raiseAlerta(tx, ctx.clock, {
      tipo: 'sem_confirmacao',
      mensagem: `negativacao ${row.id}: o provedor nao confirmou a transmissao ${referencia}`,
      integracao_id: row.integracao_id,
      negativacao_id: row.id,
      detalhes: { referencia, status: row.status },
    });
  });
}
