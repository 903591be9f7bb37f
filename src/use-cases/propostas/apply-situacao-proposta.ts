import type { AppContext } from '../../app-context.js';
import { newId } from '../../domain/ids.js';
import type { Tx } from '../../infra/db/connect-database.js';
import type { ResultadoSituacaoProposta } from '../../infra/db/schema.js';
import type {
  RegrasPropostas,
  SituacaoPropostaConhecida,
  SituacaoPropostaRecebida,
} from '../../providers/contract.js';
import { raiseAlerta } from '../alertas/raise-alerta.js';
import {
  findOriginal,
  hasSeenSituacao,
  insertSituacao,
  lockProposta,
  updateProposta,
  type PropostaRow,
} from './proposta-store.js';
import { storeEvento } from '../eventos/store-evento.js';
import { PROPOSTA_SITUACAO_ALTERADA } from '../eventos/tipos-evento.js';

/** Kept here too: the BMP benchmark counts these events by it. */
export { PROPOSTA_SITUACAO_ALTERADA } from '../eventos/tipos-evento.js';

type Deps = Pick<AppContext, 'clock'>;

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
const SEM_TABELA: RegrasPropostas = { situacao: () => undefined };

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
  const atual = proposta.situacao === null ? undefined : tabela.situacao(proposta.situacao);
  const julgada = { recebida, conhecida, atual };
  const resultado = await judge(tx, proposta, callback, julgada);
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
  const updated = await applyToProposta(ctx, tx, proposta, julgada, resultado);
  await notify(ctx, tx, proposta, updated, julgada, resultado);
  return { resultado, proposta_id: proposta.id };
}

/** A callback's status and the proposal's current one, as the provider's table knows them. */
interface Julgada {
  recebida: SituacaoPropostaRecebida;
  conhecida: SituacaoPropostaConhecida | undefined;
  /** Undefined while the proposal has no known status. */
  atual: SituacaoPropostaConhecida | undefined;
}

/**
 * What a callback does to its proposal. Out-of-order and repeated deliveries are normal (BMP
 * retries up to 3 times, at intervals it does not publish, and nothing orders its callbacks), so,
 * in this order:
 *
 * - An unknown status ID is kept as `desconhecida` and alerted, never refused: the table may be
 *   out of date, and refusing would only make BMP retry. The current status stays. The same
 *   callback again is `duplicada`.
 * - The first known status of a proposal moves it: `aplicada`.
 * - The current status again is BMP's retry, or tells nothing new: `duplicada`, silent, applied
 *   once. It is a new occurrence of that status (`aplicada`: an event, and for 11 the alert
 *   again) only when it carries a descricaoOcorrencia that is not the current one (11: the
 *   payment failed again, for another reason) and is not a copy of a callback already acted on.
 * - After a terminal status (4 Cancelada, 10 Cedida) the provider has nothing left to report:
 *   any other status is `regressao`, recorded and alerted, never applied.
 * - A status further along the lifecycle moves the proposal: `aplicada`.
 * - A terminal status behind the current one contradicts it (had it come first, nothing could
 *   have followed; e.g. 4 Cancelada after 9 Paga): `regressao`.
 * - A status behind the current one that this proposal already received is `regressao`, however
 *   long ago: whether the provider moves the proposal back or repeats a step it left behind, a
 *   person must look. The current status stays until a status further along arrives.
 * - A status behind the current one never received before is a late delivery: its history is
 *   kept, the current status stays the most advanced, the proposal is flagged `fora_de_ordem`.
 *   Nothing went wrong, so nothing is alerted.
 *
 * So an exact repeat (same dedup key) of the current status is `duplicada` within BMP's retry
 * window and after it alike, and a repeat of a status behind the current one is `regressao`
 * whatever the window: no time window decides anything, and none is kept. One consequence: the
 * copy of an earlier occurrence whose reason the current one replaced (11 "A", 11 "B", then 11
 * "A" again) is `duplicada` too, since a key acts once (below).
 *
 * Two workers racing on two copies of a callback meet on the proposal's row lock, so the second
 * sees the first's row and records `duplicada` (or `regressao`). Should the lock ever fail, the
 * unique index on (proposta_id, chave_dedup) over every result but those two lets only one of
 * them record the callback as acting (`aplicada`, `fora_de_ordem`, `desconhecida`).
 */
