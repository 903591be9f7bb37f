import { sql } from 'kysely';
import type { AppContext } from '../../app-context.js';
import { RequestError } from '../../domain/errors.js';
import { oneOff, type Database } from '../../infra/db/connect-database.js';
import { insertManyRows, type RowInsert } from '../../infra/db/row-inserts.js';
import { announceEventos } from '../eventos/store-evento.js';
import {
  buildRow,
  duplicate,
  insertNegativacao,
  isKeyTaken,
  negativacaoInserts,
  openForNegativacao,
  type NovaNegativacao,
} from '../negativacoes/create-negativacao.js';
import {
  enqueueTransmission,
  transmissionJob,
  type NegativacaoRow,
} from '../negativacoes/negativacao-store.js';
import type { OpenedIntegracao } from '../integracoes/provider-clients.js';
import type { TrechoLote } from './confirm-lote.js';
import type { Linha } from './linha-schema.js';
import { findAtivas, type LoteRow } from './lote-store.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs' | 'providerClients'>;

/**
 * Rows created at once when a chunk goes row by row: on SQLite they share group commits, on
 * PostgreSQL they use a few pool connections, leaving the rest to the API and the transmissions.
 */
const CONCORRENCIA = 8;

interface LinhaPendente {
  linha: number;
  pedido: string | null;
}

/** A row past the guard rails, with the negativacao it becomes. */
interface Pronta {
  linha: number;
  input: NovaNegativacao;
  row: NegativacaoRow;
}

/**
 * Turns the still-valid rows of one chunk into negativacoes, through the same steps as
 * `POST /v1/negativacoes` (integration check, guard rails, insert, transmission job). Safe to
 * run again, or twice at once: see createAll.
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
  const prontas: Pronta[] = [];
  for (const { linha, pedido } of linhas) {
    const input: NovaNegativacao = {
      ...(JSON.parse(pedido!) as Linha),
      integracao_id: lote.integracao_id,
    };
    try {
      // The guard rails again: a due date may have crossed the five-year line since the preview.
      prontas.push({ linha, input, row: buildRow(ctx, opened, input) });
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      await markFalha(ctx.database, lote.id, linha, error);
    }
  }
  // Keys taken since the preview (a POST /v1/negativacoes, another lote) fail their rows here.
  const ativas = await findAtivas(
    ctx.database,
    prontas.map((pronta) => pronta.row.chave_unica!),
  );
  const livres: Pronta[] = [];
  for (const pronta of prontas) {
    const holder = ativas.get(pronta.row.chave_unica!);
    if (holder) await markFalha(ctx.database, lote.id, pronta.linha, duplicate(holder));
    else livres.push(pronta);
  }
  if (livres.length === 0) return;
  try {
    await createAll(ctx, lote, livres);
  } catch (error) {
    // A key was taken between the check and the insert: row by row, each duplicate fails alone.
    if (!isKeyTaken(error)) throw error;
    await createEach(ctx, lote, livres);
  }
}

/**
 * The chunk's rows claimed (`valida` → `criada`, with the new ids), their negativacoes inserted
 * and their transmissions queued in one commit, with multi-row statements: a few round trips for
 * the whole chunk instead of five per row. A retry after a crash finds the rows `criada` and
 * skips them; a second run at the same time blocks on the rows (PostgreSQL) or waits for the
 * single writer (SQLite), then claims nothing and inserts nothing.
 */
async function createAll(ctx: Deps, lote: LoteRow, prontas: Pronta[]): Promise<void> {
  await ctx.database.transact(async (tx) => {
    const novoId = sql.join(
      prontas.map(({ linha, row }) => sql`when ${linha} then ${row.id}`),
      sql` `,
    );
    const claimed = await tx.db
      .updateTable('lote_linhas')
      .set({ situacao: 'criada', negativacao_id: sql<string>`case linha ${novoId} end` })
      .where('lote_id', '=', lote.id)
      .where(
        'linha',
        'in',
        prontas.map((pronta) => pronta.linha),
      )
      .where('situacao', '=', 'valida')
      .returning('linha')
      .modifyEnd(oneOff)
      .execute();
    const claimedLinhas = new Set(claimed.map((row) => row.linha));
    const mine = prontas.filter((pronta) => claimedLinhas.has(pronta.linha));
    if (mine.length === 0) return;
    const porTabela = new Map<RowInsert['table'], object[]>();
    for (const { linha, input, row } of mine) {
      const evento = { tipo: 'criada', detalhes: { lote_id: lote.id, linha } } as const;
      for (const insert of negativacaoInserts(ctx, row, input.faturas, evento)) {
        const rows = porTabela.get(insert.table) ?? [];
        porTabela.set(insert.table, rows);
        rows.push(...insert.rows);
      }
    }
    // Map order is first-insertion order: negativacoes before the rows that reference them.
    for (const [table, rows] of porTabela) {
      await insertManyRows(tx, { table, rows } as RowInsert);
    }
    await ctx.jobs.enqueueMany(
      tx,
      mine.map((pronta) => transmissionJob(pronta.row.id)),
    );
    tx.afterCommit(announceEventos);
  });
}

/** Row by row, a few at a time; a duplicate fails its own row only. */
async function createEach(ctx: Deps, lote: LoteRow, prontas: Pronta[]): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < prontas.length && !failure) {
      try {
        await createOne(ctx, lote, prontas[next++]);
      } catch (error) {
        failure = { error };
      }
    }
  };
  // Every row in flight settles before the job reports a failure, so its retry never overlaps
  // this run's leftovers.
  await Promise.all(Array.from({ length: Math.min(CONCORRENCIA, prontas.length) }, worker));
  if (failure) throw failure.error;
}

/** One row as createAll does the chunk: claimed in the commit that inserts its negativacao. */
async function createOne(ctx: Deps, lote: LoteRow, { linha, input, row }: Pronta): Promise<void> {
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
    if (!isKeyTaken(error)) throw error;
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
