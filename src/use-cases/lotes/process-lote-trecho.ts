import { sql } from 'kysely';
import type { AppContext } from '../../app-context.js';
import { RequestError } from '../../domain/errors.js';
import type { Database } from '../../infra/db/connect-database.js';
import {
  buildRow,
  duplicate,
  insertNegativacao,
  openForNegativacao,
  type NovaNegativacao,
} from '../negativacoes/create-negativacao.js';
import { enqueueTransmission, type NegativacaoRow } from '../negativacoes/negativacao-store.js';
import type { OpenedIntegracao } from '../integracoes/provider-clients.js';
import type { TrechoLote } from './confirm-lote.js';
import type { Linha } from './linha-schema.js';
import type { LoteRow } from './lote-store.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs' | 'providerClients'>;

/**
 * Rows created at once: on SQLite they share group commits, on PostgreSQL they use a few pool
 * connections, leaving the rest to the API and the transmissions.
 */
const CONCORRENCIA = 8;

interface LinhaPendente {
  linha: number;
  pedido: string | null;
}

/**
 * Turns the still-valid rows of one chunk into negativacoes, through the same steps as
 * `POST /v1/negativacoes` (integration check, guard rails, insert, transmission job). Safe to
 * run again, or twice at once: see createFromLinha.
 */
export async function processLoteTrecho(ctx: Deps, trecho: TrechoLote): Promise<void> {
  const lote = await ctx.database.db
    .selectFrom('lotes')
    .selectAll()
    .where('id', '=', trecho.loteId)
    .executeTakeFirst();
  if (!lote) return;
  await ctx.database.db
    .updateTable('lotes')
    .set({ situacao: 'processando' })
    .where('id', '=', lote.id)
    .where('situacao', '=', 'confirmado')
    .execute();
  const linhas = await ctx.database.db
    .selectFrom('lote_linhas')
    .select(['linha', 'pedido'])
    .where('lote_id', '=', lote.id)
    .where('linha', '>=', trecho.de)
    .where('linha', '<=', trecho.ate)
    .where('situacao', '=', 'valida')
    .orderBy('linha')
    .execute();
  if (linhas.length > 0) await createFromLinhas(ctx, lote, linhas);
  await concludeIfDone(ctx, lote.id);
}

async function createFromLinhas(ctx: Deps, lote: LoteRow, linhas: LinhaPendente[]) {
  let opened: OpenedIntegracao;
  try {
    opened = await openForNegativacao(ctx, lote.integracao_id);
  } catch (error) {
    // The integration was disabled (or lost its registration) since the confirmation.
    if (!(error instanceof RequestError)) throw error;
    for (const { linha } of linhas) await markFalha(ctx.database, lote.id, linha, error);
    return;
  }
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < linhas.length && !failure) {
      try {
        await createFromLinha(ctx, opened, lote, linhas[next++]);
      } catch (error) {
        failure = { error };
      }
    }
  };
  // Every row in flight settles before the job reports a failure, so its retry never overlaps
  // this run's leftovers.
  await Promise.all(Array.from({ length: Math.min(CONCORRENCIA, linhas.length) }, worker));
  if (failure) throw failure.error;
}

/**
 * The row is claimed (`valida` → `criada`, with the new id) in the transaction that inserts its
 * negativacao and queues the transmission, so both or neither commit. A retry after a crash finds
 * the row `criada` and skips it; a second run at the same time blocks on the row (PostgreSQL) or
 * waits for the single writer (SQLite), then finds nothing to claim and inserts nothing.
 */
async function createFromLinha(
  ctx: Deps,
  opened: OpenedIntegracao,
  lote: LoteRow,
  { linha, pedido }: LinhaPendente,
): Promise<void> {
  const input: NovaNegativacao = {
    ...(JSON.parse(pedido!) as Linha),
    integracao_id: lote.integracao_id,
  };
  let row: NegativacaoRow;
  try {
    // The guard rails again: a due date may have crossed the five-year line since the preview.
    row = buildRow(ctx, opened, input);
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    return markFalha(ctx.database, lote.id, linha, error);
  }
  try {
    await ctx.database.transact(async (tx) => {
      const claimed = await tx.db
        .updateTable('lote_linhas')
        .set({ situacao: 'criada', negativacao_id: row.id })
        .where('lote_id', '=', lote.id)
        .where('linha', '=', linha)
        .where('situacao', '=', 'valida')
        .executeTakeFirst();
      if (claimed.numUpdatedRows === 0n) return;
      await insertNegativacao(ctx, tx, row, input.faturas, {
        tipo: 'criada',
        detalhes: { lote_id: lote.id, linha },
      });
      await enqueueTransmission(ctx, tx, row.id);
    });
  } catch (error) {
    // As in createNegativacao, the unique index is the duplicate check.
    if (!/chave_unica/.test((error as Error).message)) throw error;
    const holder = await ctx.database.db
      .selectFrom('negativacoes')
      .select('id')
      .where('chave_unica', '=', row.chave_unica)
      .executeTakeFirst();
    await markFalha(ctx.database, lote.id, linha, duplicate(holder?.id ?? '(concorrente)'));
  }
}

async function markFalha(
  database: Database,
  loteId: string,
  linha: number,
  error: RequestError,
): Promise<void> {
  const erro = { codigo: error.codigo, mensagem: error.message, campo: error.campo ?? null };
  await database.db
    .updateTable('lote_linhas')
    .set({ situacao: 'falha', erro: JSON.stringify(erro) })
    .where('lote_id', '=', loteId)
    .where('linha', '=', linha)
    .where('situacao', '=', 'valida')
    .execute();
}

/** `concluido` once no row waits to be created; whichever chunk finishes last sets it. */
async function concludeIfDone(ctx: Deps, loteId: string): Promise<void> {
  await ctx.database.db
    .updateTable('lotes')
    .set({ situacao: 'concluido', concluido_em: ctx.clock.now().toISOString() })
    .where('id', '=', loteId)
    .where('situacao', 'in', ['confirmado', 'processando'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('lote_linhas')
            .select(sql`1`.as('um'))
            .where('lote_id', '=', loteId)
            .where('situacao', '=', 'valida'),
        ),
      ),
    )
    .execute();
}
