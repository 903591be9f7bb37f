import type { PedidoNegativacao } from '../../domain/negativacao-rules.js';
import type { Endereco } from '../../providers/contract.js';
import type { Selectable, Updateable } from 'kysely';
import type { Clock } from '../../infra/clock.js';
import { newId } from '../../domain/ids.js';
import type { Database, Tx } from '../../infra/db/connect-database.js';
import type { NegativacaoTable } from '../../infra/db/schema.js';
import type { InsertStatement, JobQueue, JobSpec } from '../../infra/queue/job-queue.js';

export type NegativacaoRow = Selectable<NegativacaoTable>;

export interface BaixaSolicitada {
  motivo: string;
  solicitada_em: string;
  /** `api`, `pagamento`, `substituicao`. */
  origem: string;
  /** Removal transmissions the provider answered with an error so far. */
  tentativas: number;
}

export interface Evento {
  tipo: string;
  detalhes?: Record<string, unknown>;
}

/**
 * Reads a negativacao inside `tx`, locking it on PostgreSQL so the transmitter and the webhook
 * applier never interleave on one row. SQLite has a single writer, which gives the same guarantee.
 */
export async function lockNegativacao(
  tx: Tx,
  where: { id: string } | { coluna: 'referencia_inclusao' | 'referencia_baixa'; valor: string },
): Promise<NegativacaoRow | undefined> {
  return tx.db
    .selectFrom('negativacoes')
    .selectAll()
    .$call((qb) =>
      'id' in where ? qb.where('id', '=', where.id) : qb.where(where.coluna, '=', where.valor),
    )
    .$if(tx.dialect === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/** Applies `patch` and appends one history event with the status before and after. */
export async function changeNegativacao(
  tx: Tx,
  clock: Clock,
  row: NegativacaoRow,
  patch: Updateable<NegativacaoTable>,
  evento: Evento,
): Promise<NegativacaoRow> {
  const now = clock.now();
  const updated = { ...row, ...patch, atualizada_em: now.toISOString() };
  const update = tx.db
    .updateTable('negativacoes')
    .set({ ...patch, atualizada_em: updated.atualizada_em })
    .where('id', '=', row.id);
  const insert = eventoInsert(clock, row.id, row.status, updated.status, evento);
  if (tx.dialect === 'postgres') {
    // One round trip: the update rides as a data-modifying CTE of the history insert.
    await insert(tx.db.with('mudanca', () => update)).execute();
  } else {
    await update.execute();
    await insert(tx.db).execute();
  }
  return updated;
}

export async function recordEvento(
  tx: Tx,
  clock: Clock,
  negativacaoId: string,
  statusAnterior: string | null,
  status: string,
  evento: Evento,
): Promise<void> {
  await eventoInsert(clock, negativacaoId, statusAnterior, status, evento)(tx.db).execute();
}

/** The history row, as a statement to run alone or inside a larger one. */
export function eventoInsert(
  clock: Clock,
  negativacaoId: string,
  statusAnterior: string | null,
  status: string,
  evento: Evento,
): InsertStatement {
  const now = clock.now();
  const row = {
    id: newId('evento', now.getTime()),
    negativacao_id: negativacaoId,
    tipo: evento.tipo,
    status_anterior: statusAnterior,
    status,
    detalhes: JSON.stringify(evento.detalhes ?? {}),
    ocorrido_em: now.toISOString(),
  };
  return (db) => db.insertInto('negativacao_eventos').values(row);
}

export async function raiseAlerta(
  tx: Tx,
  clock: Clock,
  alerta: {
    tipo: string;
    mensagem: string;
    integracao_id?: string | null;
    negativacao_id?: string | null;
    detalhes?: Record<string, unknown>;
  },
): Promise<void> {
  const now = clock.now();
  await tx.db
    .insertInto('alertas')
    .values({
      id: newId('alerta', now.getTime()),
      tipo: alerta.tipo,
      mensagem: alerta.mensagem,
      integracao_id: alerta.integracao_id ?? null,
      negativacao_id: alerta.negativacao_id ?? null,
      detalhes: JSON.stringify(alerta.detalhes ?? {}),
      criado_em: now.toISOString(),
    })
    .execute();
}

export function chaveUnica(row: Pick<NegativacaoRow, 'credor' | 'devedor_documento' | 'contrato'>) {
  return `${row.credor}|${row.devedor_documento}|${row.contrato}`;
}

export function parseBaixa(row: NegativacaoRow): BaixaSolicitada | null {
  return row.baixa ? (JSON.parse(row.baixa) as BaixaSolicitada) : null;
}

export const TRANSMIT_NEGATIVACAO = 'transmitir-negativacao';

/** The transmission job; unique per negativacao so a second request while one is pending is a no-op. */
export function transmissionJob(negativacaoId: string, runAt?: Date): JobSpec {
  return {
    kind: TRANSMIT_NEGATIVACAO,
    payload: { negativacaoId },
    uniqueKey: `${TRANSMIT_NEGATIVACAO}:${negativacaoId}`,
    runAt,
  };
}

export async function enqueueTransmission(
  ctx: { jobs: JobQueue },
  tx: Tx,
  negativacaoId: string,
  runAt?: Date,
): Promise<void> {
  await ctx.jobs.enqueue(tx, transmissionJob(negativacaoId, runAt));
}

/** The debtor snapshot kept in `negativacoes.devedor`. */
export interface DevedorSnapshot {
  nome: string;
  endereco: Endereco;
  data_nascimento: string | null;
}

/** The stored negativacao as the guard rails and the adapter read it. */
export function toPedido(row: NegativacaoRow): PedidoNegativacao {
  const devedor = JSON.parse(row.devedor) as DevedorSnapshot;
  return {
    credor: row.credor,
    devedor: { documento: row.devedor_documento, ...devedor },
    contrato: row.contrato,
    valor_centavos: row.valor_centavos,
    vencimento: row.vencimento,
    natureza: row.natureza,
  };
}

/** When a replaced negativacao ends, its replacement may take the key and be transmitted. */
export async function releaseReplacement(
  ctx: { database: Database; clock: Clock; jobs: JobQueue },
  tx: Tx,
  row: NegativacaoRow,
): Promise<void> {
  if (!row.substituida_por_id) return;
  const next = await lockNegativacao(tx, { id: row.substituida_por_id });
  if (!next || next.status !== 'aguardando' || next.chave_unica) return;
  await changeNegativacao(
    tx,
    ctx.clock,
    next,
    { chave_unica: chaveUnica(next) },
    {
      tipo: 'substituicao_liberada',
      detalhes: { substitui: row.id },
    },
  );
  await enqueueTransmission(ctx, tx, next.id);
}
