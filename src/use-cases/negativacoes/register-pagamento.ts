import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.js';
import { prazoSumula548 } from '../../domain/business-days.js';
import { RequestError } from '../../domain/errors.js';
import type { DB } from '../../infra/db/schema.js';
import { newId } from '../../domain/ids.js';
import { integracaoIdOf } from './create-negativacao.js';
import { ALERT_BAIXA_DEADLINE } from '../../jobs/alert-baixa-deadline.js';
import { changeNegativacao, lockNegativacao, parseBaixa } from './negativacao-store.js';
import { presentNegativacao } from './present-negativacao.js';
import { requestBaixa } from './request-baixa.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs' | 'providerClients'>;

/** The host's clock may run a little ahead of ours; a payment further ahead is a mistake. */
const CLOCK_SKEW_MS = 5 * 60_000;

export interface NovoPagamento {
  fatura?: string;
  negativacao_id?: string;
  /** ISO-8601 instant the money became available. */
  pago_em: string;
}

/**
 * The host system reports a payment: every active negativacao linked to it is queued for removal
 * at once (motivo PAGAMENTO), and the Sumula 548 deadline is stored with an alert scheduled for
 * the 4th business day.
 */
export async function registerPagamento(ctx: Deps, input: NovoPagamento) {
  if ((input.fatura === undefined) === (input.negativacao_id === undefined)) {
    throw new RequestError(
      400,
      'campo_invalido',
      'informe fatura ou negativacao_id (um dos dois)',
      'fatura',
    );
  }
  const pagoEm = new Date(input.pago_em);
  if (pagoEm.getTime() > ctx.clock.now().getTime() + CLOCK_SKEW_MS) {
    throw new RequestError(
      422,
      'pagamento_no_futuro',
      `pago_em ${input.pago_em} esta no futuro; informe quando o pagamento foi feito`,
      'pago_em',
    );
  }
  const repeated = await samePayments(ctx.database.db, input, pagoEm.toISOString());
  if (repeated.length > 0) throw alreadyRegistered(input, repeated);
  const ids = input.negativacao_id
    ? [input.negativacao_id]
    : (
        await ctx.database.db
          .selectFrom('faturas_negativadas')
          .innerJoin('negativacoes', 'negativacoes.id', 'faturas_negativadas.negativacao_id')
          .select('negativacoes.id')
          .where('faturas_negativadas.fatura', '=', input.fatura!)
          .where('negativacoes.status', 'not in', ['removida', 'rejeitada'])
          .execute()
      ).map((r) => r.id);
  if (ids.length === 0) {
    throw new RequestError(
      404,
      'nao_encontrado',
      `nenhuma negativacao ativa ligada a fatura ${input.fatura}`,
      'fatura',
    );
  }
  const { prazo, alertaEm } = prazoSumula548(pagoEm);
  const motivos = new Map<string, string>();
  for (const id of ids) {
    const { provider, configuracoes } = await ctx.providerClients.open(
      await integracaoIdOf(ctx, id, 'negativacao_id'),
    );
    motivos.set(id, provider.negativacao!(configuracoes).motivo_pagamento);
  }

  return ctx.database.transact(async (tx) => {
    const pagamentos = [];
    const negativacoes = [];
    for (const id of ids) {
      let row = (await lockNegativacao(tx, { id }))!;
      // Under the row's lock: the same payment sent twice at once is registered once.
      const earlier = await samePayments(tx.db, input, pagoEm.toISOString(), id);
      if (earlier.length > 0) throw alreadyRegistered(input, earlier);
      if (row.status === 'removida' || row.status === 'rejeitada') {
        throw new RequestError(
          409,
          'negativacao_encerrada',
          `a negativacao ${id} ja esta ${row.status}`,
          'negativacao_id',
        );
      }
      const pagamentoId = newId('pagamento', ctx.clock.now().getTime());
      await tx.db
        .insertInto('pagamentos')
        .values({
          id: pagamentoId,
          negativacao_id: id,
          fatura: input.fatura ?? null,
          pago_em: pagoEm.toISOString(),
          prazo_baixa: prazo,
          registrado_em: ctx.clock.now().toISOString(),
        })
        .execute();
      row = await changeNegativacao(
        tx,
        ctx.clock,
        row,
        { pago_em: pagoEm.toISOString(), prazo_baixa: prazo },
        {
          tipo: 'pagamento_registrado',
          detalhes: { pagamento: pagamentoId, fatura: input.fatura ?? null, prazo_baixa: prazo },
        },
      );
      // A removal already under way (requested by hand, say) stands; the payment only adds the deadline.
      const underWay =
        parseBaixa(row) !== null ||
        row.acao === 'remover' ||
        row.status === 'aguardando_confirmacao_remover';
      if (!underWay) {
        row = await requestBaixa(ctx, tx, row, {
          motivo: motivos.get(id)!,
          origem: 'pagamento',
          detalhes: { pagamento: pagamentoId },
        });
      }
      if (row.status !== 'removida') {
        await ctx.jobs.enqueue(tx, {
          kind: ALERT_BAIXA_DEADLINE,
          payload: { negativacaoId: id, prazo },
          runAt: alertaEm,
        });
      }
      pagamentos.push({
        id: pagamentoId,
        negativacao_id: id,
        pago_em: pagoEm.toISOString(),
        prazo_baixa: prazo,
        alerta_em: alertaEm.toISOString(),
      });
      negativacoes.push(presentNegativacao(row));
    }
    return { pagamentos, negativacoes };
  });
}

/**
 * A payment's natural key is what the host reports: the fatura (or the negativacao), and when it
 * was paid. The same report again, a retry whose first answer was lost, finds the payments it
 * registered, whether or not their negativacoes are still active.
 */
function samePayments(
  db: Kysely<DB>,
  input: NovoPagamento,
  pagoEm: string,
  negativacaoId?: string,
) {
  return db
    .selectFrom('pagamentos')
    .select(['id', 'negativacao_id'])
    .where('pago_em', '=', pagoEm)
    .$if(input.fatura !== undefined, (qb) => qb.where('fatura', '=', input.fatura!))
    .$if(input.fatura === undefined, (qb) => qb.where('fatura', 'is', null))
    .$if(input.negativacao_id !== undefined || negativacaoId !== undefined, (qb) =>
      qb.where('negativacao_id', '=', negativacaoId ?? input.negativacao_id!),
    )
    .orderBy('id')
    .execute();
}

/** Names the payments already registered, so a client retrying a lost answer learns them. */
function alreadyRegistered(
  input: NovoPagamento,
  pagamentos: Array<{ id: string; negativacao_id: string }>,
): RequestError {
  return new RequestError(
    409,
    'pagamento_duplicado',
    `este pagamento ja foi registrado: ${pagamentos.map((p) => p.id).join(', ')}`,
    input.fatura !== undefined ? 'fatura' : 'negativacao_id',
    { pagamentos },
  );
}
