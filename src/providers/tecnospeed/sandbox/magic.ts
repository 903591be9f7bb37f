/**
 * Inputs that make the sandbox answer something other than the happy path. Everything here is the
 * sandbox's own choice: Tecnospeed documents no test mass.
 */

/** A tokenSH, login or password starting with this is refused with 401. */
export const CREDENCIAL_INVALIDA = 'invalido';

/**
 * Prefixes of `divida.nossoNumero` or `divida.numDocumento` that steer a negativacao. The value is
 * checked upper-cased, so `correcao-123` works as well as `CORRECAO-123`.
 */
export const PREFIXO_CORRECAO = 'CORRECAO';
export const PREFIXO_REJEITADA = 'REJEITADA';
export const PREFIXO_DESCONHECIDA = 'DESCONHECIDA';
/** Never leaves NEGATIVACAO_PROCESSANDO: exercises a client's patience and back-off. */
export const PREFIXO_PROCESSANDO = 'PROCESSANDO';

/** `motivo` texts in SCC Check's style (the real wording is unknown). */
export const MOTIVOS = {
  correcao: 'CEP do devedor nao confere com o logradouro informado',
  rejeicao: 'Documento do devedor com situacao cadastral irregular na Receita Federal',
} as const;

/** A status the seed's table does not list, to test tolerance of new ones. */
export const SITUACAO_DESCONHECIDA = 'NEGATIVACAO_EM_ANALISE';

/**
 * The company of the demo integration (`src/providers/tecnospeed/index.ts`), registered and active
 * from the start (and again after a reset) so the embedded demo needs no onboarding step.
 */
export const CADASTRO_DEMO = {
  cnpj: '11222333000181',
  razaoSocial: 'EMPRESA DEMONSTRACAO CREDGATE LTDA',
  login: 'demo',
  senha: 'demo-senha',
} as const;
