import type { ProdutoConsulta } from '../contract.js';
import type { SerasaBureauSettings } from './config.js';

type Produto = NonNullable<SerasaBureauSettings['produtos']>[number];

/** Every P006 option (seed 002 `<entrada>`): detail of each section of the Credit Bureau. */
const P006_COMPLETO = {
  FL_HABILITA_P006: 1,
  P006_RES_SINT: 'S',
  P006_CONSULTAS: 'S',
  P006_PARTICIPA: 'S',
  P006_RES_NEGATIV: 'S',
  P006_PENDENCIAS: 'S',
  P006_DIVIDA_VENC: 'S',
  P006_ACHEI_CCF: 'S',
  P006_RECHEQUE: 'S',
  P006_PROTESTO: 'S',
  P006_ACAO_JUDIC: 'S',
  P006_FALENCIA: 'S',
};

/**
 * Default products: the Credit Bureau string with all P006 sections, with only the synthetic
 * registration and summaries, and for a company. An integration may replace the list (`produtos`).
 */
export const DEFAULT_PRODUTOS: readonly Produto[] = Object.freeze([
  {
    codigo: 'CREDIT_BUREAU_PF',
    nome: 'Credit Bureau PF (B49C) completo',
    tipo_documento: 'cpf',
    entrada: { B49C_TIPO_PESSOA: 'F', ...P006_COMPLETO },
  },
  {
    codigo: 'CREDIT_BUREAU_PF_RESUMO',
    nome: 'Credit Bureau PF (B49C) cadastro sintetico e resumos',
    tipo_documento: 'cpf',
    entrada: {
      B49C_TIPO_PESSOA: 'F',
      ...Object.fromEntries(Object.keys(P006_COMPLETO).map((key) => [key, 'N'])),
      FL_HABILITA_P006: 1,
      P006_RES_SINT: 'S',
      P006_RES_NEGATIV: 'S',
    },
  },
  {
    codigo: 'CREDIT_BUREAU_PJ',
    nome: 'Credit Bureau PJ (B49C)',
    tipo_documento: 'cnpj',
    entrada: { B49C_TIPO_PESSOA: 'J' },
  },
]);

export function produtosDe(settings: SerasaBureauSettings): ProdutoConsulta[] {
  return (settings.produtos ?? DEFAULT_PRODUTOS).map((p) => ({
    codigo: p.codigo,
    nome: p.nome,
    tipo_documento: p.tipo_documento,
    opcionais: [],
    // Input map values as text: the encoder converts each by its entrada.xml type.
    parametros: Object.fromEntries(Object.entries(p.entrada).map(([k, v]) => [k, String(v)])),
    requer_uf: false,
  }));
}
