import type { AppContext } from '../app-context.js';
import { localDate } from '../domain/business-days.js';
import { RequestError } from '../domain/errors.js';
import { checkNegativacao } from '../domain/negativacao-rules.js';
import type { Tx } from '../infra/db/connect-database.js';
import { prepareQuery } from '../infra/db/prepared-query.js';
import { PermanentJobError, type JobHandler } from '../infra/queue/run-worker.js';
import type {
  DividaParaIncluir,
  RegrasAcompanhamento,
  RegrasNegativacao,
  ResultadoTransmissao,
} from '../providers/contract.js';
import { ProviderUnavailableError } from '../providers/exchange.js';
import {
  changeMarkedNegativacao,
  changeNegativacao,
  lockNegativacao,
  parseBaixa,
  readNegativacao,
  TRANSMIT_NEGATIVACAO,
  toPedido,
  type NegativacaoRow,
} from '../use-cases/negativacoes/negativacao-store.js';
import { raiseAlerta } from '../use-cases/alertas/raise-alerta.js';
import { acceptance } from '../use-cases/negativacoes/accept-transmission.js';
import { startPolling } from './poll-negativacao.js';
import { markUncertain } from './reconcile-transmission.js';
import { TransmissionMarkers } from './take-transmission-markers.js';

export { TRANSMIT_NEGATIVACAO };

type Deps = Pick<
  AppContext,
  'database' | 'clock' | 'jobs' | 'providerClients' | 'config' | 'logger'
>;

/**
 * Sends a pending inclusion or removal to the provider. The attempt is committed before the
 * request leaves, so a crash or timeout leaves evidence: the next run finds the marker and hands
 * the row to reconciliation instead of sending twice.
 */
export function transmitNegativacao(ctx: Deps): JobHandler {
  const markers = new TransmissionMarkers(ctx.database, ctx.clock);
  return async ({ job, signal }) => {
    const { negativacaoId } = job.payload as { negativacaoId?: string };
    if (!negativacaoId) throw new PermanentJobError('payload without negativacaoId');

    const attempt =
      (await beginPlainAttempt(ctx, markers, negativacaoId, job.id)) ??
      (await beginLockedAttempt(ctx, negativacaoId, job.id));
    if (!attempt) return;
    const { row, desde, divida, client, acompanhamento } = attempt;

    let result: ResultadoTransmissao;
    try {
      if (divida) {
        result = await client.incluir!(divida, signal);
      } else {
        const baixa = parseBaixa(row)!;
        result = await client.remover!(
          {
            credor: row.credor,
            devedor: row.devedor_documento,
            contrato: row.contrato,
            motivo: baixa.motivo,
            chaves: JSON.parse(row.chaves_provedor) as Record<string, string>,
            referencia_inclusao: row.referencia_inclusao,
          },
          signal,
        );
      }
    } catch (error) {
      if (error instanceof ProviderUnavailableError && !error.ambigua) {
        // The provider said it did not process the request: safe to send again, with backoff.
        await ctx.database.transact((tx) => abandonAttempt(ctx, tx, row.id, desde, error));
        throw error;
      }
      // A timeout after sending, an abort at shutdown, anything unexpected: the provider may
      // have acted. Only its webhook (or the reconciliation window) may decide.
      await ctx.database.transact((tx) => markUncertain(ctx, tx, row.id, desde, error));
      return;
    }
    if (result.tipo === 'recusada' && result.codigo === 'credenciais_invalidas') {
      // Our configuration, not the debt, was refused: keep it pending and retry after a fix.
      const error = new ProviderUnavailableError(
        result.mensagem,
        result.codigo,
        false,
        result.trocas,
      );
      await ctx.database.transact(async (tx) => {
        await abandonAttempt(ctx, tx, row.id, desde, error);
        // Once per negativacao, not once per retry.
        if (job.attempt > 1) return;
        await raiseAlerta(tx, ctx.clock, {
          tipo: 'credenciais_invalidas',
          mensagem: `${result.mensagem}; a negativacao ${row.id} sera reenviada quando forem corrigidas`,
          integracao_id: row.integracao_id,
          negativacao_id: row.id,
        });
      });
      throw error;
    }
    if (result.tipo === 'aceita' && !acompanhamento) {
      // The common outcome, in one statement while the marker is still ours; if a webhook
      // matched by contract settled the row first, settleAttempt records the exchange.
      const { patch, evento } = acceptance(ctx, row, result.referencia, result.trocas, false);
      if (await changeMarkedNegativacao(ctx.database, ctx.clock, row, desde, patch, evento)) return;
    }
    await ctx.database.transact((tx) =>
      settleAttempt(ctx, tx, row.id, desde, result, acompanhamento),
    );
  };
}

