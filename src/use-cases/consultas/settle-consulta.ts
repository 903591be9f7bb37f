import type { AppContext } from '../../app-context.js';
import { summarizeRelatorio } from '../../domain/consulta.js';
import type { ResultadoConsulta } from '../../providers/contract.js';
import { presentConsulta, type ConsultaRow } from './present-consulta.js';
import { storeEvento } from '../eventos/store-evento.js';
import { CONSULTA_CONCLUIDA } from '../eventos/tipos-evento.js';

type Deps = Pick<AppContext, 'database' | 'clock'>;

/** A provider's final answer (report or refusal) written to the stored consulta. */
export async function settleConsulta(
  ctx: Deps,
  row: ConsultaRow,
  result: Exclude<ResultadoConsulta, { tipo: 'pendente' }>,
  trocasAnteriores: unknown[] = [],
): Promise<ConsultaRow> {
  const trocas = JSON.stringify([...trocasAnteriores, ...result.trocas]);
  if (result.tipo === 'concluida') {
    return finishConsulta(ctx, row, {
      situacao: 'concluida',
      relatorio: JSON.stringify(result.relatorio),
      resumo: JSON.stringify(summarizeRelatorio(result.relatorio)),
      original: JSON.stringify(result.original),
      html_provedor: result.html ?? null,
      trocas,
    });
  }
  return finishConsulta(ctx, row, {
    situacao: 'erro',
    trocas,
    erro: JSON.stringify({
      codigo: result.codigo,
      mensagem: result.mensagem,
      codigo_provedor: result.codigo_provedor,
      mensagem_provedor: result.mensagem_provedor,
    }),
  });
}

/**
 * The final answer (`concluida` or `erro`) and its `consulta.concluida` event for the host, in
 * one transaction.
 */
export async function finishConsulta(
  ctx: Deps,
  row: ConsultaRow,
  patch: Partial<ConsultaRow>,
): Promise<ConsultaRow> {
  const updated = { ...row, ...patch, concluida_em: ctx.clock.now().toISOString() };
  await ctx.database.transact(async (tx) => {
    await tx.db
      .updateTable('consultas')
      .set({ ...patch, concluida_em: updated.concluida_em })
      .where('id', '=', row.id)
      .execute();
    await storeEvento(tx, ctx.clock, CONSULTA_CONCLUIDA, presentConsulta(updated));
  });
  return updated;
}
