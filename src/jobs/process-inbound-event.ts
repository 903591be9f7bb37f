import type { AppContext } from '../app-context.js';
import { isoNow } from '../infra/clock.js';
import { PermanentJobError, type JobHandler } from '../infra/queue/run-worker.js';

/**
 * Applies a stored inbound event. Today it settles the event with the adapter's reading
 * (reference found); matching the event to a negativacao or proposta arrives with each
 * provider's issue. Idempotent: only a `pendente` event is ever settled, once.
 */
export function processInboundEvent(
  ctx: Pick<AppContext, 'database' | 'clock' | 'providers'>,
): JobHandler {
  return async ({ job }) => {
    const { eventoId } = job.payload as { eventoId?: string };
    if (!eventoId) throw new PermanentJobError('payload without eventoId');
    const event = await ctx.database.db
      .selectFrom('eventos_entrada')
      .selectAll()
      .where('id', '=', eventoId)
      .executeTakeFirst();
    if (!event) throw new PermanentJobError(`evento ${eventoId} not found`);
    if (event.situacao !== 'pendente') return;

    const provider = ctx.providers.get(event.provedor);
    const reading = provider?.inbound?.read({
      method: event.metodo,
      query: JSON.parse(event.query) as Record<string, string>,
      headers: JSON.parse(event.cabecalhos) as Record<string, string>,
      body: event.corpo ? Buffer.from(event.corpo) : null,
    });
    await ctx.database.db
      .updateTable('eventos_entrada')
      .set({
        situacao: 'processado',
        processado_em: isoNow(ctx.clock),
        resultado: JSON.stringify({ leitura: reading ?? null }),
      })
      .where('id', '=', eventoId)
      .where('situacao', '=', 'pendente')
      .execute();
  };
}
