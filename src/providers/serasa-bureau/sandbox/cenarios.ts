/**
 * The sandbox's test documents and the records each answers with, as field values by layout id
 * (the sandbox encodes them with the shipped layouts). Names and values are invented; record
 * shapes follow research section 4.
 */

/** One response record: its type, and the values of the fields that are not blank. */
export interface RegistroCenario {
  registro: string;
  campos: Record<string, string>;
}

export interface Cenario {
  descricao: string;
  registros: RegistroCenario[];
  /** Answered with this HTTP status instead of a B49C string (fault tests). */
  http?: number;
}

const NADA_CONSTA: RegistroCenario = {
  registro: 'A900',
  campos: {
    A900_CODMSG: '000500',
    A900_MSGRESUMIDA: 'NADA CONSTA',
    A900_MENSAGEM: 'NAO CONSTAM ANOTACOES NEGATIVAS PARA O DOCUMENTO CONSULTADO',
  },
};

function identidade(cpf: string, nome: string, mae: string, nascimento: string): RegistroCenario[] {
  return [
    {
      registro: 'B001',
      campos: { B001_GRAFIA: nome, B001_CPF: cpf, B001_DATANASC: nascimento, B001_SITUACAO: '2' },
    },
    {
      registro: 'B002',
      campos: { B002_DTATUALIZA: '20260901', B002_DATANASC: nascimento, B002_NOMEMAE: mae },
    },
    {
      registro: 'B004',
      campos: {
        B004_ENDERECO: 'RUA DAS FLORES 100',
        B004_BAIRRO: 'CENTRO',
        B004_CIDADE: 'SAO PAULO',
        B004_UF: 'SP',
        B004_CEP: '01001000',
        B004_DESDE: '201903',
      },
    },
  ];
}

function score(pontos: number, taxa: string): RegistroCenario {
  return {
    registro: 'B280',
    campos: {
      B280_DESCSCORE: 'HSPN',
      B280_PONTSCORE: String(pontos),
      B280_TAXASCORE: taxa,
      B280_MSGSCORE: 'PROBABILIDADE DE INADIMPLENCIA',
    },
  };
}

function pefin(
  tipo: '01' | '04',
  data: string,
  valor: string,
  origem: string,
  contrato: string,
): RegistroCenario {
  return {
    registro: 'B358',
    campos: {
      B358_TIPOPEFIN: tipo,
      B358_MODALIDADE: tipo === '01' ? 'OUTRAS OPER' : 'FINANCIAMENT',
      B358_TPANOTACAO: tipo === '01' ? 'V' : 'I',
      B358_DTOCORR: data,
      B358_SIGLAMODAL: tipo === '01' ? 'OO' : 'FI',
      B358_CPF_PRINCIPAL: 'S',
      B358_TPMOEDA: 'R$',
      B358_VALOR: valor,
      B358_CONTRATO: contrato,
      B358_ORIGEM: origem,
      B358_FILIAL: 'SAO',
      B358_QUANTIDADE: '1',
    },
  };
}

function consulta(data: string, origem: string): RegistroCenario {
  return {
    registro: 'B354',
    campos: {
      B354_DTOCORR: data,
      B354_ORIGEM: origem,
      B354_MODALIDADE: 'CREDITO',
      B354_TIPOMOEDA: 'R$',
    },
  };
}

/** Enough B354 records to need a second part (99 records per part). */
function muitasConsultas(quantidade: number): RegistroCenario[] {
  return Array.from({ length: quantidade }, (_, i) =>
    consulta(
      `2026${String((i % 9) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}`,
      `LOJA ${i + 1}`,
    ),
  );
}

