import type { AppContext } from '../app-context.js';
import { sql, type Insertable, type Selectable } from 'kysely';
import { isoNow } from '../infra/clock.js';
import { sha256Hex } from '../infra/crypto/tokens.js';
import type { Tx } from '../infra/db/connect-database.js';
import { prepareQuery } from '../infra/db/prepared-query.js';
import type { EventoEntradaTable } from '../infra/db/schema.js';
import { PermanentJobError, type JobHandler } from '../infra/queue/run-worker.js';
import type { Desfecho, InboundReading } from '../providers/contract.js';
import { applyDesfecho, applyDesfechoAtOnce } from '../use-cases/negativacoes/apply-desfecho.js';
import {
  readByReferencias,
  type NegativacaoRow,
} from '../use-cases/negativacoes/negativacao-store.js';
import { applySituacaoProposta } from '../use-cases/propostas/apply-situacao-proposta.js';
import { resolveRegrasPropostas } from '../use-cases/propostas/resolve-regras-propostas.js';

export const PROCESS_INBOUND_EVENT = 'processar-evento-entrada';
export const PROCESS_INBOUND_BATCH = 'processar-lote-entrada';
/**
 * Inbound processing has a queue (and workers) of its own, so a webhook is applied within a
 * second even while thousands of transmissions wait in the default queue.
 */
export const INBOUND_QUEUE = 'entrada';

/** An inbound event as stored. */
type Lido = Selectable<EventoEntradaTable>;

type Deps = Pick<AppContext, 'database' | 'clock' | 'providers' | 'jobs' | 'logger' | 'config'>;

/**
 * Applies one stored inbound event: the adapter reads it, and what it carries (a provider verdict
 * on a negativacao, or a proposal's status) is applied in the same transaction that settles the
 * event. Idempotent: only a
 * `pendente` event is ever settled, once; an event that matches nothing is kept as
 * `sem_correspondencia`, never dropped.
 */
export async function applyInboundEvent(
  ctx: Deps,
  eventoId: string,
  /** The event as read before the transaction (a batch reads its events at once), still pendente. */
  lido?: Lido,
): Promise<void> {
  try {
    await ctx.database.transact(async (tx) => {
      // Claim first: of two jobs racing for one event, only the one whose update counts applies it.
      // An event read beforehand is claimed at the end instead, by the settling update.
      const event =
        lido ?? (await claimEvento(tx, { id: eventoId, agora: isoNow(ctx.clock) })).rows[0];
      if (!event) {
        const exists = await tx.db
          .selectFrom('eventos_entrada')
          .select('id')
          .where('id', '=', eventoId)
          .executeTakeFirst();
        if (!exists) throw new PermanentJobError(`evento ${eventoId} not found`);
        return;
      }
      const reading = readEvento(ctx, event);
      const aplicado =
        reading?.tipo === 'aceito' && event.integracao_id
          ? await applyReading(ctx, tx, event, event.integracao_id, reading)
          : undefined;
      const settlement = {
        id: eventoId,
        situacao:
          aplicado?.resultado === 'sem_correspondencia'
            ? ('sem_correspondencia' as const)
            : ('processado' as const),
        resultado: JSON.stringify({ leitura: reading ?? null, ...aplicado }),
      };
      if (!lido) {
        await settleEvento(tx, settlement);
        return;
      }
      const settled = await settlePendingEvento(tx, { ...settlement, agora: isoNow(ctx.clock) });
      if (settled.numAffectedRows === 0n) throw new SettledElsewhere();
    });
  } catch (error) {
    if (!(error instanceof SettledElsewhere)) throw error;
  }
}

/** What the event says, as its provider's adapter reads it; undefined for an unknown provider. */
function readEvento(ctx: Deps, event: Lido) {
  return ctx.providers.get(event.provedor)?.inbound?.read({
    method: event.metodo,
    query: JSON.parse(event.query) as Record<string, string>,
    headers: JSON.parse(event.cabecalhos) as Record<string, string>,
    body: event.corpo ? Buffer.from(event.corpo) : null,
  });
}

/** Another worker settled the event first: everything this one wrote for it is rolled back. */
class SettledElsewhere extends Error {}

/** Dispatches by what the reading carries: a transmission's verdict or a proposal's status. */
async function applyReading(
  ctx: Deps,
  tx: Tx,
  event: Lido,
  integracaoId: string,
  reading: Extract<InboundReading, { tipo: 'aceito' }>,
) {
  if (reading.situacaoProposta) {
    const recebida = reading.situacaoProposta;
    return applySituacaoProposta(
      ctx,
      tx,
      await resolveRegrasPropostas(ctx, tx, integracaoId),
      {
        integracao_id: integracaoId,
        evento_entrada_id: event.id,
        metodo: event.metodo,
        recebido_em: event.recebido_em,
        chave_dedup: reading.dedupKey ?? sha256Hex(JSON.stringify(recebida)),
      },
      recebida,
    );
  }
  if (reading.desfecho) {
    return applyDesfecho(ctx, tx, integracaoId, reading.desfecho, { evento_entrada: event.id });
  }
  return undefined;
}

const claimEvento = prepareQuery<{ id: string; agora: string }, Lido>((db, params) =>
  db
    .updateTable('eventos_entrada')
    .set({ situacao: 'processado', processado_em: params.agora })
    .where('id', '=', params.id)
    .where('situacao', '=', 'pendente')
    .returningAll(),
);

const settleEvento = prepareQuery<
  { id: string; situacao: EventoEntradaTable['situacao']; resultado: string },
  never
