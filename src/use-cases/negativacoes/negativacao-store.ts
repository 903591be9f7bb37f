import type { PedidoNegativacao } from '../../domain/negativacao-rules.js';
import type { Endereco } from '../../providers/contract.js';
import {
  sql,
  type Compilable,
  type Insertable,
  type Kysely,
  type QueryCreator,
  type Selectable,
  type Updateable,
} from 'kysely';
import type { Clock } from '../../infra/clock.js';
import { newId } from '../../domain/ids.js';
import type { Database, Tx } from '../../infra/db/connect-database.js';
import { prepareQuery } from '../../infra/db/prepared-query.js';
import type { DB, NegativacaoEventoTable, NegativacaoTable } from '../../infra/db/schema.js';
import type { RowInsert } from '../../infra/db/row-inserts.js';
import type { JobQueue, JobSpec } from '../../infra/queue/job-queue.js';
import { statusAlteradoDados } from '../eventos/negativacao-eventos.js';
import {
  announceEventos,
  eventoRow,
  insertEvento as insertEventoSaida,
  type EventoRow,
} from '../eventos/store-evento.js';
import { NEGATIVACAO_STATUS_ALTERADO } from '../eventos/tipos-evento.js';

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
  const [coluna, valor] = 'id' in where ? (['id', where.id] as const) : [where.coluna, where.valor];
  return (await locks[coluna](tx, { valor })).rows[0];
}

const lockBy = (coluna: 'id' | 'referencia_inclusao' | 'referencia_baixa') =>
  prepareQuery<{ valor: string }, NegativacaoRow>((db, params, dialect) =>
    db
      .selectFrom('negativacoes')
      .selectAll()
      .where(coluna, '=', params.valor)
      .$if(dialect === 'postgres', (qb) => qb.forUpdate()),
  );
const locks = {
  id: lockBy('id'),
  referencia_inclusao: lockBy('referencia_inclusao'),
  referencia_baixa: lockBy('referencia_baixa'),
};

/**
 * The negativacoes these provider references point at, without lock, in one statement
 * (PostgreSQL: array parameters), for verdicts applied by applyDesfechoAtOnce. Each reference is
 * looked up on its own index (a lateral subquery per reference, kept apart by `offset 0`): with
 * `= any(...)` over a batch's hundred references, a table not yet analyzed (a fresh install's
 * first bulk; autovacuum off) is scanned whole, and that scan was most of PostgreSQL's work.
 */
export const readByReferencias = prepareQuery<
  { inclusoes: string[]; baixas: string[] },
  NegativacaoRow
>((db, params) => {
  const byReference = (column: 'referencia_inclusao' | 'referencia_baixa', refs: string[]) =>
    db
      .selectFrom(sql<{ ref: string }>`unnest(${refs}::text[])`.as('r'))
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('negativacoes')
            .selectAll()
            .where(column, '=', sql.ref<string>('r'))
            .offset(0)
            .as('n'),
        (join) => join.onTrue(),
      )
      .selectAll('n');
  return byReference('referencia_inclusao', params.inclusoes).unionAll(
    byReference('referencia_baixa', params.baixas),
  );
});

/** A negativacao as it is now, outside any transaction. */
export const readNegativacao = prepareQuery<{ id: string }, NegativacaoRow>((db, params) =>
  db.selectFrom('negativacoes').selectAll().where('id', '=', params.id),
);

/**
 * Applies `patch` and appends one history event with the status before and after; a status
 * change also stores its `negativacao.status_alterado` event for the host. The caller holds the
 * row's lock (see lockNegativacao).
 */
export async function changeNegativacao(
  tx: Tx,
  clock: Clock,
  row: NegativacaoRow,
  patch: Updateable<NegativacaoTable>,
  evento: Evento,
): Promise<NegativacaoRow> {
  const history = historyRow(clock, row.id, row.status, patch.status ?? row.status, evento);
  const saida = statusEvento(clock, row, patch, history);
  const query = preparedChange(patchedColumns(patch), 'livre', saida !== undefined);
  const params = changeParams(row.id, patch, history, saida);
  if (tx.dialect === 'postgres') {
    await query.withHistory(tx, params);
  } else {
    await query.update(tx, params);
    await insertEvento(tx, history);
    if (saida) await insertEventoSaida(tx, saida);
  }
  if (saida) tx.afterCommit(announceEventos);
  return { ...row, ...patch, atualizada_em: history.ocorrido_em };
}

