import type { AppContext } from '../../app-context.js';
import { ensureCadastroAtivo } from '../integracoes/check-cadastro.js';
import { localDate } from '../../domain/business-days.js';
import { notFound, RequestError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { checkNegativacao, type PedidoNegativacao } from '../../domain/negativacao-rules.js';
import type { Tx } from '../../infra/db/connect-database.js';
import type { OpenedIntegracao } from '../integracoes/provider-clients.js';
import {
  chaveUnica,
  creationInserts,
  transmissionJob,
  type Evento,
  type NegativacaoRow,
} from './negativacao-store.js';
import { insertRows, type RowInsert } from '../../infra/db/row-inserts.js';
import { presentNegativacao } from './present-negativacao.js';
import { announceEventos } from '../eventos/store-evento.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs' | 'providerClients'>;

export interface NovaNegativacao extends PedidoNegativacao {
  integracao_id: string;
  faturas: string[];
}

/**
 * Validates (guard rails), stores as `aguardando` and queues the transmission in one commit
 * (one statement on PostgreSQL). 409 when an active negativacao holds the same key.
 */
export async function createNegativacao(ctx: Deps, input: NovaNegativacao) {
  const opened = await openForNegativacao(ctx, input.integracao_id);
  const row = buildRow(ctx, opened, input);
  try {
    await ctx.jobs.insertWithJob(
      negativacaoInserts(ctx, row, input.faturas, { tipo: 'criada' }),
      transmissionJob(row.id),
    );
    announceEventos();
  } catch (error) {
    // The unique index is the check: nothing is read before the insert.
    if (!isKeyTaken(error)) throw error;
    const holder = await ctx.database.db
      .selectFrom('negativacoes')
      .select('id')
      .where('chave_unica', '=', row.chave_unica)
      .executeTakeFirst();
    if (!holder) throw duplicate();
    throw duplicate(holder.id);
  }
  return presentNegativacao(row);
}

export async function openForNegativacao(ctx: Deps, integracaoId: string) {
  const opened = await ctx.providerClients.openActive(integracaoId, 'integracao_id');
  if (!opened.provider.negativacao || !opened.client.incluir) {
    throw new RequestError(
      422,
      'operacao_nao_suportada',
      `o provedor ${opened.provider.id} nao faz negativacao`,
      'integracao_id',
    );
  }
  await ensureCadastroAtivo(ctx, opened);
  return opened;
}

/**
 * The integration of an existing negativacao; read before any transaction, since on SQLite a
 * query outside a running transaction waits for it.
 */
export async function integracaoIdOf(
  ctx: Pick<AppContext, 'database'>,
  negativacaoId: string,
  campo?: string,
) {
  const row = await ctx.database.db
    .selectFrom('negativacoes')
    .select('integracao_id')
    .where('id', '=', negativacaoId)
    .executeTakeFirst();
  if (!row) throw notFound('negativacao', negativacaoId, campo);
  return row.integracao_id;
}

/** A new row in `aguardando` / inserir, after the guard rails. */
export function buildRow(
  ctx: Pick<AppContext, 'clock'>,
  opened: OpenedIntegracao,
  input: NovaNegativacao,
  options: { chaveUnica?: boolean; substitui_id?: string } = {},
): NegativacaoRow {
  const regras = opened.provider.negativacao!(opened.configuracoes);
  const divida = checkNegativacao(input, regras, localDate(ctx.clock.now()));
  const now = ctx.clock.now();
  const base = {
    credor: divida.credor,
    devedor_documento: divida.devedor.documento.numero,
    contrato: divida.contrato,
  };
  return {
    id: newId('negativacao', now.getTime()),
    integracao_id: opened.integracao.id,
    provedor: opened.integracao.provedor,
    status: 'aguardando',
    acao: 'inserir',
    ...base,
    devedor: JSON.stringify({
      nome: divida.devedor.nome,
      endereco: divida.devedor.endereco,
      data_nascimento: input.devedor.data_nascimento ?? null,
    }),
    valor_centavos: divida.valor_centavos,
    vencimento: divida.vencimento,
    natureza: divida.natureza,
    faturas: JSON.stringify(input.faturas),
    chave_unica: options.chaveUnica === false ? null : chaveUnica(base),
    referencia_inclusao: null,
    referencia_baixa: null,
    chaves_provedor: '{}',
    transmissao_desde: null,
    transmissao_job: null,
    transmissao_incerta: 0,
    baixa: null,
    erro: null,
    pago_em: null,
    prazo_baixa: null,
    sinalizada_em: null,
    confirmacao_ate: null,
    situacao_provedor: null,
    historico_provedor_visto: 0,
    substitui_id: options.substitui_id ?? null,
    substituida_por_id: null,
    criada_em: now.toISOString(),
    atualizada_em: now.toISOString(),
  };
}

/** Inserts the row, its invoices and its first history event inside `tx`. */
export async function insertNegativacao(
  ctx: Pick<AppContext, 'clock'>,
  tx: Tx,
  row: NegativacaoRow,
  faturas: string[],
  evento: Evento,
): Promise<void> {
  for (const insert of negativacaoInserts(ctx, row, faturas, evento)) await insertRows(tx, insert);
  tx.afterCommit(announceEventos);
}

/** The rows a new negativacao writes: itself, its invoices, its first history and host events. */
export function negativacaoInserts(
  ctx: Pick<AppContext, 'clock'>,
  row: NegativacaoRow,
  faturas: string[],
  evento: Evento,
): RowInsert[] {
  const unique = [...new Set(faturas)];
  return [
    { table: 'negativacoes', rows: [row] },
    ...(unique.length > 0
      ? [
          {
            table: 'faturas_negativadas' as const,
            rows: unique.map((fatura) => ({ fatura, negativacao_id: row.id })),
          },
        ]
      : []),
    ...creationInserts(ctx.clock, row, evento),
  ];
}

/** 409 when another active negativacao (other than `except`) holds `key`. */
export async function ensureKeyFree(tx: Tx, key: string, except: string | null): Promise<void> {
  const existing = await tx.db
    .selectFrom('negativacoes')
    .select('id')
    .where('chave_unica', '=', key)
    .$if(except !== null, (qb) => qb.where('id', '!=', except!))
    .executeTakeFirst();
  if (existing) throw duplicate(existing.id);
}

/** The unique index on `chave_unica` refused an insert: an active negativacao holds the key. */
export function isKeyTaken(error: unknown): boolean {
  return error instanceof Error && /chave_unica/.test(error.message);
}

/**
 * The id of the one holding the key goes in `detalhes`: a client whose first request died
 * unanswered and who sent it again learns from this what the first one created.
 */
export function duplicate(existingId?: string): RequestError {
  return new RequestError(
    409,
    'negativacao_duplicada',
    `ja existe negativacao ativa ${existingId ?? '(concorrente)'} para este credor, devedor e contrato`,
    'contrato',
    existingId ? { negativacao_id: existingId } : undefined,
  );
}
