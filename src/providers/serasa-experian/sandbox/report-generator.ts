import { createHash } from 'node:crypto';
import { reais, type Anotacao, type Endereco, type Perfil } from './report-profile.js';

/**
 * A report for any valid document without a fixed one. Every value is drawn from a stream of
 * SHA-256 blocks of the document, so the same document always gives the same report (tests
 * and benchmarks can compare answers), and different documents look different.
 */

type Draw = () => number;

function drawsFor(document: string): Draw {
  let block = Buffer.alloc(0);
  let offset = 0;
  let counter = 0;
  return () => {
    if (offset + 4 > block.length) {
      block = createHash('sha256').update(`${document}:${counter++}`).digest();
      offset = 0;
    }
    const value = block.readUInt32BE(offset) / 2 ** 32;
    offset += 4;
    return value;
  };
}

const pick = <T>(draw: Draw, items: readonly T[]): T => items[Math.floor(draw() * items.length)];
const between = (draw: Draw, min: number, max: number) =>
  min + Math.floor(draw() * (max - min + 1));

const HOMENS = ['JOSE', 'JOAO', 'ANTONIO', 'FRANCISCO', 'CARLOS', 'PAULO', 'PEDRO', 'LUCAS'];
const MULHERES = ['MARIA', 'ANA', 'FRANCISCA', 'ANTONIA', 'ADRIANA', 'JULIANA', 'MARCIA', 'ALINE'];
const SOBRENOMES = [
  'SILVA',
  'SANTOS',
  'OLIVEIRA',
  'SOUZA',
  'RODRIGUES',
  'FERREIRA',
  'ALVES',
  'PEREIRA',
  'LIMA',
  'GOMES',
  'COSTA',
  'RIBEIRO',
  'MARTINS',
  'CARVALHO',
  'ALMEIDA',
  'LOPES',
  'SOARES',
  'BARBOSA',
];
const RUAS = [
  'RUA DAS FLORES',
  'AVENIDA BRASIL',
  'RUA SETE DE SETEMBRO',
  'RUA TIRADENTES',
  'AVENIDA GETULIO VARGAS',
];
/** City, UF, a real CEP of its centre, district, area code. */
const CIDADES: Array<[string, string, string, string, number]> = [
  ['SAO PAULO', 'SP', '01002000', 'CENTRO', 11],
  ['CAMPINAS', 'SP', '13015001', 'CENTRO', 19],
  ['RIO DE JANEIRO', 'RJ', '20010000', 'CENTRO', 21],
  ['BELO HORIZONTE', 'MG', '30110001', 'FUNCIONARIOS', 31],
  ['CURITIBA', 'PR', '80010010', 'CENTRO', 41],
  ['PORTO ALEGRE', 'RS', '90010150', 'CENTRO HISTORICO', 51],
  ['SALVADOR', 'BA', '40020000', 'COMERCIO', 71],
  ['FORTALEZA', 'CE', '60060000', 'CENTRO', 85],
  ['GOIANIA', 'GO', '74003010', 'SETOR CENTRAL', 62],
];
const CREDORES: Array<[string, string]> = [
  ['TI', 'NETLINK PROVEDOR DE INTERNET LTDA'],
  ['TP', 'TELEFONIA NACIONAL SA'],
  ['CD', 'LOJAS PAULISTANAS SA'],
  ['CT', 'CARTOES NORDESTE SA'],
  ['EE', 'CIA ENERGETICA TESTE SA'],
  ['DP', 'DISTRIBUIDORA SUL LTDA'],
];
const NATUREZAS: Record<string, string> = {
  TI: 'SERV DADOS',
  TP: 'SERV TELEFON',
  CD: 'CREDIARIO',
  CT: 'CRED CARTAO',
  EE: 'ENERGIA ELET',
  DP: 'DUPLICATA',
  FI: 'FINANCIAMENTO',
  CP: 'CRED PESSOAL',
};
const RAMOS: Array<[string, string]> = [
  ['TELECOM', 'PROVEDORES DE ACESSO AS REDES DE COMUNICACOES'],
  ['COMERCIO DE ALIMENTOS', 'COMERCIO VAREJISTA DE MERCADORIAS EM GERAL'],
  ['CONSTRUCOES', 'CONSTRUCAO DE EDIFICIOS'],
  ['TRANSPORTES', 'TRANSPORTE RODOVIARIO DE CARGA'],
  ['INFORMATICA', 'SUPORTE TECNICO EM TECNOLOGIA DA INFORMACAO'],
];
const SEGMENTOS = ['BANCOS', 'FINANCEIRAS', 'VAREJO', 'TELECOM', 'FORNECEDORES'];

