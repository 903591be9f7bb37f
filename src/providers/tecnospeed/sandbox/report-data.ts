import { createHash } from 'node:crypto';

/**
 * The JSON credit report of a finished consulta. Tecnospeed documents no JSON shape, so this one
 * is the sandbox's own, modelled on Serasa's Crednet blocks (what the product resells):
 *
 * ```
 * { protocolo, codConsulta, produto, dataConsulta (ISO instant), documento, tipoDocumento: CPF|CNPJ,
 *   identificacao: { nome, nomeMae?, dataNascimento?, dataFundacao?, situacaoCadastral,
 *                    endereco: { logradouro, bairro, municipio, uf, cep }, telefone },
 *   score: { pontuacao (0..1000), modelo, probabilidadeInadimplencia ("12,3" percent) } | null,
 *   pendencias: { pefin|refin: { quantidade, valorTotal, ocorrencias: [{ data, natureza, credor,
 *                   contrato, valor, municipio, uf }] },
 *                 protestos: { quantidade, valorTotal, ocorrencias: [{ data, valor, cartorio,
 *                   municipio, uf }] },
 *                 cheques: { quantidade, valorTotal, ocorrencias: [{ data, banco, agencia,
 *                   numeroCheque, alinea, quantidade, valor }] } },
 *   consultasAnteriores: { quantidade, itens: [{ data, segmento, quantidade }] },
 *   mensagens: string[] }
 * ```
 *
 * Money is reais with two decimals, dates yyyy-mm-dd. Everything but `protocolo` and
 * `dataConsulta` is drawn from the document's digits, so a document always gets the same report.
 * `score` is null for codConsulta 4 ("Light"); protests are in the requested `uf` when there is one.
 */
export interface RelatorioSandbox {
  protocolo: string;
  codConsulta: number;
  produto: string;
  dataConsulta: string;
  documento: string;
  tipoDocumento: 'CPF' | 'CNPJ';
  identificacao: IdentificacaoSandbox;
  score: { pontuacao: number; modelo: string; probabilidadeInadimplencia: string } | null;
  pendencias: Record<'pefin' | 'refin' | 'protestos' | 'cheques', Bloco>;
  consultasAnteriores: {
    quantidade: number;
    itens: Array<{ data: string; segmento: string; quantidade: number }>;
  };
  mensagens: string[];
}

export interface IdentificacaoSandbox {
  nome: string;
  nomeMae?: string;
  dataNascimento?: string;
  dataFundacao?: string;
  situacaoCadastral: string;
  endereco: Record<'logradouro' | 'bairro' | 'municipio' | 'uf' | 'cep', string>;
  telefone: string;
}

export interface Bloco {
  quantidade: number;
  valorTotal: number;
  ocorrencias: Array<Record<string, string | number>>;
}

export interface PedidoRelatorio {
  protocolo: string;
  codConsulta: number;
  produto: string;
  documento: string;
  uf: string | null;
  dataConsulta: string;
}

type Draw = () => number;

/** A stream of numbers in [0, 1) from SHA-256 blocks of the seed. */
function sorteio(seed: string): Draw {
  let bloco = Buffer.alloc(0);
  let pos = 0;
  let n = 0;
  return () => {
    if (pos + 4 > bloco.length) {
      bloco = createHash('sha256').update(`${seed}#${n++}`).digest();
      pos = 0;
    }
    const value = bloco.readUInt32BE(pos) / 2 ** 32;
    pos += 4;
    return value;
  };
}

const escolher = <T>(draw: Draw, items: readonly T[]): T =>
  items[Math.floor(draw() * items.length)];
const entre = (draw: Draw, min: number, max: number) => min + Math.floor(draw() * (max - min + 1));
const reais = (draw: Draw, min: number, max: number) => entre(draw, min * 100, max * 100) / 100;
const dataEntre = (draw: Draw, ano0: number, ano1: number) =>
  `${entre(draw, ano0, ano1)}-${String(entre(draw, 1, 12)).padStart(2, '0')}-${String(entre(draw, 1, 28)).padStart(2, '0')}`;

const NOMES = ['ANA', 'BRUNO', 'CARLA', 'DIEGO', 'ELISA', 'FABIO', 'GABRIELA', 'HUGO', 'IRENE'];
const SOBRENOMES = ['ARAUJO', 'BATISTA', 'CAMPOS', 'DIAS', 'FREITAS', 'MOREIRA', 'NUNES', 'ROCHA'];
const RAMOS = ['COMERCIO DE ALIMENTOS', 'TRANSPORTES', 'SERVICOS MEDICOS', 'CONSTRUTORA'];
/** Municipio, UF, CEP of its centre, DDD. */
const CIDADES: Array<[string, string, string, string]> = [
  ['MARINGA', 'PR', '87013000', '44'],
  ['CURITIBA', 'PR', '80020000', '41'],
  ['SAO PAULO', 'SP', '01002000', '11'],
  ['BELO HORIZONTE', 'MG', '30130000', '31'],
  ['RECIFE', 'PE', '50010000', '81'],
  ['FLORIANOPOLIS', 'SC', '88010000', '48'],
];
const CREDORES: Array<[string, string]> = [
  ['CARTAO DE CREDITO', 'BANCO EXEMPLO SA'],
  ['CREDIARIO', 'LOJAS MODELO LTDA'],
  ['FINANCIAMENTO', 'FINANCEIRA TESTE SA'],
  ['TELEFONIA', 'OPERADORA FICTICIA SA'],
  ['DUPLICATA', 'DISTRIBUIDORA EXEMPLO LTDA'],
];
const SEGMENTOS = ['BANCOS', 'VAREJO', 'FINANCEIRAS', 'TELECOM', 'INDUSTRIA'];

