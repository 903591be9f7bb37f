import { createHash } from 'node:crypto';

/**
 * Serasa's PEFIN homologation test mass (PEFIN V8, research §3.8): the only documents UAT lets
 * you negativar. The sandbox also answers credit reports for them, and for the UAT CNPJ
 * 50638274000189; any other valid document gets a report generated from its digits, so the
 * same document always gives the same report.
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
  '50638274000189': 'EMPRESA TESTE HOMOLOGACAO LTDA',
};

/** Magic documents. */
export const NAO_ENCONTRADO_CPF = '11144477735';
export const NAO_ENCONTRADO_CNPJ = '11222333000181';
export const LIMITE_EXCEDIDO_CPF = '52998224725';
export const PRODUTOS_NAO_CONTRATADOS = ['PRODUTO_NAO_CONTRATADO'];
export const FEATURES_INVALIDAS = ['FEATURE_INEXISTENTE'];

const FIRST = [
  'MARIA',
  'JOSE',
  'ANA',
  'JOAO',
  'FRANCISCA',
  'ANTONIO',
  'ADRIANA',
  'CARLOS',
  'JULIANA',
  'PAULO',
];
const LAST = [
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
];
const CREDORES = [
  'BANCO EXEMPLO SA',
  'LOJAS MODELO LTDA',
  'TELEFONICA TESTE SA',
  'FINANCEIRA ALFA SA',
];
const NATUREZAS = [
  ['CD', 'CREDIARIO'],
  ['TI', 'SERV DADOS'],
  ['CT', 'CRED CARTAO'],
  ['FI', 'FINANCIAMENTO'],
];

function seeded(document: string): () => number {
  let state = createHash('sha256').update(document).digest().readUInt32BE(0);
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function pendencias(random: () => number, kind: string, count: number) {
  const items = Array.from({ length: count }, (_, i) => {
    const [natureId, nature] = NATUREZAS[Math.floor(random() * NATUREZAS.length)];
    return {
      occurrenceDate: `202${4 + (i % 2)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      legalNatureId: natureId,
      legalNature: nature,
      contractId: `${kind.toUpperCase()}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
      creditorName: CREDORES[Math.floor(random() * CREDORES.length)],
      amount: Math.round(random() * 500_000) / 100 + 10,
      city: 'SAO PAULO',
      federalUnit: 'SP',
    };
  });
  const balance = Math.round(items.reduce((sum, item) => sum + item.amount, 0) * 100) / 100;
  return { [`${kind}Response`]: items, summary: { count, balance } };
}

/** A PF (`person-information-report`) or PJ (`business-information-report`) answer. */
export function buildReport(document: string, reportName: string, features: string[]) {
  const random = seeded(document);
  const pj = document.length === 14;
  const name =
    MASSA_TESTE[document] ??
    (pj
      ? `${LAST[Math.floor(random() * LAST.length)]} COMERCIO LTDA`
      : `${FIRST[Math.floor(random() * FIRST.length)]} ${LAST[Math.floor(random() * LAST.length)]} ${LAST[Math.floor(random() * LAST.length)]}`);
  // "TESTE CPF SEM POSITIVO" keeps a clean record; the others carry a few negatives.
  const clean = document === '07420565899';
  const count = (max: number) => (clean ? 0 : Math.floor(random() * (max + 1)));
  const negativeData = {
    pefin: pendencias(random, 'pefin', count(3)),
    refin: pendencias(random, 'refin', count(2)),
    notary: pendencias(random, 'notary', count(1)),
    check: pendencias(random, 'check', count(1)),
  };
  const score = {
    score: Math.floor(random() * 1000),
    scoreModel: pj ? 'H4PJ' : 'HRLD',
    defaultRate: `${(random() * 30).toFixed(1).replace('.', ',')}`,
  };
  const inquiryCount = 1 + Math.floor(random() * 6);
  const inquiry = {
    inquiryResponse: Array.from({ length: inquiryCount }, (_, i) => ({
      occurrenceDate: `2026-0${1 + (i % 9)}-1${i % 9}`,
      segmentDescription: ['BANCOS', 'VAREJO', 'TELECOM'][i % 3],
      daysQuantity: 1 + (i % 3),
    })),
    summary: { count: inquiryCount },
  };
  const address = {
    addressLine: 'RUA EXEMPLO, 123',
    district: 'CENTRO',
    zipCode: '01001000',
    country: 'BRA',
    city: 'SAO PAULO',
    state: 'SP',
  };
  if (pj) {
    return {
      reports: [
        {
          reportName,
          identificationReport: {
            documentNumber: document,
            companyName: name,
            statusRegistration: 'ATIVA',
            foundationDate: '2010-03-15',
            address,
          },
          pefinResponse: negativeData.pefin,
          refinResponse: negativeData.refin,
          notaryResponse: negativeData.notary,
          checkResponse: negativeData.check,
          score,
          inquiryCompanyResponse: inquiry,
        },
      ],
      optionalFeatures: Object.fromEntries(features.map((f) => [f, { status: 'OK' }])),
    };
  }
  return {
    reports: [
      {
        reportName,
        registration: {
          documentNumber: document,
          consumerName: name,
          motherName: 'MAE DE TESTE',
          birthDate: '1980-05-10',
          statusRegistration: 'REGULAR',
          address,
          phone: { regionCode: 55, areaCode: 11, phoneNumber: 974063008 },
        },
        negativeData,
        score,
        facts: {
          inquiry,
          stolenDocuments: { stolenDocumentsResponse: [], summary: { count: 0, balance: 0 } },
        },
      },
    ],
    optionalFeatures: Object.fromEntries(features.map((f) => [f, { status: 'OK' }])),
  };
}