/**
 * The common case, in one statement: a pending row with no attempt in flight is marked and read
 * at once. If its client cannot be opened or the rules no longer hold, the mark is taken back
 * and `beginLockedAttempt` decides.
 */
async function beginPlainAttempt(
  ctx: Deps,
  markers: TransmissionMarkers,
  id: string,
  jobId: string,
) {
  const row = await markers.take(id, jobId);
  if (!row) return undefined;
  const desde = row.transmissao_desde!;
  let opened;
  try {
    opened = await openClient(ctx, row);
  } catch (error) {
    await ctx.database.commitOne((target) => releaseMarker(target, { id, desde }));
    throw error;
  }
  const divida = row.acao === 'inserir' ? checkedDivida(ctx, row, opened.regras) : undefined;
  if (divida === null) {
    await ctx.database.commitOne((target) => releaseMarker(target, { id, desde }));
    return undefined;
  }
  return { row, desde, divida, ...opened };
}

async function beginLockedAttempt(ctx: Deps, id: string, jobId: string) {
  const target = (await readNegativacao(ctx.database, { id })).rows[0];
  if (!target) throw new PermanentJobError(`negativacao ${id} not found`);
  // Opened before the transaction: on SQLite a query outside `tx` would wait for it forever.
  const opened = await openClient(ctx, target);
  const attempt = await ctx.database.transact((tx) =>
    beginAttempt(ctx, tx, id, jobId, opened.regras),
  );
  return attempt && { ...attempt, ...opened };
}

async function openClient(ctx: Deps, row: NegativacaoRow) {
  const { client, configuracoes, provider } = await ctx.providerClients.open(row.integracao_id);
  // A provider without webhooks is polled once it accepts a transmission.
  const polled = client.acompanhar !== undefined && provider.acompanhamento !== undefined;
  return {
    client,
    regras: provider.negativacao!(configuracoes),
    acompanhamento: polled ? provider.acompanhamento!(configuracoes) : undefined,
  };
}

// Taking the marker did not touch `atualizada_em`: taking it back leaves the row as it was.
const releaseMarker = prepareQuery<{ id: string; desde: string }, never>((db, params) =>
  db
    .updateTable('negativacoes')
    .set({ transmissao_desde: null, transmissao_job: null })
    .where('id', '=', params.id)
    .where('transmissao_desde', '=', params.desde),
);

/** The debt as the provider will receive it, or null when the guard rails no longer hold. */
function checkedDivida(
  ctx: Deps,
  row: NegativacaoRow,
  regras: RegrasNegativacao,
): DividaParaIncluir | null {
  try {
    return checkNegativacao(toPedido(row), regras, localDate(ctx.clock.now()));
  } catch (error) {
    if (error instanceof RequestError) return null;
    throw error;
  }
}

async function beginAttempt(
  ctx: Deps,
  tx: Tx,
  id: string,
  jobId: string,
  regras: RegrasNegativacao,
) {
  let row = await lockNegativacao(tx, { id });
  if (!row) throw new PermanentJobError(`negativacao ${id} not found`);

  if (row.status === 'inserida' && row.baixa) {
    // A removal waiting for the inclusion's confirmation, or retrying after a provider error.
    row = await changeNegativacao(
      tx,
      ctx.clock,
      row,
      { status: 'aguardando', acao: 'remover' },
      {
        tipo: 'baixa_em_envio',
        detalhes: { motivo: parseBaixa(row)!.motivo },
      },
    );
  }
  if (row.status !== 'aguardando' || !row.acao) return null;

  if (row.transmissao_desde) {
    if (row.transmissao_job !== jobId && (await isRunning(tx, row.transmissao_job))) return null;
    // Our own earlier attempt (or a dead job's) died after committing the marker.
    await markUncertain(ctx, tx, row.id, row.transmissao_desde, new Error('attempt interrupted'));
    return null;
  }

  let divida: DividaParaIncluir | undefined;
  if (row.acao === 'inserir') {
    const checked = await checkOrReject(ctx, tx, row, regras);
    if (!checked) return null;
    divida = checked;
  }
  const desde = ctx.clock.now().toISOString();
  await tx.db
    .updateTable('negativacoes')
    .set({ transmissao_desde: desde, transmissao_job: jobId })
    .where('id', '=', id)
    .execute();
  return { row, desde, divida };
}