async function judge(
  tx: Tx,
  proposta: PropostaRow,
  callback: CallbackProposta,
  { recebida, conhecida, atual }: Julgada,
): Promise<ResultadoSituacaoProposta> {
  const copy =
    (await findOriginal(tx, { proposta_id: proposta.id, chave_dedup: callback.chave_dedup })).rows
      .length > 0;
  if (!conhecida) return copy ? 'duplicada' : 'desconhecida';
  if (!atual) return copy ? 'duplicada' : 'aplicada';
  if (recebida.situacao === proposta.situacao) return isNewOccurrence() ? 'aplicada' : 'duplicada';
  if (atual.terminal) return 'regressao';
  if (conhecida.ordem > atual.ordem) return copy ? 'duplicada' : 'aplicada';
  if (conhecida.terminal) return 'regressao';
  return copy || (await hasSeenSituacao(tx, proposta.id, recebida.situacao))
    ? 'regressao'
    : 'fora_de_ordem';

  function isNewOccurrence(): boolean {
    const reason = recebida.descricaoOcorrencia ?? null;
    return !copy && reason !== null && reason !== proposta.descricao_ocorrencia;
  }
}

async function applyToProposta(
  ctx: Deps,
  tx: Tx,
  proposta: PropostaRow,
  { recebida, conhecida }: Julgada,
  resultado: ResultadoSituacaoProposta,
): Promise<PropostaRow> {
  // The identificador is ours (codigoOperacao): the first callback naming it fills it in; one
  // naming another is alerted (notify), never taken.
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

/** Alerts an operator must see, and the host-facing event of an applied change. */
async function notify(
  ctx: Deps,
  tx: Tx,
  before: PropostaRow,
  after: PropostaRow,
  { recebida, conhecida, atual }: Julgada,
  resultado: ResultadoSituacaoProposta,
): Promise<void> {
  const alerta = (tipo: string, mensagem: string, extra: Record<string, unknown> = {}) =>
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
        ...extra,
      },
    });
  const nome = `${recebida.situacao} ${conhecida?.nome ?? ''}`.trim();
  const divergente = recebida.identificador ?? before.identificador;
  if (before.identificador !== null && divergente !== before.identificador) {
    await alerta(
      'proposta_identificador_divergente',
      `proposta ${after.proposta}: o callback informou o identificador ${divergente}, mas a ` +
        `proposta tem ${before.identificador}; o identificador registrado foi mantido`,
      { identificador_recebido: divergente },
    );
  }
  if (resultado === 'desconhecida') {
    await alerta(
      'proposta_situacao_desconhecida',
      `proposta ${after.proposta}: situacao ${recebida.situacao} fora da tabela do provedor; ` +
        'registrada sem alterar a situacao atual',
    );
  } else if (resultado === 'regressao') {
    await alerta(
      'proposta_regressao',
      `proposta ${after.proposta}: o provedor informou a situacao ${nome} ` +
        `${whyRegressao({ recebida, conhecida, atual }, after)}; a situacao atual foi mantida`,
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

/** Why a status was not applied, in the words of the regression rules (see judge). */
function whyRegressao({ conhecida, atual }: Julgada, proposta: PropostaRow): string {
  const nomeAtual = `${proposta.situacao} ${proposta.situacao_nome ?? ''}`.trim();
  if (atual?.terminal) return `depois de ${nomeAtual}, que encerra a proposta`;
  if (conhecida?.terminal) return `(que encerra a proposta) depois de ${nomeAtual}, posterior`;
  return `de novo, anterior a atual (${nomeAtual})`;
}
