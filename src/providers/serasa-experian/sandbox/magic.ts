/**
 * Inputs that make the sandbox answer something other than success. All documents are valid
 * (check digits included), so a client that validates before calling still reaches the sandbox.
 */

/** PF and PJ documents Serasa "does not know": 404 DOCUMENT_NOT_FOUND. */
export const NAO_ENCONTRADO_CPF = '11144477735';
export const NAO_ENCONTRADO_CNPJ = '11222333000181';

/** A CPF whose queries always hit Serasa's rate limit (UAT's SpikeArrest): 429. */
export const LIMITE_EXCEDIDO_CPF = '52998224725';

/** reportName refused as not contracted (412 USER-NOT-AUTHORIZED); more via `PUT /__sandbox/config`. */
export const PRODUTO_NAO_CONTRATADO = 'PRODUTO_NAO_CONTRATADO';

/**
 * optionalFeatures refused with 412 INVALID-REQUEST: an invented name, plus the three features
 * UAT answered 412 for in sarfaty's sweep of RELATORIO_AVANCADO_PJ (research §2.5).
 */
export const FEATURES_INVALIDAS = [
  'FEATURE_INEXISTENTE',
  'RECOMENDACAO_LIMITE_CREDITO',
  'SCORE_CUSTOMIZADO',
  'FATURAMENTO_RECEBIVEIS',
];

/** A creditor outside the PEFIN convenio: synchronous 400 RNXPIA 999. */
export const CREDOR_NAO_PARTICIPANTE = '11444777000161';

/** The login secret prefix that makes the IAM answer 401. */
export const SEGREDO_INVALIDO = 'invalida';

/** contractNumber prefixes. */
export const CONTRATO_REJEITADO = 'REJ';
export const CONTRATO_BAIXA_COM_ERRO = 'BXERR';
export const CONTRATO_DUPLICADO = 'DUP';
/** How many times each webhook of a `DUP…` contract is delivered. */
export const COPIAS_DUPLICADO = 5;

/**
 * Serasa's PEFIN homologation test mass (PEFIN V8, research §3.8): the only documents UAT lets
 * you negativar (`massa_teste_estrita`), with the names Serasa registered for them.
 */
export const MASSA_TESTE: Record<string, string> = {
  '00001209523': 'CLIENTE TESTE ABCB',
  '00008441448': 'BJRNRNSD OIOIE',
  '07420565899': 'TESTE CPF SEM POSITIVO',
  '04236798484': 'NCUH KLCOHKKHH ECAJAE NCGMLU',
  '43557445000180': 'ESFERA ARENA E NEGOCIOS SPE LTDA',
  '00079854000105': 'U F NXALWPULN ZK EWCQIXG',
  '16881670052': 'TST PEFIN',
  '11572467886': 'TST FLEX',
};

/** The CNPJ Serasa gives integrators for credit-report homologation (research §2.8). */
export const CNPJ_HOMOLOGACAO_RELATORIOS = '50638274000189';