function bloco(ocorrencias: Bloco['ocorrencias']): Bloco {
  const total = ocorrencias.reduce((soma, o) => soma + Number(o.valor) * 100, 0);
  return { quantidade: ocorrencias.length, valorTotal: Math.round(total) / 100, ocorrencias };
}

function anotacoes(draw: Draw, cidade: [string, string, string, string], max: number) {
  return Array.from({ length: entre(draw, 0, max) }, () => {
    const [natureza, credor] = escolher(draw, CREDORES);
    return {
      data: dataEntre(draw, 2022, 2025),
      natureza,
      credor,
      contrato: `CT${entre(draw, 100000, 999999)}`,
      valor: reais(draw, 50, 8000),
      municipio: cidade[0],
      uf: cidade[1],
    };
  });
}

function identificacao(
  draw: Draw,
  pj: boolean,
  cidade: [string, string, string, string],
): IdentificacaoSandbox {
  const nome = `${escolher(draw, NOMES)} ${escolher(draw, SOBRENOMES)} ${escolher(draw, SOBRENOMES)}`;
  const endereco = {
    logradouro: `RUA ${escolher(draw, SOBRENOMES)}, ${entre(draw, 10, 2500)}`,
    bairro: 'CENTRO',
    municipio: cidade[0],
    uf: cidade[1],
    cep: cidade[2],
  };
  const telefone = `(${cidade[3]}) ${entre(draw, 3000, 3999)}-${entre(draw, 1000, 9999)}`;
  if (pj) {
    const razao = `${escolher(draw, SOBRENOMES)} ${escolher(draw, RAMOS)} LTDA`;
    const dataFundacao = dataEntre(draw, 1990, 2020);
    return { nome: razao, dataFundacao, situacaoCadastral: 'ATIVA', endereco, telefone };
  }
  const nomeMae = `${escolher(draw, NOMES)} ${escolher(draw, SOBRENOMES)}`;
  const dataNascimento = dataEntre(draw, 1955, 2003);
  return { nome, nomeMae, dataNascimento, situacaoCadastral: 'REGULAR', endereco, telefone };
}

export function gerarRelatorio(pedido: PedidoRelatorio): RelatorioSandbox {
  const draw = sorteio(pedido.documento);
  const pj = pedido.documento.length === 14;
  const cidade = escolher(draw, CIDADES);
  const ufProtesto = pedido.uf ?? cidade[1];
  const pontuacao = entre(draw, 0, 1000);
  const probabilidade = (Math.max(1, 1000 - pontuacao) / 20).toFixed(1).replace('.', ',');
  return {
    protocolo: pedido.protocolo,
    codConsulta: pedido.codConsulta,
    produto: pedido.produto,
    dataConsulta: pedido.dataConsulta,
    documento: pedido.documento,
    tipoDocumento: pj ? 'CNPJ' : 'CPF',
    identificacao: identificacao(draw, pj, cidade),
    score:
      pedido.codConsulta === 4
        ? null
        : { pontuacao, modelo: pj ? 'HPJ4' : 'HSPN', probabilidadeInadimplencia: probabilidade },
    pendencias: {
      pefin: bloco(anotacoes(draw, cidade, 3)),
      refin: bloco(anotacoes(draw, cidade, 2)),
      protestos: bloco(
        Array.from({ length: entre(draw, 0, 2) }, () => ({
          data: dataEntre(draw, 2021, 2025),
          valor: reais(draw, 100, 20000),
          cartorio: `${entre(draw, 1, 9)}o TABELIONATO DE PROTESTO`,
          municipio: ufProtesto === cidade[1] ? cidade[0] : 'CAPITAL',
          uf: ufProtesto,
        })),
      ),
      cheques: bloco(
        Array.from({ length: entre(draw, 0, 1) }, () => ({
          data: dataEntre(draw, 2022, 2025),
          banco: '341',
          agencia: String(entre(draw, 1000, 9999)),
          numeroCheque: String(entre(draw, 100000, 999999)),
          alinea: escolher(draw, ['11', '12', '13']),
          quantidade: 1,
          valor: reais(draw, 50, 5000),
        })),
      ),
    },
    consultasAnteriores: consultasAnteriores(draw),
    mensagens: [],
  };
}

function consultasAnteriores(draw: Draw) {
  const itens = Array.from({ length: entre(draw, 0, 4) }, () => ({
    data: dataEntre(draw, 2025, 2025),
    segmento: escolher(draw, SEGMENTOS),
    quantidade: entre(draw, 1, 3),
  }));
  return { quantidade: itens.reduce((soma, item) => soma + item.quantidade, 0), itens };
}