/**
 * Rules are checked again at transmit time: a due date can cross the five-year line while queued.
 * The debt to send, or null once the row is rejected.
 */
async function checkOrReject(
  ctx: Deps,
  tx: Tx,
  row: NegativacaoRow,
  regras: RegrasNegativacao,
): Promise<DividaParaIncluir | null> {
  try {
    return checkNegativacao(toPedido(row), regras, localDate(ctx.clock.now()));
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    const erro = { codigo: error.codigo, mensagem: error.message, campo: error.campo ?? null };
    await changeNegativacao(
      tx,
      ctx.clock,
      row,
      { status: 'rejeitada', acao: null, chave_unica: null, erro: JSON.stringify(erro) },
      { tipo: 'rejeitada_antes_do_envio', detalhes: erro },
    );
    return null;
  }
}

async function isRunning(tx: Tx, jobId: string | null): Promise<boolean> {
  if (!jobId) return false;
  const job = await tx.db
    .selectFrom('jobs')
    .select('state')
    .where('id', '=', jobId)
    .executeTakeFirst();
  return job?.state === 'running';
}

async function abandonAttempt(
  ctx: Deps,
  tx: Tx,
  id: string,
  desde: string,
  error: ProviderUnavailableError,
): Promise<void> {
  const row = await lockNegativacao(tx, { id });
  if (!row || row.transmissao_desde !== desde) return;
  await changeNegativacao(
    tx,
    ctx.clock,
    row,
    { transmissao_desde: null, transmissao_job: null },
    {
      tipo: 'falha_de_transmissao',
      detalhes: { codigo: error.codigo, mensagem: error.message, trocas: error.trocas },
    },
  );
}

async function settleAttempt(
  ctx: Deps,
  tx: Tx,
  id: string,
  desde: string,
  result: ResultadoTransmissao,
  acompanhamento: RegrasAcompanhamento | undefined,
): Promise<void> {
  const row = await lockNegativacao(tx, { id });
  if (!row) return;
  const trocas = result.trocas;
  if (row.transmissao_desde !== desde) {
    // The webhook outran our commit and was matched by contract: keep the exchange for audit.
    await changeNegativacao(
      tx,
      ctx.clock,
      row,
      {},
      {
        tipo: 'transmissao_registrada',
        detalhes: {
          resultado: result.tipo,
          referencia: 'referencia' in result ? result.referencia : null,
          trocas,
        },
      },
    );
    return;
  }
  const inclusao = row.acao === 'inserir';
  const cleared = { transmissao_desde: null, transmissao_job: null, transmissao_incerta: 0 };
  if (result.tipo === 'aceita') {
    const accepted = acceptance(ctx, row, result.referencia, trocas, !!acompanhamento);
    await changeNegativacao(tx, ctx.clock, row, accepted.patch, accepted.evento);
    if (acompanhamento) await startPolling(ctx, tx, id, result.referencia, acompanhamento);
    return;
  }
  const erro = {
    codigo: result.codigo,
    mensagem: result.mensagem,
    codigo_provedor: result.codigo_provedor,
    mensagem_provedor: result.mensagem_provedor,
  };
  if (inclusao) {
    await changeNegativacao(
      tx,
      ctx.clock,
      row,
      {
        ...cleared,
        status: 'rejeitada',
        acao: null,
        chave_unica: null,
        erro: JSON.stringify(erro),
      },
      { tipo: 'inclusao_recusada', detalhes: { ...erro, trocas } },
    );
  } else {
    await changeNegativacao(
      tx,
      ctx.clock,
      row,
      { ...cleared, status: 'inserida', acao: null, erro: JSON.stringify(erro) },
      { tipo: 'baixa_recusada', detalhes: { ...erro, trocas } },
    );
    await raiseAlerta(tx, ctx.clock, {
      tipo: 'baixa_recusada',
      mensagem: `o provedor recusou a baixa da negativacao ${id}: ${result.mensagem}`,
      integracao_id: row.integracao_id,
      negativacao_id: id,
      detalhes: erro,
    });
  }
}
