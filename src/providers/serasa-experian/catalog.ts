import type { ProdutoConsulta, RegrasNegativacao } from '../contract.js';
import type { SerasaExperianSettings } from './config.js';

/**
 * Report products known from Serasa's onboarding pages and integrators (research §2.4). Serasa
 * has no endpoint listing what a client contracted, so this is a catalogue, not a truth: an
 * integration may replace it (`produtos`), and "sincronizar produtos" probes each entry.
 */
export const DEFAULT_PRODUTOS: readonly ProdutoConsulta[] = Object.freeze([
  produto('cpf', 'RELATORIO_BASICO_PF_PME', 'Relatorio basico pessoa fisica (PME)'),
  produto(
    'cpf',
    'RELATORIO_INTERMEDIARIO_TOP_SCORE_PF',
    'Relatorio intermediario pessoa fisica com score',
  ),
  // The score model is chosen through reportParameters; HRLD is the PF model integrators use.
  produto(
    'cpf',
    'RELATORIO_AVANCADO_TOP_SCORE_PF_PME',
    'Relatorio avancado pessoa fisica com score (PME)',
    { SCORE: 'HRLD' },
  ),
  produto('cnpj', 'RELATORIO_BASICO_PJ_PME', 'Relatorio basico pessoa juridica (PME)'),
  produto('cnpj', 'RELATORIO_INTERMEDIARIO_PJ', 'Relatorio intermediario pessoa juridica'),
  produto('cnpj', 'RELATORIO_AVANCADO_PJ', 'Relatorio avancado pessoa juridica'),
]);

function produto(
  tipo_documento: 'cpf' | 'cnpj',
  codigo: string,
  nome: string,
  parametros: Record<string, string> = {},
): ProdutoConsulta {
  return { codigo, nome, tipo_documento, opcionais: [], parametros, requer_uf: false };
}

/** The integration's catalogue: its own list when configured, the default one otherwise. */
export function produtosDe(settings: SerasaExperianSettings): ProdutoConsulta[] {
  // Copies, so a caller mutating a product cannot change the shared default catalogue.
  return (settings.produtos ?? DEFAULT_PRODUTOS).map((p) => ({
    ...p,
    opcionais: [...p.opcionais],
    parametros: { ...p.parametros },
  }));
}

/** Natureza da divida (`categoryId`), PEFIN V8 table. */
export const NATUREZAS: Readonly<Record<string, string>> = Object.freeze({
  AD: 'ADIANT CONTA',
  AG: 'EMPRESTIMO',
  AL: 'ALUGUEL',
  AR: 'LEASING',
  C1: 'CONS IMOVEIS',
  C2: 'CONS VEI PES',
  C3: 'CONS VEICULO',
  C4: 'CONS MOTOS',
  C5: 'CONS BENS',
  C6: 'CONS AEREO',
  CA: 'OPER CAMBIO',
  CB: 'CDC BENS',
  CC: 'CONDOMINIO',
  CD: 'CREDIARIO',
  CL: 'CDC V LEV',
  CM: 'CDC MOTOS',
  CO: 'CONSORCIO CONTEMPLADO',
  CP: 'CRED PESSOAL',
  CR: 'IMPEDIDO BC',
  CT: 'CRED CARTAO',
  CV: 'CDC V PES',
  DA: 'DIVIDA ATIVA',
  DC: 'DIVIDAS CHEQ',
  DE: 'CHEQUE ELET',
  DP: 'DUPLICATA',
  EC: 'EMPRES CONTA',
  EE: 'ENERGIA ELET',
  EG: 'EMPR CONSIG',
  FG: 'FAT GAS',
  FI: 'FINANCIAMENTO',
  HO: 'HOSPITAIS',
  IE: 'INST ENSINO',
  IM: 'OPER IMOBILI',
  LL: 'LEAS VEICULO',
  LM: 'LEAS MOTOS',
  LV: 'LEAS VEI PES',
  ME: 'MENS ESCOLAR',
  NF: 'NOTA FISCAL',
  OA: 'OPER AGRIC',
  OJ: 'OPER AJUIZAD',
  OO: 'OUTRAS OPER',
  RE: 'REPASSES',
  RR: 'ARRECADADOR',
  SB: 'FAT AGUA',
  SF: 'SEGURO FIANCA LOCATICIA',
  SG: 'SEGURO GARANTIA',
  SQ: 'SEG QUEBRA',
  SR: 'SEGURO RISCO DECORRIDO',
  SS: 'SEGURO SAUDE',
  TC: 'CONFISS DIV',
  TD: 'TIT DESCONTA',
  TE: 'TELEF MO',
  TF: 'TELEF FX',
  TI: 'SERV DADOS',
  TM: 'TELEF MOVEL',
  TP: 'SERV TELEFON',
  TR: 'RENEG DIVIDA',
  TT: 'TELEF FIXA',
  VM: 'VENDA MERCAD',
});

