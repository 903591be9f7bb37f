import { anotacao, consultas, pj, protesto, SP, vazio } from './fixture-helpers.js';
import { CNPJ_HOMOLOGACAO_RELATORIOS, MASSA_TESTE } from './magic.js';
import type { Perfil } from './report-profile.js';

/**
 * Fixed reports for Serasa's homologation companies and the UAT report CNPJ (names from research §3.8; everything else
 * invented, creditor names included). Hand-written so demos and tests can rely on exact values:
 * some carry PEFIN, REFIN, protests and bounced cheques, others are clean.
 */
export const PERFIS_PJ: Record<string, Perfil> = {
  '43557445000180': pj(MASSA_TESTE['43557445000180'], {
    data: '2021-08-16',
    endereco: {
      addressLine: 'AVENIDA DAS NACOES, 3000',
      district: 'ASA SUL',
      zipCode: '70200001',
      city: 'BRASILIA',
      state: 'DF',
    },
    telefone: { areaCode: 61, phoneNumber: 33224455 },
    score: 380,
    pefin: [
      anotacao('2025-07-01', 'AL', 'LOC-2025-17', 'IMOBILIARIA CAPITAL LTDA', 18500, [
        'BRASILIA',
        'DF',
      ]),
    ],
    refin: [],
    protestos: [protesto('2025-04-22', 9870.5, '1', 'BRASILIA', 'DF')],
    cheques: [],
    consultas: consultas(['2026-01-20', 'FORNECEDORES'], ['2025-11-11', 'BANCOS']),
    empresa: {
      atividade: 'ATIVIDADES DE EXPLORACAO DE INSTALACOES ESPORTIVAS',
      naturezaJuridica: 'SOCIEDADE EMPRESARIA LIMITADA',
      capitalSocial: 500000,
      socios: [
        {
          documentId: '00001209523',
          name: 'CLIENTE TESTE ABCB',
          sinceDate: '2021-08-16',
          participationPercentage: 100,
        },
      ],
    },
  }),
  '00079854000105': pj(MASSA_TESTE['00079854000105'], {
    data: '1998-02-02',
    endereco: SP,
    telefone: { areaCode: 11, phoneNumber: 32105566 },
    score: 870,
    ...vazio,
    consultas: consultas(['2026-01-05', 'FORNECEDORES']),
    empresa: {
      atividade: 'COMERCIO ATACADISTA DE MERCADORIAS EM GERAL',
      naturezaJuridica: 'SOCIEDADE ANONIMA FECHADA',
      capitalSocial: 2500000,
      socios: [
        {
          documentId: '11572467886',
          name: 'TST FLEX',
          sinceDate: '2005-06-01',
          participationPercentage: 60,
        },
      ],
    },
  }),
  [CNPJ_HOMOLOGACAO_RELATORIOS]: pj('EMPRESA TESTE HOMOLOGACAO LTDA', {
    data: '2010-03-15',
    endereco: {
      addressLine: 'AVENIDA PAULISTA, 1000',
      district: 'BELA VISTA',
      zipCode: '01310100',
      city: 'SAO PAULO',
      state: 'SP',
    },
    telefone: { areaCode: 11, phoneNumber: 30304040 },
    score: 712,
    pefin: [anotacao('2025-10-10', 'DP', 'NF-000981', 'DISTRIBUIDORA SUL LTDA', 2310.25)],
    refin: [],
    protestos: [],
    cheques: [],
    consultas: consultas(
      ['2026-02-10', 'BANCOS'],
      ['2026-01-30', 'FORNECEDORES'],
      ['2026-01-12', 'FACTORING'],
    ),
    empresa: {
      atividade: 'DESENVOLVIMENTO DE PROGRAMAS DE COMPUTADOR SOB ENCOMENDA',
      naturezaJuridica: 'SOCIEDADE EMPRESARIA LIMITADA',
      capitalSocial: 150000,
      socios: [
        {
          documentId: '16881670052',
          name: 'TST PEFIN',
          sinceDate: '2010-03-15',
          participationPercentage: 50,
        },
        {
          documentId: '04236798484',
          name: 'NCUH KLCOHKKHH ECAJAE NCGMLU',
          sinceDate: '2012-01-09',
          participationPercentage: 50,
        },
      ],
    },
  }),
};
