import { anotacao, cheque, consultas, pf, protesto, SP, vazio } from './fixture-helpers.js';
import type { Perfil } from './report-profile.js';

/**
 * Fixed reports for Serasa's homologation documents (names from research §3.8; everything else
 * invented, creditor names included). Hand-written so demos and tests can rely on exact values:
 * some carry PEFIN, REFIN, protests and bounced cheques, others are clean.
 */
export const PERFIS_PF: Record<string, Perfil> = {
  '00001209523': pf('00001209523', {
    nomeMae: 'MARIA TESTE ABCB',
    data: '1985-03-12',
    endereco: SP,
    telefone: { areaCode: 11, phoneNumber: 987654321 },
    score: 312,
    pefin: [
      anotacao('2025-02-10', 'TI', 'NET-0045521', 'NETLINK PROVEDOR DE INTERNET LTDA', 239.8),
      anotacao('2024-09-05', 'CD', 'CRD991827', 'LOJAS PAULISTANAS SA', 1180.45),
    ],
    refin: [anotacao('2024-06-20', 'FI', 'FIN20240001', 'BANCO DO POVO SA', 5432.1)],
    protestos: [],
    cheques: [],
    consultas: consultas(
      ['2026-01-15', 'BANCOS'],
      ['2025-12-02', 'TELECOM'],
      ['2025-11-20', 'VAREJO'],
    ),
  }),
  '00008441448': pf('00008441448', {
    nomeMae: 'JOANA OIOIE',
    data: '1972-11-30',
    endereco: {
      addressLine: 'AVENIDA RIO BRANCO, 45',
      district: 'CENTRO',
      zipCode: '20090003',
      city: 'RIO DE JANEIRO',
      state: 'RJ',
    },
    telefone: { areaCode: 21, phoneNumber: 976543210 },
    score: 455,
    pefin: [
      anotacao('2025-05-18', 'TP', 'TEL-7781', 'TELEFONIA CARIOCA SA', 89.9, [
        'RIO DE JANEIRO',
        'RJ',
      ]),
    ],
    refin: [],
    protestos: [protesto('2024-11-04', 2750, '2', 'RIO DE JANEIRO', 'RJ')],
    cheques: [],
    consultas: consultas(['2026-02-01', 'FINANCEIRAS']),
  }),
  // "Sem positivo": no Cadastro Positivo history, clean negative record.
  '07420565899': pf('07420565899', {
    nomeMae: 'TESTE MAE SEM POSITIVO',
    data: '1999-07-01',
    endereco: {
      addressLine: 'RUA DA BAHIA, 1200',
      district: 'CENTRO',
      zipCode: '30160011',
      city: 'BELO HORIZONTE',
      state: 'MG',
    },
    telefone: { areaCode: 31, phoneNumber: 991112233 },
    score: 520,
    ...vazio,
    consultas: [],
  }),
  '04236798484': pf('04236798484', {
    nomeMae: 'ECAJAE NCGMLU KLCOHKKHH',
    data: '1968-01-25',
    endereco: {
      addressLine: 'RUA DO BOM JESUS, 220',
      district: 'RECIFE',
      zipCode: '50030170',
      city: 'RECIFE',
      state: 'PE',
    },
    telefone: { areaCode: 81, phoneNumber: 988776655 },
    score: 128,
    pefin: [
      anotacao('2025-08-30', 'CT', 'CARD55501234', 'CARTOES NORDESTE SA', 3120.77, [
        'RECIFE',
        'PE',
      ]),
      anotacao('2025-03-14', 'EE', 'UC-88120', 'CIA ENERGETICA TESTE SA', 412.36, ['RECIFE', 'PE']),
      anotacao('2024-12-01', 'TI', 'ISP-002231', 'FIBRA RAPIDA TELECOM LTDA', 159.9, [
        'OLINDA',
        'PE',
      ]),
    ],
    refin: [
      anotacao('2024-04-11', 'CP', 'CP-443210', 'FINANCEIRA ALFA SA', 8900, ['RECIFE', 'PE']),
    ],
    protestos: [],
    cheques: [cheque('2023-10-09', '000145', 650)],
    consultas: consultas(
      ['2026-01-28', 'BANCOS'],
      ['2026-01-10', 'FINANCEIRAS'],
      ['2025-12-22', 'VAREJO'],
      ['2025-12-05', 'TELECOM'],
    ),
  }),
  '16881670052': pf('16881670052', {
    nomeMae: 'MAE TST PEFIN',
    data: '1990-09-09',
    endereco: {
      addressLine: 'RUA XV DE NOVEMBRO, 700',
      district: 'CENTRO',
      zipCode: '80020310',
      city: 'CURITIBA',
      state: 'PR',
    },
    telefone: { areaCode: 41, phoneNumber: 999001122 },
    score: 401,
    pefin: [
      anotacao('2025-06-06', 'DP', 'DUP-2025-0606', 'DISTRIBUIDORA SUL LTDA', 1530, [
        'CURITIBA',
        'PR',
      ]),
    ],
    refin: [],
    protestos: [],
    cheques: [],
    consultas: consultas(['2025-12-18', 'VAREJO']),
  }),
  '11572467886': pf('11572467886', {
    nomeMae: 'MAE TST FLEX',
    data: '1983-04-17',
    endereco: {
      addressLine: 'AVENIDA BRASIL, 1500',
      district: 'JARDIM AMERICA',
      zipCode: '01430001',
      city: 'SAO PAULO',
      state: 'SP',
    },
    telefone: { areaCode: 11, phoneNumber: 955443322 },
    score: 648,
    pefin: [],
    refin: [anotacao('2025-01-22', 'FI', 'VEIC-7788', 'BANCO DO POVO SA', 12850.4)],
    protestos: [],
    cheques: [],
    consultas: consultas(['2026-02-03', 'BANCOS'], ['2026-01-07', 'BANCOS']),
  }),
};
