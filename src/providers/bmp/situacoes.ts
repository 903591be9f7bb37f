import type { RegrasPropostas, SituacaoPropostaConhecida } from '../contract.js';

// BMP's proposal status IDs. The table for E-Consignado is 2, 4, 5, 6, 8, 9, 10, 11; seed
// 003 omits 5 Pendente, which BMP's FGTS table defines (research B.7) and which is kept here for
// every product. The IDs carry no order of their own: 11 Pendente Pagamento comes before 9 Paga,
// since the payment is retried once the partner fixes the bank data. The lifecycle order, lowest
// first:
//
//   2 Aprovada < 5 Pendente < 6 Finalizada < 8 Liberada < 11 Pendente Pagamento
//     < 4 Cancelada < 9 Paga < 10 Cedida
//
//   2  proposal approved by credit analysis (FGTS: created, awaiting signature)
//   5  needs the partner to request the averbacao again
//   6  finalized (FGTS: averbacao requested)
//   8  released by formalization for payment
//   11 payment pending: inconsistent bank data, the partner must fix it
//   4  cancelled by credit analysis (FGTS: automatically or by the integrator): the end
//   9  paid ("Credito ou debito efetivado")
//   10 ceded to the fund: the end
//
// 5 and 11 stall until the partner acts, so reaching either raises an alert.
//
// 4 Cancelada can end a proposal at any step before payment, so it ranks right after 11 and below
// 9 Paga. A paid proposal cannot be cancelled by credit analysis: the money left, and undoing it
// is not a status BMP reports. 4 after 9 is therefore behind the current status, and a terminal
// status behind the current one contradicts it (had it come first, nothing could have followed):
// the core records it as a regression and alerts, never applies it. After 4 or 10 (terminal),
// every other status is a regression too.

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
  4: situacao('Cancelada', 6, { terminal: true }),
  9: situacao('Paga', 7),
  10: situacao('Cedida', 8, { terminal: true }),
};

export const PRODUTOS_BMP = ['e_consignado', 'fgts', 'caas'] as const;
export type ProdutoBmp = (typeof PRODUTOS_BMP)[number];

/**
 * One table per product, chosen by the integration's `produto` setting. FGTS and CaaS callbacks
 * use the same IDs and meanings as E-Consignado (research B.7), so today the three are one table;
 * a product whose table diverges gets its own entry here, and nothing else changes.
 */
export const SITUACOES_POR_PRODUTO: Readonly<
  Record<ProdutoBmp, Readonly<Record<number, SituacaoPropostaConhecida>>>
> = {
  e_consignado: SITUACOES_E_CONSIGNADO,
  fgts: SITUACOES_E_CONSIGNADO,
  caas: SITUACOES_E_CONSIGNADO,
};

const REGRAS = Object.fromEntries(
  PRODUTOS_BMP.map((produto) => {
    const tabela = SITUACOES_POR_PRODUTO[produto];
    const regras: RegrasPropostas = {
      situacao: (id) => (Object.hasOwn(tabela, id) ? tabela[id] : undefined),
    };
    return [produto, regras];
  }),
) as Record<ProdutoBmp, RegrasPropostas>;

export function regrasPropostas(produto: ProdutoBmp = 'e_consignado'): RegrasPropostas {
  return REGRAS[produto];
}
