import type { AppContext } from '../app-context.js';
import { classifyDocument } from '../domain/documents.js';
import type { Tx } from '../infra/db/connect-database.js';
import { PermanentJobError, type JobHandler } from '../infra/queue/run-worker.js';
import type { RegrasAcompanhamento } from '../providers/contract.js';
import type { OpenedIntegracao } from '../use-cases/integracoes/provider-clients.js';
import { catalogoOf } from '../use-cases/integracoes/list-produtos.js';
import type { ConsultaRow } from '../use-cases/consultas/present-consulta.js';
import { finishConsulta, settleConsulta } from '../use-cases/consultas/settle-consulta.js';
import { respectRateLimits } from './respect-rate-limits.js';

export const POLL_CONSULTA = 'acompanhar-consulta';

type Deps = Pick<
  AppContext,
  'database' | 'clock' | 'jobs' | 'providerClients' | 'rateLimiter' | 'config'
>;

/** Used when a provider answers later but declares no schedule: every 2 s, for 2 minutes. */
const PADRAO: RegrasAcompanhamento = {
  intervalos_rapidos_ms: [2000],
  intervalo_lento_ms: 2000,
  max_consultas: 60,
};

export function regrasAcompanhamento(opened: OpenedIntegracao): RegrasAcompanhamento {
  return opened.provider.acompanhamentoConsulta?.(opened.configuracoes) ?? PADRAO;
}

async function schedule(
  ctx: Pick<AppContext, 'jobs' | 'clock'>,
  tx: Tx,
  consultaId: string,
  consultas: number,
  delayMs: number,
) {
  await ctx.jobs.enqueue(tx, {
    kind: POLL_CONSULTA,
    payload: { consultaId, consultas },
    uniqueKey: `${POLL_CONSULTA}:${consultaId}:${consultas}`,
    runAt: new Date(ctx.clock.now().getTime() + delayMs),
  });
}

export function startConsultaPolling(
  ctx: Pick<AppContext, 'jobs' | 'clock'>,
  tx: Tx,
  consultaId: string,
  regras: RegrasAcompanhamento,
): Promise<void> {
  return schedule(ctx, tx, consultaId, 0, regras.intervalos_rapidos_ms[0]);
}

/**
 * Asks an asynchronous provider (Tecnospeed: GET by protocolo, 202 while processing) for a
 * consulta's answer, at the provider's fast pace. Out of polls, the consulta ends in `erro`
 * (`consulta_sem_resposta`) rather than staying `processando` forever.
 */
export function pollConsulta(ctx: Deps): JobHandler {
  return async ({ job, signal }) => {
    const { consultaId, consultas = 0 } = job.payload as {
      consultaId?: string;
      consultas?: number;
    };
    if (!consultaId) throw new PermanentJobError('payload without consultaId');
    const row = await ctx.database.db
      .selectFrom('consultas')
      .selectAll()
      .where('id', '=', consultaId)
      .executeTakeFirst();
    if (!row || row.situacao !== 'processando' || !row.referencia) return;
    const opened = await ctx.providerClients.open(row.integracao_id);
    if (!opened.client.acompanharConsulta)
      throw new PermanentJobError(`provider ${opened.provider.id} does not poll consultas`);
    await respectRateLimits(ctx, row.integracao_id, regrasAcompanhamento(opened));
    const result = await opened.client.acompanharConsulta(
      row.referencia,
      pedidoOf(row, opened),
      signal,
    );
    const anteriores = JSON.parse(row.trocas) as unknown[];
    if (result.tipo !== 'pendente') {
      await settleConsulta(ctx, row, result, anteriores);
      return;
    }
    const regras = regrasAcompanhamento(opened);
    const next = consultas + 1;
    const trocas = JSON.stringify([...anteriores, ...result.trocas]);
    if (next >= regras.max_consultas) {
      await giveUp(ctx, row, next, trocas);
      return;
    }
    const fast = regras.intervalos_rapidos_ms;
    await ctx.database.transact(async (tx) => {
      await tx.db.updateTable('consultas').set({ trocas }).where('id', '=', row.id).execute();
      await schedule(ctx, tx, row.id, next, fast[Math.min(next, fast.length - 1)]);
    });
  };
}

function pedidoOf(row: ConsultaRow, opened: OpenedIntegracao) {
  const documento = classifyDocument(row.documento);
  const produto = catalogoOf(opened).produtos.find((p) => p.codigo === row.produto);
  if (!documento || !produto)
    throw new PermanentJobError(`consulta ${row.id}: product or document no longer valid`);
  return { documento, produto };
}

function giveUp(ctx: Deps, row: ConsultaRow, consultas: number, trocas: string) {
  return finishConsulta(ctx, row, {
    situacao: 'erro',
    trocas,
    erro: JSON.stringify({
      codigo: 'consulta_sem_resposta',
      mensagem: `o provedor nao concluiu a consulta apos ${consultas} verificacoes`,
      codigo_provedor: null,
      mensagem_provedor: null,
    }),
  });
}
