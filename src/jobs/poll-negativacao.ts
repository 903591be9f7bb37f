import type { AppContext } from '../app-context.js';
import type { Tx } from '../infra/db/connect-database.js';
import { PermanentJobError, type JobHandler } from '../infra/queue/run-worker.js';
import type { RegrasAcompanhamento } from '../providers/contract.js';
import {
  applyAcompanhamento,
  type ProximaConsulta,
} from '../use-cases/negativacoes/apply-acompanhamento.js';
import {
  changeNegativacao,
  lockNegativacao,
  readNegativacao,
  type NegativacaoRow,
} from '../use-cases/negativacoes/negativacao-store.js';
import { raiseAlerta } from '../use-cases/alertas/raise-alerta.js';
import { respectRateLimits } from './respect-rate-limits.js';

export const POLL_NEGATIVACAO = 'acompanhar-negativacao';

type Deps = Pick<
  AppContext,
  'database' | 'clock' | 'jobs' | 'config' | 'providerClients' | 'rateLimiter'
>;

interface PollPayload {
  negativacaoId: string;
  referencia: string;
  /** Polls of this transmission so far. */
  consultas: number;
  /** Consecutive polls that found the provider still processing. */
  rapidas: number;
}

/** Statuses in which a polled provider still has something to tell. */
const POLLED = [
  'aguardando_confirmacao_inserir',
  'aguardando_correcao',
  'aguardando_confirmacao_remover',
];

/**
 * Enqueues the next poll of a transmission, inside the caller's transaction. Each poll is a job
 * of its own, scheduled after the provider's backoff; the unique key carries the poll number,
 * so a retried poll never schedules its successor twice.
 */
export async function schedulePoll(
  ctx: Pick<AppContext, 'jobs' | 'clock'>,
  tx: Tx,
  payload: PollPayload,
  delayMs: number,
): Promise<void> {
  await ctx.jobs.enqueue(tx, {
    kind: POLL_NEGATIVACAO,
    payload,
    uniqueKey: `${POLL_NEGATIVACAO}:${payload.negativacaoId}:${payload.referencia}:${payload.consultas}`,
    runAt: new Date(ctx.clock.now().getTime() + delayMs),
  });
}

/** The first poll after a polled provider accepted a transmission. */
export function startPolling(
  ctx: Pick<AppContext, 'jobs' | 'clock'>,
  tx: Tx,
  negativacaoId: string,
  referencia: string,
  regras: RegrasAcompanhamento,
): Promise<void> {
  const payload = { negativacaoId, referencia, consultas: 0, rapidas: 0 };
  return schedulePoll(ctx, tx, payload, regras.intervalos_rapidos_ms[0]);
}

/**
 * Asks a provider without webhooks (Tecnospeed) where a transmission stands and applies the
 * answer: fast polls while it processes, slow ones while the bureau works (days), none once it
 * ends. Running out of polls flags the negativacao and raises an alert instead of going quiet.
 */
export function pollNegativacao(ctx: Deps): JobHandler {
  return async ({ job, signal }) => {
    const payload = job.payload as Partial<PollPayload>;
    if (!payload.negativacaoId || !payload.referencia)
      throw new PermanentJobError('payload without negativacaoId/referencia');
    const poll = { consultas: 0, rapidas: 0, ...payload } as PollPayload;
    const row = (await readNegativacao(ctx.database, { id: poll.negativacaoId })).rows[0];
    if (!row || !POLLED.includes(row.status)) return;

    const { client, provider, configuracoes } = await ctx.providerClients.open(row.integracao_id);
    if (!client.acompanhar || !provider.acompanhamento)
      throw new PermanentJobError(`provider ${provider.id} is not polled`);
    const regras = provider.acompanhamento(configuracoes);
    await respectRateLimits(ctx, row.integracao_id, regras);
    const resposta = await client.acompanhar(poll.referencia, signal);

    await ctx.database.transact(async (tx) => {
      const current = await lockNegativacao(tx, { id: row.id });
      if (!current || !POLLED.includes(current.status)) return;
      let proxima: ProximaConsulta;
      if (resposta.tipo === 'acompanhamento') {
        proxima = await applyAcompanhamento(ctx, tx, current, poll.referencia, resposta);
      } else {
        await recordRefusal(ctx, tx, current, poll, resposta.codigo, resposta.mensagem);
        proxima = 'lenta';
      }
      if (proxima === 'encerrada') return;
      const next = {
        ...poll,
        consultas: poll.consultas + 1,
        rapidas: proxima === 'rapida' ? poll.rapidas + 1 : 0,
      };
      if (next.consultas >= regras.max_consultas) {
        await giveUp(ctx, tx, current, next.consultas);
        return;
      }
      await schedulePoll(ctx, tx, next, delayFor(regras, proxima, next.rapidas));
    });
  };
}

function delayFor(regras: RegrasAcompanhamento, proxima: ProximaConsulta, rapidas: number) {
  if (proxima !== 'rapida') return regras.intervalo_lento_ms;
  const fast = regras.intervalos_rapidos_ms;
  return fast[Math.min(rapidas, fast.length - 1)];
}

/** A poll the provider refused (credentials, unknown protocolo): recorded once per code. */
async function recordRefusal(
  ctx: Deps,
  tx: Tx,
  row: NegativacaoRow,
  poll: PollPayload,
  codigo: string,
  mensagem: string,
) {
  const marker = `recusa:${codigo}`;
  if (row.situacao_provedor === marker) return;
  await changeNegativacao(
    tx,
    ctx.clock,
    row,
    { situacao_provedor: marker },
    {
      tipo: 'acompanhamento_recusado',
      detalhes: { codigo, mensagem, referencia: poll.referencia },
    },
  );
  await raiseAlerta(tx, ctx.clock, {
    tipo: codigo === 'credenciais_invalidas' ? 'credenciais_invalidas' : 'acompanhamento_recusado',
    mensagem: `negativacao ${row.id}: o provedor recusou a consulta da situacao: ${mensagem}`,
    integracao_id: row.integracao_id,
    negativacao_id: row.id,
    detalhes: { codigo, referencia: poll.referencia },
  });
}

async function giveUp(ctx: Deps, tx: Tx, row: NegativacaoRow, consultas: number) {
  const now = ctx.clock.now().toISOString();
  await changeNegativacao(
    tx,
    ctx.clock,
    row,
    { sinalizada_em: now },
    { tipo: 'acompanhamento_esgotado', detalhes: { consultas, situacao: row.situacao_provedor } },
  );
  await raiseAlerta(tx, ctx.clock, {
    tipo: 'acompanhamento_esgotado',
    mensagem: `negativacao ${row.id}: ${consultas} consultas sem situacao final; o acompanhamento parou`,
    integracao_id: row.integracao_id,
    negativacao_id: row.id,
    detalhes: { consultas, situacao: row.situacao_provedor },
  });
}
