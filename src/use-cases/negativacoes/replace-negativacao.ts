import type { AppContext } from '../../app-context.js';
import { notFound } from '../../domain/errors.js';
import {
  buildRow,
  ensureKeyFree,
  insertNegativacao,
  type NovaNegativacao,
} from './create-negativacao.js';
import { integracaoIdOf, openForNegativacao } from './create-negativacao.js';
import { chaveUnica, changeNegativacao, lockNegativacao } from './negativacao-store.js';
import { presentNegativacao } from './present-negativacao.js';
import { requestBaixa } from './request-baixa.js';

type Deps = Pick<AppContext, 'database' | 'clock' | 'jobs' | 'providerClients'>;

/**
 * A negativacao cannot be edited at the provider: a correction is a removal (motivo de correcao)
 * plus a new inclusion. Both are tracked as one operation: the new one waits, without its
 * uniqueness key, until the old one is confirmed removed, then takes the key and is transmitted.
 */
export async function replaceNegativacao(
  ctx: Deps,
  id: string,
  input: Omit<NovaNegativacao, 'integracao_id'>,
) {
  const integracaoId = await integracaoIdOf(ctx, id);
  const opened = await openForNegativacao(ctx, integracaoId);
  const regras = opened.provider.negativacao!(opened.configuracoes);
  const nova = buildRow(
    ctx,
    opened,
    { ...input, integracao_id: integracaoId },
    {
      chaveUnica: false,
      substitui_id: id,
    },
  );

  return ctx.database.transact(async (tx) => {
    const locked = await lockNegativacao(tx, { id });
    if (!locked) throw notFound('negativacao', id);
    await ensureKeyFree(tx, chaveUnica(nova), id);
    await insertNegativacao(ctx, tx, nova, input.faturas, {
      tipo: 'criada_como_substituta',
      detalhes: { substitui: id },
    });
    let anterior = await changeNegativacao(
      tx,
      ctx.clock,
      locked,
      { substituida_por_id: nova.id },
      {
        tipo: 'substituicao_solicitada',
        detalhes: { substituta: nova.id },
      },
    );
    // If the old one was never sent, requestBaixa cancels it and releases the new one at once.
    anterior = await requestBaixa(ctx, tx, anterior, {
      motivo: regras.motivo_correcao,
      origem: 'substituicao',
      detalhes: { substituta: nova.id },
    });
    const atual = (await lockNegativacao(tx, { id: nova.id }))!;
    return { anterior: presentNegativacao(anterior), nova: presentNegativacao(atual) };
  });
}
