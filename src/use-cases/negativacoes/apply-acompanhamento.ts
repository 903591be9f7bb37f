import type { AppContext } from '../../app-context.js';
import type { Tx } from '../../infra/db/connect-database.js';
import type { Acompanhamento, Desfecho } from '../../providers/contract.js';
import { applyDesfecho } from './apply-desfecho.js';
import { changeNegativacao, recordEvento, type NegativacaoRow } from './negativacao-store.js';
import { raiseAlerta } from '../alertas/raise-alerta.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs' | 'config'>;

/** What polling does next: soon (the provider is still working), later, or never again. */
export type ProximaConsulta = 'rapida' | 'lenta' | 'encerrada';

/**
 * Applies one poll of a transmission to its negativacao (locked by the caller). The provider's
 * new history entries and a change of its status are recorded once each: the last status seen
 * is kept on the row, so a second poller reading the same answer records nothing.
 */
export async function applyAcompanhamento(
  ctx: Deps,
  tx: Tx,
  row: NegativacaoRow,
  referencia: string,
  acompanhamento: Acompanhamento,
): Promise<ProximaConsulta> {
  row = await appendHistorico(ctx, tx, row, acompanhamento.historico);
  const changed = acompanhamento.situacao !== row.situacao_provedor;
  if (!changed) return nextFor(acompanhamento);
  const { situacao, motivo } = acompanhamento;
  const fonte = { acompanhamento: situacao };
  const detalhes = { situacao, motivo };
  switch (acompanhamento.fase) {
    case 'aceita':
    case 'rejeitada':
    case 'baixada':
      // The verdict's own history event (inclusao_confirmada, …) names the situacao.
      await tx.db
        .updateTable('negativacoes')
        .set({ situacao_provedor: situacao })
        .where('id', '=', row.id)
        .execute();
      await applyDesfecho(ctx, tx, row.integracao_id, desfecho(acompanhamento, referencia), fonte);
      return 'encerrada';
    case 'aguardando_correcao':
      await changeNegativacao(
        tx,
        ctx.clock,
        row,
        {
          status: 'aguardando_correcao',
          situacao_provedor: situacao,
          erro: JSON.stringify({ codigo: 'aguardando_correcao', mensagem: motivo ?? '' }),
        },
        { tipo: 'aguardando_correcao', detalhes },
      );
      return 'lenta';
    case 'baixa_enviada':
      await changeNegativacao(
        tx,
        ctx.clock,
        row,
        { status: 'aguardando_confirmacao_remover', situacao_provedor: situacao },
        { tipo: 'baixa_enviada_ao_bureau', detalhes },
      );
      return 'lenta';
    case 'enviada':
      await changeNegativacao(
        tx,
        ctx.clock,
        row,
        { situacao_provedor: situacao },
        {
          tipo: 'enviada_ao_bureau',
          detalhes: {
            ...detalhes,
            mensagem: 'enviada a Serasa; o devedor esta sendo notificado da divida',
          },
        },
      );
      return 'lenta';
    case 'processando':
      await changeNegativacao(
        tx,
        ctx.clock,
        row,
        { situacao_provedor: situacao },
        {
          tipo: 'situacao_do_provedor',
          detalhes,
        },
      );
      return 'rapida';
    case 'desconhecida':
      // Providers add statuses without notice: keep it pending, keep polling, tell the operator.
      await changeNegativacao(
        tx,
        ctx.clock,
        row,
        { situacao_provedor: situacao },
        {
          tipo: 'situacao_desconhecida',
          detalhes,
        },
      );
      await raiseAlerta(tx, ctx.clock, {
        tipo: 'situacao_desconhecida',
        mensagem: `negativacao ${row.id}: o provedor informou a situacao desconhecida ${situacao}`,
        integracao_id: row.integracao_id,
        negativacao_id: row.id,
        detalhes,
      });
      return 'lenta';
  }
}

function nextFor(acompanhamento: Acompanhamento): ProximaConsulta {
  if (['aceita', 'rejeitada', 'baixada'].includes(acompanhamento.fase)) return 'encerrada';
  return acompanhamento.fase === 'processando' ? 'rapida' : 'lenta';
}

function desfecho(acompanhamento: Acompanhamento, referencia: string): Desfecho {
  const { fase, situacao, motivo } = acompanhamento;
  return {
    referencia,
    operacao: fase === 'baixada' ? 'exclusao' : 'inclusao',
    sucesso: fase !== 'rejeitada',
    erro: fase === 'rejeitada' ? { codigo: situacao, mensagem: motivo ?? situacao } : undefined,
  };
}

/** The provider's history entries not yet in ours, in its order. */
async function appendHistorico(
  ctx: Deps,
  tx: Tx,
  row: NegativacaoRow,
  historico: unknown[],
): Promise<NegativacaoRow> {
  if (historico.length <= row.historico_provedor_visto) return row;
  for (const entrada of historico.slice(row.historico_provedor_visto)) {
    await recordEvento(tx, ctx.clock, row.id, row.status, row.status, {
      tipo: 'historico_do_provedor',
      detalhes: { entrada },
    });
  }
  const visto = historico.length;
  await tx.db
    .updateTable('negativacoes')
    .set({ historico_provedor_visto: visto })
    .where('id', '=', row.id)
    .execute();
  return { ...row, historico_provedor_visto: visto };
}