/** Motivos de baixa (`reason`), PEFIN V8 table; sent as the integer (`01` → `1`). */
export const MOTIVOS_BAIXA: Readonly<Record<string, string>> = Object.freeze({
  '01': 'PAGAMENTO DA DIVIDA',
  '02': 'RENEGOCIACAO DA DIVIDA',
  '03': 'POR SOLICITACAO DO CLIENTE',
  '04': 'ORDEM JUDICIAL',
  '05': 'CORRECAO DO ENDERECO',
  '06': 'ATUALIZACAO DO VALOR - VALORIZACAO',
  '07': 'ATUALIZACAO DO VALOR - PAGAMENTO PARCIAL',
  '08': 'ATUALIZACAO DA DATA',
  '09': 'CORRECAO DO NOME',
  '10': 'CORRECAO DO NUMERO DO CONTRATO',
  '11': 'CORRECAO DE VARIOS VALORES (VALOR+DATA+ETC)',
  '12': 'BAIXA POR PERDA DE CONTROLE DA BASE',
  '13': 'MOTIVO NAO IDENTIFICADO',
  '14': 'PONTUALIZACAO DA DIVIDA',
  '15': 'BAIXA POR CONCESSAO DE CREDITO',
  '16': 'INCORPORACAO/MUDANCA DE TITULARIDADE',
  '17': 'COMUNICADO DEVOLVIDO DO CORREIO',
  '18': 'CORRECAO DE DADOS DO COOBRIGADO/AVALISTA',
  '19': 'RENEGOCIACAO DA DIVIDA POR ACORDO',
  '20': 'PAGAMENTO DA DIVIDA POR DEPOSITO BANCARIO',
  '21': 'ANALISE DE DOCUMENTOS',
  '22': 'CORRECAO DE DADOS PELA LOJA/FILIAL',
  '23': 'PGTO DA DIVIDA POR EMISSAO DE NOTA PROMISSORIA',
  '24': 'ANALISE DE DOCUMENTO PELO SEGURO',
  '25': 'DEVOLUCAO OU TROCA DE BEM FINANCIADO',
  '40': 'FRAUDE',
  '41': 'CALAMIDADE PUBLICA',
  '42': 'BAIXA COMPULSORIA',
  '43': 'BAIXA POR NEGOCIACAO',
  '44': 'FALECIMENTO',
  '45': 'CONTESTACAO',
});

/** Field sizes of the PEFIN V8 glossary (research §3.4); `logradouro` holds street and number. */
export const LIMITES: RegrasNegativacao['limites'] = {
  nome: 70,
  logradouro: 70,
  complemento: 20,
  bairro: 20,
  cidade: 20,
  contrato: 20,
};

/** PEFIN refuses values under R$ 10,00. */
export const VALOR_MINIMO_CENTAVOS = 1000;
/** 01 PAGAMENTO DA DIVIDA: the removal Sumula 548 requires after payment. */
export const MOTIVO_PAGAMENTO = '01';
/**
 * 11 CORRECAO DE VARIOS VALORES: PEFIN has no edit, so a correction is a removal with this
 * motivo followed by a new inclusion; 11 covers any combination of changed fields.
 */
export const MOTIVO_CORRECAO = '11';

// Asked for on every negativacao and transmission: built once per settings object.
const regrasPorSettings = new WeakMap<SerasaExperianSettings, RegrasNegativacao>();

export function regrasNegativacao(settings: SerasaExperianSettings): RegrasNegativacao {
  let regras = regrasPorSettings.get(settings);
  if (!regras) {
    regras = Object.freeze({
      naturezas: { ...(settings.naturezas ?? NATUREZAS) },
      motivos_baixa: { ...(settings.motivos_baixa ?? MOTIVOS_BAIXA) },
      valor_minimo_centavos: VALOR_MINIMO_CENTAVOS,
      limites: { ...LIMITES },
      motivo_pagamento: MOTIVO_PAGAMENTO,
      motivo_correcao: MOTIVO_CORRECAO,
    });
    regrasPorSettings.set(settings, regras);
  }
  return regras;
}
