import type { RegrasPropostas, SituacaoPropostaConhecida } from '../contract.js';

// BMP's proposal status IDs (seed 003 for E-Consignado; research B.7 for the FGTS table, which
// adds 5 Pendente and defines each step). The IDs carry no order of their own: 11 Pendente
// Pagamento comes before 9 Paga, since the payment is retried once the partner fixes the bank
// data. The lifecycle order, lowest first:
//
//   2 Aprovada < 5 Pendente < 6 Finalizada < 8 Liberada < 11 Pendente Pagamento < 9 Paga < 10 Cedida
//
//   2  proposal approved by credit analysis (FGTS: created, awaiting signature)
//   5  needs the partner to request the averbacao again (FGTS; not in the E-Consignado table)
//   6  finalized (FGTS: averbacao requested)
//   8  released by formalization for payment
//   11 payment pending: inconsistent bank data, the partner must fix it
//   9  paid ("Credito ou debito efetivado")
//   10 ceded to the fund: the end of the lifecycle
//
// 5 and 11 stall until the partner acts, so reaching either raises an alert.
// 4 Cancelada can come at any step and nothing follows it, so it ranks above every other status:
// a status arriving after it is a late delivery or a regression, never a move.

const CANCELADA_ORDEM = 100;

const situacao = (
  nome: string,
  ordem: number,
  { terminal = false, exigeAcao = false } = {},
): SituacaoPropostaConhecida => ({ nome, ordem, terminal, exigeAcao });

export const SITUACOES_E_CONSIGNADO: Readonly<Record<number, SituacaoPropostaConhecida>> = {
  2: situacao('Aprovada', 1),
  5: situacao('Pendente', 2, { exigeAcao: true }),
  6: situacao('Finalizada', 3),
  8: situacao('Liberada', 4),
  11: situacao('Pendente Pagamento', 5, { exigeAcao: true }),
  9: situacao('Paga', 6),
  10: situacao('Cedida', 7, { terminal: true }),
  4: situacao('Cancelada', CANCELADA_ORDEM, { terminal: true }),
};

export type ProdutoBmp = 'e_consignado' | 'fgts' | 'caas';

/** FGTS and CaaS callbacks use the same IDs as E-Consignado (research B.7). */
export const SITUACOES_POR_PRODUTO: Readonly<
  Record<ProdutoBmp, Readonly<Record<number, SituacaoPropostaConhecida>>>
> = {
  e_consignado: SITUACOES_E_CONSIGNADO,
  fgts: SITUACOES_E_CONSIGNADO,
  caas: SITUACOES_E_CONSIGNADO,
};

/**
 * BMP retries a callback up to 3 times, at intervals it does not document (research B.7). A day
 * covers any plausible schedule; the same callback seen again later is a new notification.
 */
export const JANELA_RETENTATIVAS_MS = 24 * 60 * 60 * 1000;

export function regrasPropostas(produto: ProdutoBmp = 'e_consignado'): RegrasPropostas {
  const tabela = SITUACOES_POR_PRODUTO[produto];
  return {
    situacao: (id) => (Object.hasOwn(tabela, id) ? tabela[id] : undefined),
    janelaRetentativasMs: JANELA_RETENTATIVAS_MS,
  };
}
