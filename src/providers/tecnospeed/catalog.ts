import type { ProdutoConsulta, RegrasNegativacao } from '../contract.js';
import type { ProdutoConfigurado, TecnospeedSettings } from './config.js';

// Tecnospeed's tables as configuration. Only codConsulta 1 and 4 are documented by Tecnospeed;
// everything else here is the adapter's own default, replaceable per integration in its settings.

/**
 * Report products (research A.5). A codConsulta serves PF and PJ alike, while a credgate product
 * consults one document type, so each code appears twice. Codes 2 and 3 exist (the `taxas` of
 * POST /cadastro/taxa price them) but their names were not found; 600-603 appear only in one
 * community client of a "v2" API and are uncertain. An integration may replace the list.
 */
export const DEFAULT_PRODUTOS: readonly ProdutoConfigurado[] = Object.freeze([
  ...ambos('CREDNET_TOP', 'Crednet TOP', 1, true),
  ...ambos('CONSULTA_2', 'Consulta codigo 2 (nome nao documentado)', 2, false),
  ...ambos('CONSULTA_3', 'Consulta codigo 3 (nome nao documentado)', 3, false),
  ...ambos('CREDNET_LIGHT_PROTESTO', 'Crednet Light + Protesto Estadual', 4, true),
  um('RELATORIO_BASICO_PF', 'Relatorio Basico PF', 'cpf', 600),
  um('RELATORIO_BASICO_PJ', 'Relatorio Basico PJ', 'cnpj', 601),
  um('RELATORIO_AVANCADO_PF', 'Relatorio Avancado PF', 'cpf', 602),
  um('RELATORIO_AVANCADO_PJ', 'Relatorio Avancado PJ', 'cnpj', 603),
]);

function ambos(codigo: string, nome: string, cod: number, uf: boolean): ProdutoConfigurado[] {
  return [
    um(`${codigo}_PF`, `${nome} PF`, 'cpf', cod, uf),
    um(`${codigo}_PJ`, `${nome} PJ`, 'cnpj', cod, uf),
  ];
}

function um(
  codigo: string,
  nome: string,
  tipo_documento: 'cpf' | 'cnpj',
  cod_consulta: number,
  requer_uf = false,
): ProdutoConfigurado {
  return { codigo, nome, tipo_documento, cod_consulta, requer_uf };
}

/** The parameter of a ProdutoConsulta that carries Tecnospeed's product code. */
export const PARAMETRO_COD_CONSULTA = 'codConsulta';

export function produtosDe(settings: TecnospeedSettings): ProdutoConsulta[] {
  return (settings.produtos ?? DEFAULT_PRODUTOS).map((p) => ({
    codigo: p.codigo,
    nome: p.nome,
    tipo_documento: p.tipo_documento,
    opcionais: [],
    parametros: { [PARAMETRO_COD_CONSULTA]: String(p.cod_consulta) },
    requer_uf: p.requer_uf,
  }));
}

export interface Natureza {
  descricao: string;
  especie_titulo: string;
}

/**
 * Natureza (the credgate code a negativacao carries, the same two-letter codes as Serasa's PEFIN
 * since SCC Check feeds Serasa) → `especieTitulo`. Tecnospeed's especieTitulo table was not
 * found (research A.8); the defaults are the FEBRABAN title siglas (DM duplicata mercantil, DS
 * duplicata de servico, NP nota promissoria, CH cheque, ME mensalidade escolar, RC recibo,
 * CC cartao de credito, NF nota fiscal, DD documento de divida). Verify with Tecnospeed.
 */
export const NATUREZAS: Readonly<Record<string, Natureza>> = Object.freeze({
  DP: { descricao: 'DUPLICATA', especie_titulo: 'DM' },
  VM: { descricao: 'VENDA MERCAD', especie_titulo: 'DM' },
  NF: { descricao: 'NOTA FISCAL', especie_titulo: 'NF' },
  TI: { descricao: 'SERV DADOS', especie_titulo: 'DS' },
  TP: { descricao: 'SERV TELEFON', especie_titulo: 'DS' },
  CD: { descricao: 'CREDIARIO', especie_titulo: 'NP' },
  DC: { descricao: 'DIVIDAS CHEQ', especie_titulo: 'CH' },
  ME: { descricao: 'MENS ESCOLAR', especie_titulo: 'ME' },
  IE: { descricao: 'INST ENSINO', especie_titulo: 'ME' },
  AL: { descricao: 'ALUGUEL', especie_titulo: 'RC' },
  CC: { descricao: 'CONDOMINIO', especie_titulo: 'RC' },
  CT: { descricao: 'CRED CARTAO', especie_titulo: 'CC' },
  CP: { descricao: 'CRED PESSOAL', especie_titulo: 'DD' },
  FI: { descricao: 'FINANCIAMENTO', especie_titulo: 'DD' },
  TC: { descricao: 'CONFISS DIV', especie_titulo: 'DD' },
  OO: { descricao: 'OUTRAS OPER', especie_titulo: 'DD' },
});

/**
 * codMotivo of a removal. Tecnospeed's table was not found (research A.7); the defaults follow
 * Serasa's PEFIN numbering, which SCC Check most likely forwards. Sent as written here.
 */
export const MOTIVOS_BAIXA: Readonly<Record<string, string>> = Object.freeze({
  '01': 'PAGAMENTO DA DIVIDA',
  '02': 'RENEGOCIACAO DA DIVIDA',
  '03': 'POR SOLICITACAO DO CLIENTE',
  '04': 'ORDEM JUDICIAL',
  '05': 'CORRECAO DO ENDERECO',
  '09': 'CORRECAO DO NOME',
  '10': 'CORRECAO DO NUMERO DO CONTRATO',
  '11': 'CORRECAO DE VARIOS VALORES (VALOR+DATA+ETC)',
});

/**
 * Field sizes: Tecnospeed documents none, so these are the adapter's choice, Serasa PEFIN's
 * (70 for name and street+number) since SCC Check feeds Serasa, except city, whose 20 would cut
 * real municipality names: 40 here. `contrato` is sent both as nossoNumero and numDocumento.
 */
export const LIMITES: RegrasNegativacao['limites'] = {
  nome: 70,
  logradouro: 70,
  complemento: 20,
  bairro: 20,
  cidade: 40,
  contrato: 20,
};

/** Serasa refuses values under R$ 10,00; assumed to hold behind SCC Check. */
export const VALOR_MINIMO_CENTAVOS = 1000;

export function naturezasDe(settings: TecnospeedSettings): Readonly<Record<string, Natureza>> {
  return settings.naturezas ?? NATUREZAS;
}

const regrasPorSettings = new WeakMap<TecnospeedSettings, RegrasNegativacao>();

export function regrasNegativacao(settings: TecnospeedSettings): RegrasNegativacao {
  let regras = regrasPorSettings.get(settings);
  if (!regras) {
    regras = Object.freeze({
      naturezas: Object.fromEntries(
        Object.entries(naturezasDe(settings)).map(([codigo, n]) => [codigo, n.descricao]),
      ),
      motivos_baixa: { ...(settings.motivos_baixa ?? MOTIVOS_BAIXA) },
      valor_minimo_centavos: VALOR_MINIMO_CENTAVOS,
      limites: { ...LIMITES },
      motivo_pagamento: settings.motivo_pagamento,
      motivo_correcao: settings.motivo_correcao,
    });
    regrasPorSettings.set(settings, regras);
  }
  return regras;
}