/** Dates count back from a fixed day, not from today: the report must not drift over time. */
const REFERENCIA = Date.UTC(2026, 0, 31);
const diasAtras = (days: number) =>
  new Date(REFERENCIA - days * 86_400_000).toISOString().slice(0, 10);

function cpfValido(draw: Draw): string {
  const digits = Array.from({ length: 9 }, () => between(draw, 0, 9));
  for (const size of [9, 10]) {
    const sum = digits.slice(0, size).reduce((acc, d, i) => acc + d * (size + 1 - i), 0);
    const rest = sum % 11;
    digits.push(rest < 2 ? 0 : 11 - rest);
  }
  return digits.join('');
}

function pessoa(draw: Draw, mulher = draw() < 0.5): string {
  const first = pick(draw, mulher ? MULHERES : HOMENS);
  return `${first} ${pick(draw, SOBRENOMES)} ${pick(draw, SOBRENOMES)}`;
}

function anotacoes(draw: Draw, count: number, min: number, max: number, [city, uf]: string[]) {
  return Array.from({ length: count }, (): Anotacao => {
    const [natureza, credor] = draw() < 0.3 ? ['FI', 'BANCO DO POVO SA'] : pick(draw, CREDORES);
    return {
      occurrenceDate: diasAtras(between(draw, 30, 1700)),
      legalNatureId: natureza,
      legalNature: NATUREZAS[natureza],
      contractId: `${natureza}${String(between(draw, 0, 99_999_999)).padStart(8, '0')}`,
      creditorName: credor,
      amount: reais(min + draw() * (max - min)),
      city,
      federalUnit: uf,
      principal: true,
    };
  });
}

export function perfilGerado(document: string): Perfil {
  const draw = drawsFor(document);
  const pj = document.length === 14;
  const [city, state, zipCode, district, areaCode] = pick(draw, CIDADES);
  const endereco: Endereco = {
    addressLine: `${pick(draw, RUAS)}, ${between(draw, 1, 3999)}`,
    district,
    zipCode,
    city,
    state,
  };
  const limpo = draw() < 0.45;
  const local = [city, state];
  const pefin = limpo ? [] : anotacoes(draw, between(draw, 1, 3), 10, 5000, local);
  const refin = limpo ? [] : anotacoes(draw, between(draw, 0, 2), 500, 30000, local);
  const protestos =
    limpo || draw() > 0.3
      ? []
      : [
          {
            occurrenceDate: diasAtras(between(draw, 60, 1500)),
            amount: reais(200 + draw() * 14800),
            officeNumber: String(between(draw, 1, 10)),
            officeName: 'TABELIONATO DE PROTESTO DE TITULOS',
            city,
            federalUnit: state,
          },
        ];
  const ramo = pick(draw, RAMOS);
  const socios = Array.from({ length: between(draw, 1, 2) }, (_, i) => ({
    documentId: cpfValido(draw),
    name: pessoa(draw),
    sinceDate: diasAtras(between(draw, 400, 9000)),
    participationPercentage: i === 0 ? 100 : 50,
  }));
  if (socios.length === 2) socios[0].participationPercentage = 50;
  return {
    nome: pj ? `${pick(draw, SOBRENOMES)} ${ramo[0]} LTDA` : pessoa(draw),
    nomeMae: pj ? undefined : pessoa(draw, true),
    data: diasAtras(pj ? between(draw, 400, 12000) : between(draw, 6600, 27000)),
    situacao: pj ? 'ATIVA' : 'REGULAR',
    endereco,
    telefone: {
      areaCode,
      phoneNumber: pj ? between(draw, 30000000, 39999999) : between(draw, 960000000, 999999999),
    },
    score: limpo ? between(draw, 550, 1000) : between(draw, 0, 520),
    pefin,
    refin,
    protestos,
    cheques: [],
    consultas: Array.from({ length: between(draw, 0, 5) }, (_, i) => ({
      occurrenceDate: diasAtras(1 + i * 17 + between(draw, 0, 10)),
      segmentDescription: pick(draw, SEGMENTOS),
      daysQuantity: 1,
    })),
    empresa: pj
      ? {
          atividade: ramo[1],
          naturezaJuridica: 'SOCIEDADE EMPRESARIA LIMITADA',
          capitalSocial: between(draw, 10, 2000) * 1000,
          socios,
        }
      : undefined,
  };
}
