import type { AppContext } from '../app-context.js';
import { PermanentJobError, type JobHandler } from '../infra/queue/run-worker.js';
import { PROCESS_LOTE, type TrechoLote } from '../use-cases/lotes/confirm-lote.js';
import { processLoteTrecho } from '../use-cases/lotes/process-lote-trecho.js';

export { PROCESS_LOTE };

/** Creates the negativacoes of one chunk of a confirmed lote (see processLoteTrecho). */
export function processLote(
  ctx: Pick<AppContext, 'database' | 'clock' | 'jobs' | 'providerClients'>,
): JobHandler {
  return async ({ job }) => {
    const trecho = job.payload as Partial<TrechoLote>;
    if (
      typeof trecho.loteId !== 'string' ||
      !Number.isInteger(trecho.de) ||
      !Number.isInteger(trecho.ate)
    ) {
      throw new PermanentJobError('payload without loteId, de, ate');
    }
    await processLoteTrecho(ctx, trecho as TrechoLote);
  };
}