export const CENARIOS: Record<string, Cenario> = {
  '00000000191': {
    descricao:
      'CPF sem anotacoes negativas: identificacao, score e A900 "NAO CONSTAM ANOTACOES NEGATIVAS"',
    registros: [
      ...identidade('00000000191', 'MARIA DA SILVA TESTE', 'ANA DA SILVA', '19850412'),
      score(842, '02,1'),
      NADA_CONSTA,
    ],
  },
  '00000000272': {
    descricao:
      'CPF com 3 PEFIN e 1 REFIN (B357/B358), cheque sem fundo (B359/B360), 2 protestos (B361/B362), 3 consultas e score',
    registros: [
      ...identidade('00000000272', 'JOAO PEREIRA TESTE', 'LUCIA PEREIRA', '19790228'),
      score(312, '28,4'),
      {
        registro: 'B357',
        campos: {
          B357_QTDETOTAL: '3',
          B357_DESCRICAO: 'PENDENCIA FINANCEIRA',
          B357_DATAMENOR: '202503',
          B357_DATAMAIOR: '202607',
          B357_TIPMOEDA: 'R$',
          B357_VLR_ULTIMA: '45000',
          B357_ORIGEM: 'TELEFONIA XYZ',
          B357_TIPOPEFIN: '01',
          B357_VALTOTAL: '172550',
        },
      },
      {
        registro: 'B357',
        campos: {
          B357_QTDETOTAL: '1',
          B357_DESCRICAO: 'REFIN',
          B357_DATAMENOR: '202411',
          B357_DATAMAIOR: '202411',
          B357_TIPMOEDA: 'R$',
          B357_VLR_ULTIMA: '980000',
          B357_ORIGEM: 'BANCO ABC',
          B357_TIPOPEFIN: '04',
          B357_VALTOTAL: '980000',
        },
      },
      pefin('01', '20250315', '25050', 'TELEFONIA XYZ', 'CT-2025-001'),
      pefin('01', '20260110', '102500', 'VAREJO BOM PRECO', 'PED-88121'),
      pefin('01', '20260722', '45000', 'TELEFONIA XYZ', 'CT-2026-044'),
      pefin('04', '20241105', '980000', 'BANCO ABC', 'FIN-77001'),
      {
        registro: 'B359',
        campos: {
          B359_QTDETOTAL: '1',
          B359_DESCRICAO: 'CHEQUE SEM FUNDO',
          B359_DATAMENOR: '202602',
          B359_DATAMAIOR: '202602',
          B359_TIPMOEDA: 'R$',
          B359_VLR_ULTIMA: '35000',
          B359_ORIGEM: 'BANCO DO TESTE',
        },
      },
      {
        registro: 'B360',
        campos: {
          B360_DTOCORR: '20260214',
          B360_NUMCHEQUE: '000123',
          B360_QTDE: '1',
          B360_TIPOMOEDA: 'R$',
          B360_VALOR: '35000',
          B360_BANCO: 'BANCO DO TESTE',
          B360_CONTA: '12345',
          B360_AGENCIA: '1',
          B360_CIDADE: 'CAMPINAS',
          B360_UF: 'SP',
          B360_QTDEOCORR: '1',
        },
      },
      {
        registro: 'B361',
        campos: {
          B361_QTDETOTAL: '2',
          B361_DESCRICAO: 'PROTESTO',
          B361_DATAMENOR: '202508',
          B361_DATAMAIOR: '202604',
          B361_TIPMOEDA: 'R$',
          B361_VALOR: '210000',
          B361_CIDADE: 'SAO PAULO',
          B361_UF: 'SP',
        },
      },
      {
        registro: 'B362',
        campos: {
          B362_DTOCORR: '20250819',
          B362_VALOR: '60000',
          B362_CARTORIO: '02',
          B362_CIDADE: 'SAO PAULO',
          B362_UF: 'SP',
        },
      },
      {
        registro: 'B362',
        campos: {
          B362_DTOCORR: '20260402',
          B362_VALOR: '150000',
          B362_CARTORIO: '05',
          B362_CIDADE: 'SAO PAULO',
          B362_UF: 'SP',
        },
      },
      consulta('20261020', 'VAREJO BOM PRECO'),
      consulta('20260915', 'FINANCEIRA RAPIDA'),
      consulta('20260802', 'TELEFONIA XYZ'),
    ],
  },
  '00000000353': {
    descricao:
      'CPF com 150 consultas: a resposta vem em duas partes (FUNCAO CON, "STRING PARCIAL")',
    registros: [
      ...identidade('00000000353', 'CARLOS SOUZA TESTE', 'HELENA SOUZA', '19900101'),
      ...muitasConsultas(150),
      NADA_CONSTA,
    ],
  },
  '00000000434': {
    descricao: 'responde HTTP 500 (falha do host)',
    registros: [],
    http: 500,
  },
  '11222333000181': {
    descricao: 'CNPJ com grafia (B381) e 1 REFIN (B389)',
    registros: [
      {
        registro: 'B381',
        campos: {
          B381_GRAFIA: 'EMPRESA TESTE COMERCIO LTDA',
          B381_CNPJ: '11222333',
          B381_SITUACAORECEITA: '2',
        },
      },
      {
        registro: 'B389',
        campos: {
          B389_MODALIDADE: 'EMPRESTIMO',
          B389_DATAOCORR: '20260305',
          B389_TPMOEDA: 'R$',
          B389_VALOR: '1500000',
          B389_ORIGEM: 'BANCO ABC',
          B389_FILIAL: 'SAO',
          B389_QUANTIDADE: '1',
        },
      },
    ],
  },
};

/** Any other document: identified, nothing negative. */
export function cenarioPadrao(documento: string): Cenario {
  const cpf = documento.length <= 11;
  return {
    descricao: 'documento sem cenario proprio: identificacao e nada consta',
    registros: cpf
      ? [
          ...identidade(documento, `PESSOA TESTE ${documento.slice(-4)}`, 'MAE TESTE', '19800101'),
          NADA_CONSTA,
        ]
      : [
          {
            registro: 'B381',
            campos: {
              B381_GRAFIA: `EMPRESA TESTE ${documento.slice(-6)}`,
              B381_CNPJ: documento.slice(0, 8),
              B381_SITUACAORECEITA: '2',
            },
          },
          NADA_CONSTA,
        ],
  };
}
