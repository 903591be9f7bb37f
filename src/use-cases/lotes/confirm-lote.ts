import type { AppContext } from '../../app-context.js';
import { RequestError } from '../../domain/errors.js';
import type { JobSpec } from '../../infra/queue/job-queue.js';
import { openForNegativacao } from '../negativacoes/create-negativacao.js';
import { getLote, readLote } from './lote-store.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs' | 'providerClients'>;

export const PROCESS_LOTE = 'processar-lote';
/** Valid rows per job: a job's work stays short (a lease of seconds) and chunks run in parallel. */
export const LINHAS_POR_JOB = 200;

export interface TrechoLote {
  loteId: string;
  /** First and last row number (inclusive) of the chunk. */
  de: number;
  ate: number;
}

export function processLoteJob(trecho: TrechoLote): JobSpec {
  return {
    kind: PROCESS_LOTE,
    payload: trecho,
    uniqueKey: `${PROCESS_LOTE}:${trecho.loteId}:${trecho.de}`,
  };
}

/**
 * Queues the valid rows of a previewed lote: the lote becomes `confirmado` and its processing
 * jobs are created in the same commit. A lote already confirmed is returned as it is.
 */
export async function confirmLote(ctx: Deps, id: string) {
  const lote = await readLote(ctx.database, id);
  if (lote.situacao !== 'previa') return getLote(ctx.database, id);
  if (lote.validas === 0) {
    throw new RequestError(
      409,
      'lote_sem_linhas_validas',
      'o lote nao tem linhas validas para enviar: corrija o arquivo e envie-o de novo',
    );
  }
  // Refused now (422/404 naming integracao_id) rather than row by row in the jobs.
  await openForNegativacao(ctx, lote.integracao_id);
  const linhas = await ctx.database.db
    .selectFrom('lote_linhas')
    .select('linha')
    .where('lote_id', '=', id)
    .where('situacao', '=', 'valida')
    .orderBy('linha')
    .execute();
  const trechos: TrechoLote[] = [];
  for (let i = 0; i < linhas.length; i += LINHAS_POR_JOB) {
    const trecho = linhas.slice(i, i + LINHAS_POR_JOB);
    trechos.push({ loteId: id, de: trecho[0].linha, ate: trecho.at(-1)!.linha });
  }
  await ctx.database.transact(async (tx) => {
    const confirmed = await tx.db
      .updateTable('lotes')
      .set({ situacao: 'confirmado', confirmado_em: ctx.clock.now().toISOString() })
      .where('id', '=', id)
      .where('situacao', '=', 'previa')
      .executeTakeFirst();
    // A concurrent confirmation won: its jobs are the lote's.
    if (confirmed.numUpdatedRows === 0n) return;
    for (const trecho of trechos) await ctx.jobs.enqueue(tx, processLoteJob(trecho));
  });
  return getLote(ctx.database, id);
}