/**
 * `changeNegativacao` for a row whose transmission marker the caller holds, with neither lock nor
 * transaction: one statement on PostgreSQL, one group-commit unit on SQLite. Applied only while
 * `transmissao_desde` is still `desde`; false when something else (a webhook matched by contract)
 * settled the row first.
 */
export async function changeMarkedNegativacao(
  database: Database,
  clock: Clock,
  row: NegativacaoRow,
  desde: string,
  patch: Updateable<NegativacaoTable>,
  evento: Evento,
): Promise<boolean> {
  const history = historyRow(clock, row.id, row.status, patch.status ?? row.status, evento);
  const saida = statusEvento(clock, row, patch, history);
  const params = { ...changeParams(row.id, patch, history, saida), desde };
  const query = preparedChange(patchedColumns(patch), 'marcada', saida !== undefined);
  const changed = await database.commitOne(async (target) => {
    if (target.dialect === 'postgres') {
      return (await query.withHistory(target, params)).numAffectedRows! > 0n;
    }
    if ((await query.update(target, params)).numAffectedRows === 0n) return false;
    await insertEvento(target, history);
    if (saida) await insertEventoSaida(target, saida);
    return true;
  });
  if (changed && saida) announceEventos();
  return changed;
}

/**
 * `changeNegativacao` for a row read beforehand without lock, folded with the settlement of the
 * inbound event that carries the change: one statement, PostgreSQL only. Applied only while the
 * row is as read (status and `atualizada_em`, which every change moves) and the event is still
 * pendente; false otherwise, and then nothing was written.
 */
export async function changeReadNegativacao(
  database: Database,
  clock: Clock,
  row: NegativacaoRow,
  patch: Updateable<NegativacaoTable>,
  evento: Evento,
  entrada: { id: string; resultado: string },
): Promise<boolean> {
  const history = historyRow(clock, row.id, row.status, patch.status ?? row.status, evento);
  const saida = statusEvento(clock, row, patch, history);
  const query = preparedChange(patchedColumns(patch), 'lida', saida !== undefined);
  const result = await query.withHistory(database, {
    ...changeParams(row.id, patch, history, saida),
    lida_status: row.status,
    lida_atualizada_em: row.atualizada_em,
    entrada_id: entrada.id,
    entrada_resultado: entrada.resultado,
  });
  const changed = result.numAffectedRows! > 0n;
  if (changed && saida) announceEventos();
  return changed;
}

/** The host-facing event of a change that moves the status; none when the status stays. */
function statusEvento(
  clock: Clock,
  row: NegativacaoRow,
  patch: Updateable<NegativacaoTable>,
  history: HistoryRow,
): EventoRow | undefined {
  if (patch.status === undefined || patch.status === row.status) return undefined;
  return eventoRow(clock, NEGATIVACAO_STATUS_ALTERADO, statusAlteradoDados(row, patch, history));
}

const HISTORY_COLUMNS = [
  'id',
  'negativacao_id',
  'tipo',
  'status_anterior',
  'status',
  'detalhes',
  'ocorrido_em',
] as const;

const EVENTO_COLUMNS = ['id', 'tipo', 'dados', 'criado_em'] as const;

/** Columns the patch sets; an undefined value leaves its column alone, as in Kysely's `set`. */
function patchedColumns(patch: Updateable<NegativacaoTable>) {
  return (Object.keys(patch) as Array<keyof NegativacaoTable>).filter(
    (column) => patch[column] !== undefined,
  );
}

