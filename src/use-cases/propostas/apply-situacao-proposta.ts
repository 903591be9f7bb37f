import type { AppContext } from '../../app-context.js';
import { newId } from '../../domain/ids.js';
import type { Tx } from '../../infra/db/connect-database.js';
import type { ResultadoSituacaoProposta } from '../../infra/db/schema.js';
import type {
  RegrasPropostas,
  SituacaoPropostaConhecida,
  SituacaoPropostaRecebida,
} from '../../providers/contract.js';
import { raiseAlerta } from '../negativacoes/negativacao-store.js';
import {
  findOriginal,
  hasSeenSituacao,
  insertSituacao,
  lockProposta,
  updateProposta,
  type PropostaRow,
} from './proposta-store.js';
import { storeEvento } from './store-evento.js';

type Deps = Pick<AppContext, 'clock'>;

export const PROPOSTA_SITUACAO_ALTERADA = 'proposta.situacao_alterada';

/** The stored inbound event that carried the status. */
export interface CallbackProposta {
  integracao_id: string;
  evento_entrada_id: string;
  metodo: string;
  recebido_em: string;
  /** Same proposal, status and body: the same callback (the adapter's dedupKey). */
  chave_dedup: string;
}

export interface SituacaoPropostaAplicada {
  resultado: ResultadoSituacaoProposta;
  proposta_id: string;
}

/** Used when a provider sends proposal statuses without a table: every status is unknown. */
const SEM_TABELA: RegrasPropostas = {
  situacao: () => undefined,
  janelaRetentativasMs: 24 * 60 * 60 * 1000,
};

/**
 * Applies a proposal status reported by a callback, inside the caller's transaction (the one
 * that settles the inbound event). Every callback becomes a history row; the proposal's current
 * status only moves forward in the provider's lifecycle, and each move stores one
 * `proposta.situacao_alterada` event.
 */
export async function applySituacaoProposta(
  ctx: Deps,
  tx: Tx,
  regras: RegrasPropostas | undefined,
  callback: CallbackProposta,
  recebida: SituacaoPropostaRecebida,
): Promise<SituacaoPropostaAplicada> {
  const tabela = regras ?? SEM_TABELA;
  const proposta = await lockProposta(tx, ctx.clock, {
    integracao_id: callback.integracao_id,
    proposta: recebida.proposta,
    identificador: recebida.identificador ?? null,
  });
  const conhecida = tabela.situacao(recebida.situacao);
  const resultado = await judge(tx, tabela, proposta, callback, recebida, conhecida);
  await insertSituacao(tx, {
    id: newId('propostaSituacao', ctx.clock.now().getTime()),
    proposta_id: proposta.id,
    evento_entrada_id: callback.evento_entrada_id,
    situacao: recebida.situacao,
    nome: conhecida?.nome ?? null,
    descricao_ocorrencia: recebida.descricaoOcorrencia ?? null,
    corpo: recebida.corpo === undefined ? null : JSON.stringify(recebida.corpo),
    metodo: callback.metodo,
    recebida_em: callback.recebido_em,
    resultado,
    chave_dedup: callback.chave_dedup,
  });
  const updated = await applyToProposta(ctx, tx, proposta, recebida, conhecida, resultado);
  await notify(ctx, tx, proposta, updated, recebida, conhecida, resultado);
  return { resultado, proposta_id: proposta.id };
}

/**
 * What a callback does to its proposal. Out-of-order and repeated deliveries are normal (BMP
 * retries up to 3 times, at undocumented intervals, and nothing orders its callbacks), so:
 *
 * - The same callback (same key) again within the retry window is a retry: recorded as
 *   `duplicada`, applied once. Past the window it is a new notification: judged like a callback
 *   of a status already seen, except that repeating the current status tells nothing new.
 * - An unknown status ID is kept as `desconhecida` and alerted, never refused: the table may be
 *   out of date, and refusing would only make BMP retry. The current status stays.
 * - A status further along the lifecycle than the current one moves the proposal: `aplicada`.
 *   So does the first known status of a proposal.
 * - The current status again with a new descricaoOcorrencia is a new occurrence of it (11: the
 *   payment failed again, for another reason): `aplicada`, so the host hears the new reason.
 *   With the same reason, only extra fields changed: `duplicada`.
 * - A status behind the current one that this proposal never received is a late delivery: its
 *   history is kept, the current status stays the most advanced, the proposal is flagged
 *   `fora_de_ordem`. Nothing went wrong, so nothing is alerted.
 * - A status behind the current one that this proposal already received cannot be a late
 *   delivery: the provider is moving it back, which needs a person. `regressao`, alerted; the
 *   current status stays until a status further along arrives.
 */