>((db, params) =>
  db
    .updateTable('eventos_entrada')
    .set({ situacao: params.situacao, resultado: params.resultado })
    .where('id', '=', params.id),
);

const settlePendingEvento = prepareQuery<
  { id: string; situacao: EventoEntradaTable['situacao']; resultado: string; agora: string },
  never
>((db, params) =>
  db
    .updateTable('eventos_entrada')
    .set({ situacao: params.situacao, resultado: params.resultado, processado_em: params.agora })
    .where('id', '=', params.id)
    .where('situacao', '=', 'pendente'),
);

/** A batch's events still pending, read in one statement (PostgreSQL: an array parameter). */
const readPendingEventos = prepareQuery<{ ids: string[] }, Lido>((db, params) =>
  db
    .selectFrom('eventos_entrada')
    .selectAll()
    .where(sql<boolean>`id = any(${params.ids})`)
    .where('situacao', '=', 'pendente'),
);

/** One event, with the queue's own retries and backoff. */
export function processInboundEvent(ctx: Deps): JobHandler {
  return async ({ job }) => {
    const { eventoId } = job.payload as { eventoId?: string };
    if (!eventoId) throw new PermanentJobError('payload without eventoId');
    await applyInboundEvent(ctx, eventoId);
  };
}

/**
 * The events of one group commit. A job per batch keeps the queue's cost off the ingest path;
 * an event that fails is handed to a job of its own, so it retries alone and never holds
 * back its neighbours.
 */
export function processInboundBatch(ctx: Deps): JobHandler {
  return async ({ job }) => {
    const { eventoIds } = job.payload as { eventoIds?: string[] };
    if (!Array.isArray(eventoIds)) throw new PermanentJobError('payload without eventoIds');
    const apply = async (eventoId: string, lido?: Lido) => {
      try {
        await applyInboundEvent(ctx, eventoId, lido);
      } catch (error) {
        ctx.logger.warn({ err: error, eventoId }, 'inbound event failed; retrying it on its own');
        await ctx.jobs.enqueueNow({
          kind: PROCESS_INBOUND_EVENT,
          queue: INBOUND_QUEUE,
          payload: { eventoId },
          uniqueKey: `${PROCESS_INBOUND_EVENT}:${eventoId}`,
        });
      }
    };
    if (ctx.database.dialect === 'sqlite') {
      // Asked for together, the events share commits and still run in arrival order (GroupCommit).
      await Promise.all(eventoIds.map((eventoId) => apply(eventoId)));
    } else {
      // One at a time: in arrival order, and one pool connection per batch, not 256. Read
      // together (or handed over by this process's inbox as it stored them), each event then
      // costs its transaction alone (no claim statement of its own).
      const stored = job.inHand as Array<Insertable<EventoEntradaTable>> | undefined;
      const rows = stored
        ? stored
            .filter((row) => row.situacao === 'pendente')
            .map((row) => ({ processado_em: null, resultado: null, ...row }) as Lido)
        : (await readPendingEventos(ctx.database, { ids: eventoIds })).rows;
      const pending = new Map(rows.map((row) => [row.id, row]));
      const atOnce = await verdictsAtOnce(ctx, [...pending.values()]);
      for (const eventoId of eventoIds) {
        if (await atOnce(eventoId)) continue;
        // One not pending (applied already, or gone) takes the claiming path, which tells the two.
        await apply(eventoId, pending.get(eventoId));
      }
    }
  };
}

/**
 * The batch's provider verdicts by reference, with the negativacoes they point at read in one
 * statement; the returned function applies one event's verdict at once (applyDesfechoAtOnce)
 * and says whether it did. Any failure there leaves nothing written: the event then takes the
 * transaction path, which finds it settled if the statement did commit after all.
 */
async function verdictsAtOnce(ctx: Deps, events: Array<Lido>) {
  const verdicts = new Map<string, { event: Lido; leitura: unknown; desfecho: Desfecho }>();
  const wanted = { inclusoes: [] as string[], baixas: [] as string[] };
  for (const event of events) {
    const reading = readEvento(ctx, event);
    const desfecho = reading?.tipo === 'aceito' ? reading.desfecho : undefined;
    if (!desfecho?.sucesso || !desfecho.referencia || !event.integracao_id) continue;
    if (desfecho.operacao === 'inclusao') wanted.inclusoes.push(desfecho.referencia);
    else if (desfecho.operacao === 'exclusao') wanted.baixas.push(desfecho.referencia);
    else continue;
    verdicts.set(event.id, { event, leitura: reading, desfecho });
  }
  const rows = new Map<string, NegativacaoRow>();
  if (verdicts.size > 0) {
    for (const row of (await readByReferencias(ctx.database, wanted)).rows) {
      if (row.referencia_inclusao) rows.set(`inclusao:${row.referencia_inclusao}`, row);
      if (row.referencia_baixa) rows.set(`exclusao:${row.referencia_baixa}`, row);
    }
  }
  return async (eventoId: string): Promise<boolean> => {
    const verdict = verdicts.get(eventoId);
    if (!verdict) return false;
    const { event, leitura, desfecho } = verdict;
    const row = rows.get(`${desfecho.operacao}:${desfecho.referencia}`);
    if (!row) return false;
    try {
      const aplicado = await applyDesfechoAtOnce(ctx, row, event.integracao_id!, desfecho, {
        id: event.id,
        resultado: (aplicado) => JSON.stringify({ leitura, ...aplicado }),
      });
      return aplicado !== undefined;
    } catch (error) {
      ctx.logger.warn(
        { err: error, eventoId },
        'inbound verdict not applied at once; retrying it in a transaction',
      );
      return false;
    }
  };
}