function changeParams(
  id: string,
  patch: Updateable<NegativacaoTable>,
  history: HistoryRow,
  saida: EventoRow | undefined,
) {
  const params: Record<string, unknown> = { id, atualizada_em: history.ocorrido_em };
  for (const [column, value] of Object.entries(patch)) params[`set_${column}`] = value;
  for (const [column, value] of Object.entries(history)) params[`h_${column}`] = value;
  for (const [column, value] of Object.entries(saida ?? {})) params[`e_${column}`] = value;
  return params;
}

const preparedChanges = new Map<string, ReturnType<typeof buildChange>>();

/**
 * How a change is guarded: `livre` by the row lock the caller holds, `marcada` by the
 * transmission marker (changeMarkedNegativacao), `lida` by the row being as it was read and its
 * inbound event still pending (changeReadNegativacao).
 */
type Guard = 'livre' | 'marcada' | 'lida';

/**
 * The update (and, on PostgreSQL, update plus history row, plus the host event when the status
 * moves: one statement, no extra round trip) for one set of patched columns, compiled once: the
 * webhook and transmission paths patch a handful of column sets thousands of times.
 */
function preparedChange(columns: Array<keyof NegativacaoTable>, guard: Guard, withEvento: boolean) {
  const key = `${guard}:${withEvento ? 'evento' : ''}:${columns.join(',')}`;
  let query = preparedChanges.get(key);
  if (!query) preparedChanges.set(key, (query = buildChange(columns, guard, withEvento)));
  return query;
}

type ChangeCtes = DB & { entrada: { id: string }; mudanca: { id: string } };

function buildChange(columns: Array<keyof NegativacaoTable>, guard: Guard, withEvento: boolean) {
  const update = (db: QueryCreator<ChangeCtes>, params: Record<string, unknown>) =>
    db
      .updateTable('negativacoes')
      .set({
        ...Object.fromEntries(columns.map((column) => [column, params[`set_${column}`]])),
        atualizada_em: params.atualizada_em as string,
      })
      .where('id', '=', params.id as string)
      .$if(guard === 'marcada', (qb) => qb.where('transmissao_desde', '=', params.desde as string))
      .$if(guard === 'lida', (qb) =>
        qb
          .where('status', '=', params.lida_status as NegativacaoRow['status'])
          .where('atualizada_em', '=', params.lida_atualizada_em as string)
          .where((eb) => eb.exists(eb.selectFrom('entrada').select('id'))),
      );
  // The history row (and event) are selected from the update's result, so they exist only
  // if the update hit.
  const fromMudanca =
    (table: 'negativacao_eventos' | 'eventos', columns: readonly string[], prefix: string) =>
    (params: Record<string, unknown>) =>
    (db: QueryCreator<ChangeCtes>) =>
      db
        .insertInto(table)
        .columns(columns as never)
        .expression((eb) =>
          eb
            .selectFrom('mudanca')
            .select(columns.map((column) => eb.val(params[`${prefix}${column}`]).as(column))),
        );
  const historyOf = fromMudanca('negativacao_eventos', HISTORY_COLUMNS, 'h_');
  const eventoOf = fromMudanca('eventos', EVENTO_COLUMNS, 'e_');
  return {
    update: prepareQuery<Record<string, unknown>, never>((db, params) => update(db, params)),
    withHistory: prepareQuery<Record<string, unknown>, never>((db, params) => {
      const history = historyOf(params);
      const evento = eventoOf(params);
      if (guard === 'lida') {
        const mudanca = (db: QueryCreator<ChangeCtes>) => update(db, params).returning('id');
        return changeWithEntrada(db, params, mudanca, history, withEvento ? evento : undefined);
      }
      const changed = db.with('mudanca', (db) =>
        update(db as QueryCreator<ChangeCtes>, params).returning('id'),
      );
      if (!withEvento) return history(changed);
      return evento(changed.with('historico', (db) => history(db as never) as never));
    }),
  };
}

/**
 * The `lida` change as one statement that also settles the inbound event carrying it: the event
 * is locked first and must be pendente, the change applies only then, and the event is settled
 * only if the change applied; the statement's row count says whether it did. (A general-path
 * worker locks the negativacao first and the event last: the two orders can deadlock on one
 * event processed twice at once, and PostgreSQL then fails one of them, which retries.)
 */