async function judge(
  tx: Tx,
  regras: RegrasPropostas,
  proposta: PropostaRow,
  callback: CallbackProposta,
  recebida: SituacaoPropostaRecebida,
  conhecida: SituacaoPropostaConhecida | undefined,
): Promise<ResultadoSituacaoProposta> {
  const atual = proposta.situacao === null ? undefined : regras.situacao(proposta.situacao);
  const behind = !!conhecida && !!atual && conhecida.ordem < atual.ordem;
  const original = (
    await findOriginal(tx, { proposta_id: proposta.id, chave_dedup: callback.chave_dedup })
  ).rows[0];
  if (original) {
    const elapsed = Date.parse(callback.recebido_em) - Date.parse(original.recebida_em);
    return elapsed < regras.janelaRetentativasMs || !behind ? 'duplicada' : 'regressao';
  }
  if (!conhecida) return 'desconhecida';
  if (!atual || conhecida.ordem > atual.ordem) return 'aplicada';
  if (conhecida.ordem === atual.ordem) {
    const reason = recebida.descricaoOcorrencia ?? null;
    return reason !== proposta.descricao_ocorrencia ? 'aplicada' : 'duplicada';
  }
  return (await hasSeenSituacao(tx, proposta.id, recebida.situacao))
    ? 'regressao'
    : 'fora_de_ordem';
}

async function applyToProposta(
  ctx: Deps,
  tx: Tx,
  proposta: PropostaRow,
  recebida: SituacaoPropostaRecebida,
  conhecida: SituacaoPropostaConhecida | undefined,
  resultado: ResultadoSituacaoProposta,
): Promise<PropostaRow> {
  // The identificador is ours (codigoOperacao): the first callback naming it fills it in.
  const identificador = proposta.identificador ?? recebida.identificador ?? null;
  const next: PropostaRow =
    resultado === 'aplicada'
      ? {
          ...proposta,
          identificador,
          situacao: recebida.situacao,
          situacao_nome: conhecida!.nome,
          descricao_ocorrencia: recebida.descricaoOcorrencia ?? null,
        }
      : resultado === 'fora_de_ordem'
        ? { ...proposta, identificador, fora_de_ordem: proposta.fora_de_ordem + 1 }
        : { ...proposta, identificador };
  const changed = resultado === 'aplicada' || resultado === 'fora_de_ordem';
  if (!changed && identificador === proposta.identificador) return proposta;
  const updated = { ...next, atualizada_em: ctx.clock.now().toISOString() };
  await updateProposta(tx, updated);
  return updated;
}

async function notify(
  ctx: Deps,
  tx: Tx,
  before: PropostaRow,
  after: PropostaRow,
  recebida: SituacaoPropostaRecebida,
  conhecida: SituacaoPropostaConhecida | undefined,
  resultado: ResultadoSituacaoProposta,
): Promise<void> {
  const alerta = (tipo: string, mensagem: string) =>
    raiseAlerta(tx, ctx.clock, {
      tipo,
      mensagem,
      integracao_id: after.integracao_id,
      detalhes: {
        proposta_id: after.id,
        proposta: after.proposta,
        identificador: after.identificador,
        situacao: recebida.situacao,
        nome: conhecida?.nome ?? null,
        situacao_atual: after.situacao,
        descricaoOcorrencia: recebida.descricaoOcorrencia ?? null,
      },
    });
  const nome = `${recebida.situacao} ${conhecida?.nome ?? ''}`.trim();
  if (resultado === 'desconhecida') {
    await alerta(
      'proposta_situacao_desconhecida',
      `proposta ${after.proposta}: situacao ${recebida.situacao} fora da tabela do provedor; ` +
        'registrada sem alterar a situacao atual',
    );
  } else if (resultado === 'regressao') {
    await alerta(
      'proposta_regressao',
      `proposta ${after.proposta}: o provedor informou de novo a situacao ${nome}, anterior a ` +
        `atual (${after.situacao} ${after.situacao_nome ?? ''}); a situacao atual foi mantida`,
    );
  } else if (resultado === 'aplicada') {
    await storeEvento(tx, ctx.clock, PROPOSTA_SITUACAO_ALTERADA, {
      proposta: after.proposta,
      identificador: after.identificador,
      situacao: after.situacao,
      nome: after.situacao_nome,
      situacao_anterior: before.situacao,
      descricaoOcorrencia: after.descricao_ocorrencia,
      integracao_id: after.integracao_id,
    });
    if (conhecida?.exigeAcao) {
      await alerta(
        'proposta_exige_acao',
        `proposta ${after.proposta} em ${nome}: ` +
          `${recebida.descricaoOcorrencia ?? 'o provedor nao informou o motivo'}; ` +
          'a proposta so segue depois que o parceiro agir',
      );
    }
  }
}
