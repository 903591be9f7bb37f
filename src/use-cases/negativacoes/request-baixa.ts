import type { AppContext } from '../../app-context.js';
import { RequestError } from '../../domain/errors.js';
import type { Tx } from '../../infra/db/connect-database.js';
import {
  changeNegativacao,
  enqueueTransmission,
  parseBaixa,
  releaseReplacement,
  type BaixaSolicitada,
  type NegativacaoRow,
} from './negativacao-store.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs'>;

export interface PedidoBaixa {
  motivo: string;
  /** `api`, `pagamento`, `substituicao`. */
  origem: string;
  detalhes?: Record<string, unknown>;
}

/**
 * Asks for the removal of `row` (locked by the caller) following the lifecycle of DESIGN.md:
 * never sent → cancelled at once; inclusion unconfirmed → the removal waits for the confirmation;
 * inserida → `aguardando` / remover and transmitted. Returns the updated row.
 */
export async function requestBaixa(
  ctx: Deps,
  tx: Tx,
  row: NegativacaoRow,
  pedido: PedidoBaixa,
): Promise<NegativacaoRow> {
  if (row.status === 'removida' || row.status === 'rejeitada') {
    throw new RequestError(
      409,
      'negativacao_encerrada',
      `a negativacao ${row.id} ja esta ${row.status}`,
    );
  }
  const pending = parseBaixa(row);
  const removing =
    row.status === 'aguardando_confirmacao_remover' ||
    (row.status === 'aguardando' && row.acao === 'remover');
  if (removing || (pending && row.status !== 'inserida')) {
    throw new RequestError(
      409,
      'baixa_ja_solicitada',
      `a baixa da negativacao ${row.id} ja foi solicitada (status ${row.status})`,
    );
  }
  const now = ctx.clock.now().toISOString();
  const baixa: BaixaSolicitada = pending ?? {
    motivo: pedido.motivo,
    solicitada_em: now,
    origem: pedido.origem,
    tentativas: 0,
  };
  const detalhes = { motivo: baixa.motivo, origem: pedido.origem, ...pedido.detalhes };

  if (row.status === 'aguardando' && row.acao === 'inserir' && !row.transmissao_desde) {
    // Nothing reached the provider yet: there is nothing to remove there.
    const cancelled = await changeNegativacao(
      tx,
      ctx.clock,
      row,
      { status: 'removida', acao: null, chave_unica: null, baixa: JSON.stringify(baixa) },
      { tipo: 'cancelada_antes_do_envio', detalhes },
    );
    await releaseReplacement(ctx, tx, cancelled);
    return cancelled;
  }
  if (row.status === 'aguardando' || row.status === 'aguardando_confirmacao_inserir') {
    return changeNegativacao(
      tx,
      ctx.clock,
      row,
      { baixa: JSON.stringify(baixa) },
      { tipo: 'baixa_solicitada', detalhes: { ...detalhes, aguarda: 'confirmacao_da_inclusao' } },
    );
  }
  const updated = await changeNegativacao(
    tx,
    ctx.clock,
    row,
    { status: 'aguardando', acao: 'remover', baixa: JSON.stringify(baixa) },
    { tipo: 'baixa_solicitada', detalhes },
  );
  await enqueueTransmission(ctx, tx, row.id);
  return updated;
}