function changeWithEntrada(
  db: Kysely<DB>,
  params: Record<string, unknown>,
  mudanca: (db: QueryCreator<ChangeCtes>) => Compilable<unknown>,
  history: (db: QueryCreator<ChangeCtes>) => Compilable<unknown>,
  evento: ((db: QueryCreator<ChangeCtes>) => Compilable<unknown>) | undefined,
) {
  let chain = (db as Kysely<ChangeCtes>)
    .with('entrada', (db) =>
      db
        .selectFrom('eventos_entrada')
        .select('id')
        .where('id', '=', params.entrada_id as string)
        .where('situacao', '=', 'pendente')
        .forUpdate(),
    )
    .with('mudanca', (db) => mudanca(db) as never)
    .with('historico', (db) => history(db) as never);
  if (evento) chain = chain.with('saida', (db) => evento(db) as never);
  return chain
    .updateTable('eventos_entrada')
    .set({
      situacao: 'processado',
      resultado: params.entrada_resultado as string,
      processado_em: params.atualizada_em as string,
    })
    .where('id', 'in', (eb) => eb.selectFrom('entrada').select('id'))
    .where((eb) => eb.exists(eb.selectFrom('mudanca').select('id')));
}

export async function recordEvento(
  tx: Tx,
  clock: Clock,
  negativacaoId: string,
  statusAnterior: string | null,
  status: string,
  evento: Evento,
): Promise<void> {
  await insertEvento(tx, historyRow(clock, negativacaoId, statusAnterior, status, evento));
}

/**
 * The first history row of a new negativacao and its `negativacao.status_alterado` event (from
 * no status), as statements to run alone or inside a larger one. Announce the event once they
 * committed (announceEventos).
 */
export function creationInserts(clock: Clock, row: NegativacaoRow, evento: Evento): RowInsert[] {
  const history = historyRow(clock, row.id, null, row.status, evento);
  const saida = eventoRow(
    clock,
    NEGATIVACAO_STATUS_ALTERADO,
    statusAlteradoDados(row, {}, history),
  );
  return [
    { table: 'negativacao_eventos', rows: [history] },
    { table: 'eventos', rows: [saida] },
  ];
}

type HistoryRow = Insertable<NegativacaoEventoTable> & { status_anterior: string | null };

function historyRow(
  clock: Clock,
  negativacaoId: string,
  statusAnterior: string | null,
  status: string,
  evento: Evento,
): HistoryRow {
  const now = clock.now();
  return {
    id: newId('evento', now.getTime()),
    negativacao_id: negativacaoId,
    tipo: evento.tipo,
    status_anterior: statusAnterior,
    status,
    detalhes: JSON.stringify(evento.detalhes ?? {}),
    ocorrido_em: now.toISOString(),
  };
}

const insertEvento = prepareQuery<HistoryRow, never>((db, row) =>
  db.insertInto('negativacao_eventos').values({
    id: row.id,
    negativacao_id: row.negativacao_id,
    tipo: row.tipo,
    status_anterior: row.status_anterior,
    status: row.status,
    detalhes: row.detalhes,
    ocorrido_em: row.ocorrido_em,
  }),
);

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

/**
 * Queues the negativacao's transmission. When its job is already active, that job may be running
 * past the point where it read the row (its provider's webhook outran its answer, the host paid
 * on `inserida`, and the job is only finishing): it would end without sending what this request
 * asks. So one follow-up job is queued beside it; whichever runs second finds nothing to do.
 */
export async function enqueueTransmission(
  ctx: { jobs: JobQueue },
  tx: Tx,
  negativacaoId: string,
  runAt?: Date,
): Promise<void> {
  const job = transmissionJob(negativacaoId, runAt);
  if ((await ctx.jobs.enqueue(tx, job)) !== null) return;
  await ctx.jobs.enqueue(tx, { ...job, uniqueKey: `${job.uniqueKey!}:seguinte` });
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
